"""``invoke serve``: the live preview on localhost.

The site is built with ``PREVIEW = True`` (drafts and scheduled posts shown) into ``output/`` and
served on 127.0.0.1. A watcher rebuilds it when content, theme, plugins, rules or settings change.
Each build runs in a fresh Python process, so an edited plugin or setting is always picked up and
a crash never takes the server down; a failed build leaves the last good site in place (the
build driver only swaps in a complete site).

Live reload works without any inline script, which the site's Content-Security-Policy forbids:
HTML responses get ``<script src="/__passaparola/reload.js?build=N" defer>`` added on the way out
(never written to ``output/``). That script polls ``/__passaparola/status``: a new build number
reloads the page; a failed build shows a banner listing the problems, as the terminal does.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from passaparola.build import BuildFailed, build, load_settings
from passaparola.i18n import tool_gettext
from passaparola.report import format_summary, summarize_site

PREFIX = "/__passaparola/"
RELOAD_SCRIPT = Path(__file__).parent / "preview" / "reload.js"
# What a change to triggers a rebuild: the content, how it looks, how it is made, the settings.
WATCHED_FOLDERS = ("content", "theme", "plugins", "passaparola")
WATCHED_FILES = ("pelicanconf.py",)
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def preview_overrides(port: int) -> dict[str, Any]:
    """Settings of the preview: drafts and future posts shown, links on this server."""
    return {"PREVIEW": True, "WITH_FUTURE_DATES": True, "SITEURL": "",
            "PREVIEW_SITEURL": f"http://localhost:{port}"}


@dataclass
class PreviewState:
    """The outcome of the latest build, shared by the watcher and the request handlers."""

    build: int = 0
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    title: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build, "ok": self.ok, "title": self.title,
                               "problems": self.problems}, ensure_ascii=False).encode("utf-8")


def inject_reload_script(html: bytes, build_number: int) -> bytes:
    """The page with the reload script added at the end of its head (or body)."""
    tag = f'<script src="{PREFIX}reload.js?build={build_number}" defer></script>'.encode()
    for pattern in (_HEAD_END, _BODY_END):
        match = pattern.search(html)
        if match:
            return html[: match.start()] + tag + html[match.start():]
    return html + tag


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves ``output/`` like a static host, plus the reload script and the build status."""

    state: PreviewState

    def __init__(self, *args, state: PreviewState, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

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

    def _html(self, path: Path, status: int = 200) -> io.BytesIO:
        with self.state.lock:
            number = self.state.build
        page = inject_reload_script(path.read_bytes(), number)
        return self._bytes(page, "text/html; charset=utf-8", status)

    def send_head(self):  # noqa: D401 - SimpleHTTPRequestHandler's hook
        url_path = urlsplit(self.path).path
        if url_path == PREFIX + "reload.js":
            return self._bytes(RELOAD_SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        if url_path == PREFIX + "status":
            return self._bytes(self.state.as_json(), "application/json")
        target = Path(self.translate_path(self.path))
        if target.is_dir() and url_path.endswith("/"):
            target = target / "index.html"
        if target.is_file() and target.suffix == ".html":
            return self._html(target)
        if not target.exists():
            not_found = Path(self.directory) / "404.html"
            if not_found.is_file():
                return self._html(not_found, 404)
        return super().send_head()


def build_preview_once(project: Path, port: int) -> dict[str, Any]:
    """Build the preview in this process; a JSON-able outcome (ok, problems, summary)."""
    settings = load_settings(project)
    lang = settings.get("DEFAULT_LANG", "it")
    try:
        result = build(project, overrides=preview_overrides(port))
    except BuildFailed as failure:
        return {"ok": False, "problems": [str(p) for p in failure.problems]}
    except Exception as error:  # noqa: BLE001 - settings or plugin code broken: shown, not raised
        return {"ok": False, "problems": [f"{type(error).__name__}: {error}"]}
    return {"ok": True, "problems": [],
            "summary": format_summary(summarize_site(result.output_dir), result.seconds, lang)}


def build_preview(project: Path, port: int) -> dict[str, Any]:
    """Build the preview in a fresh Python process, so edited plugins and settings are reloaded."""
    with tempfile.TemporaryDirectory() as scratch:
        result_file = Path(scratch) / "result.json"
        process = subprocess.run(
            [sys.executable, "-m", "passaparola.serve", "--build-once", str(result_file),
             "--project", str(project), "--port", str(port)],
            cwd=project, capture_output=True, text=True)
        if process.returncode == 0 and result_file.is_file():
            return json.loads(result_file.read_text(encoding="utf-8"))
        detail = (process.stderr or process.stdout).strip().splitlines()
        return {"ok": False, "problems": detail[-5:] or ["build process failed"]}


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

    def __init__(self, project: Path | str = ".", port: int = 8000, echo=print):
        self.project = Path(project).resolve()
        self.port = port
        self.echo = echo
        settings = load_settings(self.project)
        self.output = Path(settings["OUTPUT_PATH"]).resolve()
        self._ = tool_gettext(settings.get("DEFAULT_LANG", "it"))
        self.state = PreviewState(title=self._(
            "The site was not rebuilt: fix these problems (you are seeing the last good version)"))
        self.stop = threading.Event()

    def rebuild(self, changed: set[str] | None = None) -> None:
        """Build once and publish the outcome to the browser and the terminal."""
        _ = self._
        if changed:
            names = sorted(str(Path(p).relative_to(self.project)) if Path(p).is_relative_to(
                self.project) else p for p in changed)
            self.echo(_("Changed: {files}").format(files=", ".join(names[:5])))
        outcome = build_preview(self.project, self.port)
        with self.state.lock:
            self.state.ok = outcome["ok"]
            self.state.problems = outcome["problems"]
            if outcome["ok"]:
                self.state.build += 1
        if outcome["ok"]:
            self.echo(_("Rebuilt: {summary}").format(summary=outcome["summary"]))
        else:
            self.echo(self.state.title)
            for problem in outcome["problems"]:
                self.echo(f"  {problem}")

    def _watch(self) -> None:
        for changed in watch_changes(self.project, self.stop):
            if self.stop.is_set():
                break
            self.rebuild(changed)

    def run(self) -> int:
        """Serve until interrupted; the exit code."""
        _ = self._
        self.rebuild()
        if not self.output.is_dir():
            self.echo(_("There is no site to show yet: fix the problems above, then run the "
                        "preview again."))
            return 1
        handler = partial(PreviewHandler, state=self.state, directory=str(self.output))
        try:
            server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        except OSError as error:
            self.echo(_("Port {port} is busy ({error}): try invoke serve --port 8001").format(
                port=self.port, error=error.strerror))
            return 1
        server.daemon_threads = True
        watcher = threading.Thread(target=self._watch, name="passaparola-watch", daemon=True)
        watcher.start()
        self.echo(_("Preview on http://localhost:{port}/ — it updates when you save a file. "
                    "Ctrl+C to stop.").format(port=self.port))
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            self.echo(_("Preview stopped."))
        finally:
            self.stop.set()
            server.server_close()
        return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m passaparola.serve [--port N]``; ``--build-once FILE`` is the rebuild worker."""
    parser = argparse.ArgumentParser(prog="passaparola.serve")
    parser.add_argument("--project", default=".")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--build-once", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    project = Path(args.project).resolve()
    if args.build_once:
        outcome = build_preview_once(project, args.port)
        Path(args.build_once).write_text(json.dumps(outcome, ensure_ascii=False), encoding="utf-8")
        return 0
    return PreviewServer(project, args.port, echo=partial(print, flush=True)).run()


if __name__ == "__main__":
    sys.exit(main())
