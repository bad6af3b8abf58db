"""``invoke serve``: the live preview on localhost.

The site is built with ``PREVIEW = True`` (drafts and scheduled posts shown) into
``.cache/preview/`` (never ``output/``, which only ``invoke build`` writes: an owner may upload it
by hand, and it must not hold drafts or localhost addresses) and served on 127.0.0.1. A watcher
rebuilds it when content, theme, plugins, rules or settings change.

Builds run in a worker process that stays up between edits, so nothing is imported again and
the objects of its last complete build stay in memory: when only the body of one content file
changed, its pages are written at once (:mod:`passaparola.preview.fast_render`), then the complete build
follows. A change to the theme, the plugins, this package or the settings starts a fresh worker,
so edited code is always the code that runs, and a crash never takes the server down; a failed
build leaves the last good site in place (the build driver only swaps in a complete site).

Live reload works without any inline script, which the site's Content-Security-Policy forbids:
HTML responses get ``<script src="/__passaparola/reload.js?v=N&s=M" defer>`` added on the way
out (never written to the site's files): N is the page's version (the number of the last build that
changed its file), M the number of the last change of the build status. The script long-polls
``/__passaparola/status``, which answers as soon as either moves: a new version reloads the page,
a failed build shows a banner listing the problems, as the terminal does.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from passaparola.build.driver import BuildFailed, BuildMemory, BuildSuperseded, build, load_settings
from passaparola.build.report import format_summary, summarize_site
from passaparola.i18n import owner_language, tool_gettext

PREFIX = "/__passaparola/"
RELOAD_SCRIPT = Path(__file__).parent / "reload.js"
# What a change to triggers a rebuild: the content, how it looks, how it is made, the settings.
WATCHED_FOLDERS = ("content", "theme", "plugins", "passaparola")
WATCHED_FILES = ("pelicanconf.py",)
STATUS_WAIT_SECONDS = 20  # how long a status request waits for news before answering anyway
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


# Where the preview builds the site, relative to the project: apart from output/ (see above).
PREVIEW_OUTPUT = Path(".cache") / "preview"


def preview_output(project: Path) -> Path:
    """The folder the preview builds into and serves."""
    return Path(project).resolve() / PREVIEW_OUTPUT


def preview_overrides(port: int) -> dict[str, Any]:
    """Settings of the preview: drafts and future posts shown, links on this server."""
    return {"PREVIEW": True, "WITH_FUTURE_DATES": True, "SITEURL": "",
            "PREVIEW_SITEURL": f"http://localhost:{port}"}


@dataclass
class PreviewState:
    """The outcome of the latest builds, shared by the build loop and the request handlers."""

    build: int = 0  # successful builds (fast renders included)
    complete: int = 0  # successful complete builds
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    title: str = ""
    serial: int = 0  # moves whenever ``ok`` or ``problems`` change
    versions: dict[str, int] = field(default_factory=dict)  # site file -> last build changing it
    lock: threading.Condition = field(default_factory=threading.Condition)  # notified on news

    def published(self, paths: list[str], complete: bool = True) -> None:
        """A build (or fast render) succeeded and changed these site files."""
        with self.lock:
            self.build += 1
            self.complete += complete
            for path in paths:
                self.versions[path] = self.build
            if not self.ok or self.problems:
                self.serial += 1
            self.ok, self.problems = True, []
            self.lock.notify_all()

    def failed(self, problems: list[str]) -> None:
        with self.lock:
            if self.ok or self.problems != problems:
                self.serial += 1
            self.ok, self.problems = False, problems
            self.lock.notify_all()

    def status(self, page: str) -> dict[str, Any]:
        """The build status and the version of ``page`` (a site file)."""
        with self.lock:
            return {"build": self.build, "complete": self.complete,
                    "version": self.versions.get(page, 0), "serial": self.serial,
                    "ok": self.ok, "title": self.title, "problems": list(self.problems)}

    def wait_for_news(self, page: str, version: int, serial: int, timeout: float) -> dict[str, Any]:
        """The status, once the page's version or the status differs from what the page has."""
        with self.lock:
            self.lock.wait_for(lambda: self.versions.get(page, 0) != version
                               or self.serial != serial, timeout=timeout)
            return self.status(page)


