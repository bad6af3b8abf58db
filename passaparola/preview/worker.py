"""The build side of the preview: a process that stays up between edits, and the server's client of it.

The worker (:class:`PreviewWorker`, ``python -m passaparola.preview.worker``) keeps the objects of
its last complete build in memory, so nothing is imported again and, when only the body of one
content file changed, its pages are written at once (:mod:`passaparola.preview.fast_render`)
before the complete build follows. The server (:mod:`passaparola.preview.server`) talks to it
through :class:`WorkerClient`: JSON lines on the worker's stdin (edits) and stdout (outcomes).
A crash of the worker never takes the server down: the next edit starts a fresh one.

The preview builds into ``.cache/preview/``, never ``output/``, which only ``invoke build``
writes: an owner may upload it by hand, and it must not hold drafts or localhost addresses.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from passaparola.build.driver import BuildFailed, BuildMemory, BuildSuperseded, build, load_settings
from passaparola.build.report import format_summary, summarize_site
from passaparola.i18n import owner_language

# Where the preview builds the site, relative to the project: apart from output/ (see the module's docstring).
PREVIEW_OUTPUT = Path(".cache") / "preview"


def preview_output(project: Path) -> Path:
    """The folder the preview builds into and serves."""
    return Path(project).resolve() / PREVIEW_OUTPUT


def preview_overrides(port: int) -> dict[str, Any]:
    """Settings of the preview: drafts and future posts shown, links on this server."""
    return {"PREVIEW": True, "WITH_FUTURE_DATES": True, "SITEURL": "",
            "PREVIEW_SITEURL": f"http://localhost:{port}"}


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
        from passaparola.preview.fast_render import FastRenderUnavailable, fast_render

        if self.memory is None or len(changed) != 1:
            return
        try:
            outcome = fast_render(self.memory, self.headers, Path(changed[0]))
        except FastRenderUnavailable as missing:  # said at each edit; the complete build follows
            self._answer({"phase": "fast", "ok": False, "problems": [str(missing)]})
            return
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
                [sys.executable, "-m", "passaparola.preview.worker", "--project",
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


def main(argv: list[str] | None = None) -> int:
    """``python -m passaparola.preview.worker --project P --port N``: started by :class:`WorkerClient`."""
    parser = argparse.ArgumentParser(prog="passaparola.preview.worker")
    parser.add_argument("--project", default=".")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    # Answers go to the original stdout; anything else printed (Pelican's progress) to stderr.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    PreviewWorker(Path(args.project).resolve(), args.port, sys.stdin.fileno(), answers).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
