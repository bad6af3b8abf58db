"""``invoke serve``: the live preview on localhost (the HTTP side, and what ties the parts together).

The site is built with ``PREVIEW = True`` (drafts and scheduled posts shown) into
``.cache/preview/`` (never ``output/``: see :mod:`passaparola.preview.worker`) and served on
127.0.0.1. A watcher (:mod:`passaparola.preview.watcher`) rebuilds it when content, theme,
plugins, rules or settings change.

Builds run in a worker process that stays up between edits (:mod:`passaparola.preview.worker`).
A change to the theme, the plugins, this package or the settings starts a fresh worker, so edited
code is always the code that runs, and a crash never takes the server down; a failed build leaves
the last good site in place (the build driver only swaps in a complete site).

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
import re
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

from passaparola.build.driver import load_settings
from passaparola.i18n import owner_language, tool_gettext
from passaparola.preview.watcher import watch_changes
from passaparola.preview.worker import WorkerClient, preview_output

PREFIX = "/__passaparola/"
RELOAD_SCRIPT = Path(__file__).parent / "reload.js"
STATUS_WAIT_SECONDS = 20  # how long a status request waits for news before answering anyway
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


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
    """``python -m passaparola.preview.server [--port N] [--lan]``."""
    parser = argparse.ArgumentParser(prog="passaparola.preview.server")
    parser.add_argument("--project", default=".")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--lan", action="store_true", help="answer the salon's wifi too (editor)")
    args = parser.parse_args(argv)
    project = Path(args.project).resolve()
    from passaparola.editor.pairing import lan_address

    return PreviewServer(project, args.port, echo=partial(print, flush=True),
                         lan_address=lan_address() if args.lan else None).run()


if __name__ == "__main__":
    sys.exit(main())