def page_key(url_path: str) -> str:
    """The site file a URL path shows: ``/consigli/x/`` -> ``consigli/x/index.html``."""
    path = unquote(url_path).lstrip("/")
    return path + "index.html" if not path or path.endswith("/") else path


def inject_reload_script(html: bytes, version: int, serial: int = 0) -> bytes:
    """The page with the reload script added at the end of its head (or body)."""
    tag = f'<script src="{PREFIX}reload.js?v={version}&amp;s={serial}" defer></script>'.encode()
    for pattern in (_HEAD_END, _BODY_END):
        match = pattern.search(html)
        if match:
            return html[: match.start()] + tag + html[match.start():]
    return html + tag


class PreviewHTTPServer(ThreadingHTTPServer):
    """The preview's HTTP server: a browser closing a page mid-answer is not an error to print."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the preview's site like a static host, plus the reload script and the build status."""

    state: PreviewState

    def __init__(self, *args, state: PreviewState, editor=None, project: Path | None = None, **kwargs):
        self.state = state
        self.editor = editor  # passaparola.editor.endpoint.EditorEndpoint: /admin/ and /api/v1
        self.project = project  # the project folder: the social kit is kit/ beside its content
        super().__init__(*args, **kwargs)

    def do_POST(self) -> None:  # noqa: N802 - BaseHTTPRequestHandler's name
        from passaparola.editor.endpoint import API_PATH

        if self.editor is not None and urlsplit(self.path).path == API_PATH:
            self.editor.post(self)
        else:
            self.send_error(405)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Requests are not logged: the terminal is for build news and problems."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _bytes(self, data: bytes, content_type: str, status: int = 200) -> io.BytesIO:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)

    def _html(self, path: Path, key: str, status: int = 200) -> io.BytesIO:
        with self.state.lock:
            version, serial = self.state.versions.get(key, 0), self.state.serial
            page = inject_reload_script(path.read_bytes(), version, serial)
        return self._bytes(page, "text/html; charset=utf-8", status)

    def _status(self, query: str) -> io.BytesIO:
        """The build status; with ``wait``, only once the page's version or the status moved."""
        asked = {k: v[-1] for k, v in parse_qs(query).items()}
        page = page_key(asked.get("page", "/"))
        if "wait" not in asked:
            news = self.state.status(page)
        else:
            try:
                version, serial = int(asked.get("v", "0")), int(asked.get("s", "0"))
            except ValueError:
                version, serial = 0, 0
            news = self.state.wait_for_news(page, version, serial, STATUS_WAIT_SECONDS)
        return self._bytes(json.dumps(news, ensure_ascii=False).encode("utf-8"), "application/json")

    def send_head(self):  # noqa: D401 - SimpleHTTPRequestHandler's hook
        parts = urlsplit(self.path)
        url_path = parts.path
        if url_path == PREFIX + "reload.js":
            return self._bytes(RELOAD_SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        if url_path == PREFIX + "status":
            return self._status(parts.query)
        if self.editor is not None and url_path == "/admin/" and self.editor.pair(self, parts.query):
            return None
        if url_path == "/kit" or url_path.startswith("/kit/"):  # the social kit, preview only
            from passaparola.kit.preview import kit_response

            return self._bytes(*kit_response(self.project, url_path))
        target = Path(self.translate_path(self.path))
        if target.is_dir() and url_path.endswith("/"):
            target = target / "index.html"
        # The editor's page is not reloaded by a rebuild: it would lose what the owner is typing.
        if target.is_file() and target.suffix == ".html" and not url_path.startswith("/admin/"):
            return self._html(target, page_key(url_path))
        if not target.exists():
            not_found = Path(self.directory) / "404.html"
            if not_found.is_file():
                return self._html(not_found, page_key(url_path), 404)
        return super().send_head()


def _remove_in_background(folder: Path) -> None:
    """The previous preview site is removed while the browser already shows the new one."""
    threading.Thread(target=shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True},
                     name="passaparola-remove-old-site", daemon=True).start()


class PreviewWorker:
    """The build side of the preview, in a process of its own that stays up between edits.

    It reads requests (JSON lines: ``{"changed": [paths]}``) and answers each with outcomes
    (JSON lines): ``{"phase": "fast", ...}`` when the edited file's pages were written at once,
    then ``{"phase": "complete", ...}`` for the complete build.
    """

    def __init__(self, project: Path, port: int, requests: int, answers) -> None:
        self.project = project
        self.port = port
        self.requests = requests  # a file descriptor
        self.answers = answers
        self.pending = b""
        self.memory: BuildMemory | None = None
        self.headers: dict[str, str] = {}
        self.lang = owner_language(load_settings(project).get("DEFAULT_LANG"))

    def _answer(self, outcome: dict[str, Any]) -> None:
        self.answers.write(json.dumps(outcome, ensure_ascii=False) + "\n")
        self.answers.flush()

    def _read_requests(self, wait: bool) -> bool:
        """Read what came in, until a whole request is there (or, unless ``wait``, until nothing
        more is ready); whether a whole request is there."""
        while b"\n" not in self.pending:
            if not wait and not select.select([self.requests], [], [], 0)[0]:
                return False
            chunk = os.read(self.requests, 65536)
            if not chunk:
                return False  # the server has gone
            self.pending += chunk
        return True

    def _has_request(self) -> bool:
        """Whether another request came in (the build under way is then out of date)."""
        return self._read_requests(wait=False)

    def _next_request(self) -> dict[str, Any] | None:
        if not self._read_requests(wait=True):
            return None
        line, self.pending = self.pending.split(b"\n", 1)
        return json.loads(line)

    def _remember(self, memory: BuildMemory) -> None:
        from passaparola.preview.fast_render import remember_headers

        self.memory, self.headers = memory, remember_headers(memory)

    def fast(self, changed: list[str]) -> None:
        from passaparola.preview.fast_render import fast_render

        if self.memory is None or len(changed) != 1:
            return
        outcome = fast_render(self.memory, self.headers, Path(changed[0]))
        if outcome is None:
            return
        if outcome.problems:
            self._answer({"phase": "fast", "ok": False,
                          "problems": [str(p) for p in outcome.problems]})
        else:
            self._answer({"phase": "fast", "ok": True, "changed": outcome.written})

    def complete(self) -> None:
        from pelican.contents import Content

        # Pelican memoizes rendered bodies per object for the life of the process: without
        # this, every build would keep the previous builds' objects alive.
        for method in ("get_content", "get_summary"):
            getattr(Content.__dict__.get(method), "cache", {}).clear()
        try:
            result = build(self.project, overrides=preview_overrides(self.port),
                           output_dir=preview_output(self.project), force=self.memory is None,
                           remember=self._remember,
                           superseded=self._has_request, discard=_remove_in_background)
        except BuildSuperseded:
            self._answer({"phase": "complete", "ok": True, "superseded": True, "changed": []})
            return
        except BuildFailed as failure:
            self._answer({"phase": "complete", "ok": False,
                          "problems": [str(p) for p in failure.problems]})
            return
        except Exception as error:  # noqa: BLE001 - settings or plugin code broken: shown, not raised
            self._answer({"phase": "complete", "ok": False,
                          "problems": [f"{type(error).__name__}: {error}"]})
            return
        self._answer({"phase": "complete", "ok": True, "changed": result.changed_paths,
                      "summary": format_summary(summarize_site(result.output_dir),
                                                result.seconds, self.lang)})

    def run(self) -> None:
        while (request := self._next_request()) is not None:
            self.fast(request.get("changed") or [])
            self.complete()


class WorkerClient:
    """The server's side of a :class:`PreviewWorker`: starts it, sends edits as they happen, and
    hands each outcome to ``on_outcome`` from a reading thread.

    Edits are sent at once, even while a build runs, so the worker can drop a build whose content
    already changed again and get to the newest edit sooner.
    """

    def __init__(self, project: Path, port: int, on_outcome) -> None:
        self.project = project
        self.port = port
        self.on_outcome = on_outcome
        self.process: subprocess.Popen | None = None
        self.log = project / ".cache" / "preview-worker.log"
        self.lock = threading.Lock()

    def start(self) -> None:
        """A fresh worker (the code and settings are loaded again)."""
        self.stop()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.lock, self.log.open("w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "passaparola.preview.server", "--worker", "--project",
                 str(self.project), "--port", str(self.port)],
                cwd=self.project, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                text=True, encoding="utf-8", bufsize=1)
            threading.Thread(target=self._read, args=(self.process,), name="passaparola-worker",
                             daemon=True).start()

    def stop(self) -> None:
        with self.lock:
            process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def send(self, changed: list[str]) -> None:
        """Ask for a build after these changes (a fresh worker if the last one died)."""
        for _attempt in range(2):
            with self.lock:
                process = self.process if self.process and self.process.poll() is None else None
            if process is None:
                self.start()
                continue
            try:
                process.stdin.write(json.dumps({"changed": changed}) + "\n")
                process.stdin.flush()
                return
            except (BrokenPipeError, ValueError):
                self.start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.on_outcome(json.loads(line))
        process.wait()
        with self.lock:
            stopped_by_us = self.process is not process
            if not stopped_by_us:
                self.process = None
        if not stopped_by_us:
            detail = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            self.on_outcome({"phase": "complete", "ok": False,
                             "problems": detail[-5:] or ["build process failed"]})


def _watched_paths(project: Path) -> list[Path]:
    paths = [project / name for name in WATCHED_FOLDERS + WATCHED_FILES]
    return [path for path in paths if path.exists()]


def _relevant(path: str) -> bool:
    parts = Path(path).parts
    return not any(part == "__pycache__" or part.startswith(".") for part in parts) \
        and not path.endswith((".pyc", "~", ".swp", ".partial"))


def watch_changes(project: Path, stop: threading.Event):
    """Yield the set of changed paths each time something relevant changes."""
    try:
        from watchfiles import watch
    except ImportError:  # watchfiles comes with Pelican; polling keeps serve working without it
        yield from _poll_changes(project, stop)
        return
    for changes in watch(*_watched_paths(project), stop_event=stop, debounce=300, step=100,
                         watch_filter=lambda _change, path: _relevant(path)):
        yield {path for _change, path in changes}


def _snapshot(project: Path) -> dict[str, float]:
    snapshot = {}
    for root in _watched_paths(project):
        for path in [root, *root.rglob("*")] if root.is_dir() else [root]:
            if path.is_file() and _relevant(str(path)):
                snapshot[str(path)] = path.stat().st_mtime
    return snapshot


def _poll_changes(project: Path, stop: threading.Event):
    previous = _snapshot(project)
    while not stop.wait(0.5):
        current = _snapshot(project)
        if current != previous:
            changed = {p for p in current.keys() | previous.keys() if current.get(p) != previous.get(p)}
            previous = current
            yield changed


class PreviewServer:
    """Build, serve and rebuild on change; ``run()`` blocks until Ctrl+C."""

    def __init__(self, project: Path | str = ".", port: int = 8000, echo=print,
                 lan_address: str | None = None):
        self.project = Path(project).resolve()
        self.port = port
        self.echo = echo
        self.lan_address = lan_address  # the wifi address to answer on too (``--lan``), or None
        settings = load_settings(self.project)
        self.output = preview_output(self.project)
        self._ = tool_gettext(owner_language(settings.get("DEFAULT_LANG")))
        self.state = PreviewState(title=self._(
            "The site was not rebuilt: fix these problems (you are seeing the last good version)"))
        self.stop = threading.Event()
        self.worker = WorkerClient(self.project, port, self.on_outcome)
        self.first_build_done = threading.Event()

    def _needs_fresh_worker(self, changed: set[str]) -> bool:
        """A change outside content/ may be code or settings the worker already loaded."""
        content = self.project / "content"
        return any(not Path(p).resolve().is_relative_to(content) for p in changed)

    def on_outcome(self, outcome: dict[str, Any]) -> None:
        """Publish a worker's outcome to the browser and the terminal."""
        _ = self._
        if outcome.get("superseded"):
            return
        if outcome["ok"]:
            self.state.published(outcome["changed"], complete=outcome["phase"] == "complete")
            if outcome["phase"] == "complete":
                self.echo(_("Rebuilt: {summary}").format(summary=outcome["summary"]))
        else:
            self.state.failed(outcome["problems"])
            self.echo(self.state.title)
            for problem in outcome["problems"]:
                self.echo(f"  {problem}")
        if outcome["phase"] == "complete":
            self.first_build_done.set()

    def rebuild(self, changed: set[str] | None = None) -> None:
        """Ask for a build; its outcome arrives through :meth:`on_outcome`."""
        _ = self._
        if changed:
            names = sorted(str(Path(p).relative_to(self.project)) if Path(p).is_relative_to(
                self.project) else p for p in changed)
            self.echo(_("Changed: {files}").format(files=", ".join(names[:5])))
        if changed is None or self._needs_fresh_worker(changed):
            self.worker.start()
        self.worker.send(sorted(changed or ()))

    def _watch(self) -> None:
        for changed in watch_changes(self.project, self.stop):
            if self.stop.is_set():
                break
            self.rebuild(changed)

    def run(self) -> int:
        """Serve until interrupted; the exit code."""
        _ = self._
        self.rebuild()
        self.first_build_done.wait()
        if not self.output.is_dir():
            self.worker.stop()
            self.echo(_("There is no site to show yet: fix the problems above, then run the "
                        "preview again."))
            return 1
        from passaparola.editor.endpoint import EditorEndpoint

        editor = EditorEndpoint(self.project, self.port, self.lan_address)
        handler = partial(PreviewHandler, state=self.state, directory=str(self.output),
                          editor=editor, project=self.project)
        try:
            server = PreviewHTTPServer(("0.0.0.0" if self.lan_address else "127.0.0.1", self.port),  # noqa: S104
                                       handler)
        except OSError as error:
            self.echo(_("Port {port} is busy ({error}): try make serve PORT=8001").format(
                port=self.port, error=error.strerror))
            return 1
        server.daemon_threads = True
        watcher = threading.Thread(target=self._watch, name="passaparola-watch", daemon=True)
        watcher.start()
        self.echo(_("Preview on http://localhost:{port}/ — it updates when you save a file. "
                    "Ctrl+C to stop.").format(port=self.port))
        from passaparola.editor.pairing import announce

        announce(editor, self.lan_address, self.echo, _)
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            self.echo(_("Preview stopped."))
        finally:
            self.stop.set()
            server.server_close()
            self.worker.stop()
        return 0


def interrupt(process: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a running preview as Ctrl+C does; kill it if it has not stopped after ``timeout``."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(argv: list[str] | None = None) -> int:
    """``python -m passaparola.preview.server [--port N]``; ``--worker`` is the build side (internal)."""
    parser = argparse.ArgumentParser(prog="passaparola.preview.server")
    parser.add_argument("--project", default=".")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--lan", action="store_true", help="answer the salon's wifi too (editor)")
    args = parser.parse_args(argv)
    project = Path(args.project).resolve()
    if args.worker:
        # Answers go to the original stdout; anything else printed (Pelican's progress) to stderr.
        answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
        os.dup2(2, 1)
        PreviewWorker(project, args.port, sys.stdin.fileno(), answers).run()
        return 0
    from passaparola.editor.pairing import lan_address

    return PreviewServer(project, args.port, echo=partial(print, flush=True),
                         lan_address=lan_address() if args.lan else None).run()


if __name__ == "__main__":
    sys.exit(main())
