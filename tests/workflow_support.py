"""Running the owner's invoke tasks for real, in a copy of the project."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from passaparola.dev.browser import free_port
from passaparola.preview.server import interrupt

WAIT_SECONDS = 60


def run_task(project: Path, *arguments: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """``invoke <arguments>`` with the project's Python, from the copy's folder, as the owner would."""
    return subprocess.run([sys.executable, "-m", "invoke", *arguments], cwd=project,
                          capture_output=True, text=True, timeout=timeout)


def write(project: Path, relative: str, text: str) -> Path:
    """Write a content file in the copy (folders created as needed)."""
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Poll ``condition`` until it holds; fail after WAIT_SECONDS, saying what never happened."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.25)
    pytest.fail(f"never happened: {what}")


@contextmanager
def running_preview(project: Path) -> Iterator[str]:
    """``invoke serve`` on a free port in the copy; yields its base URL, stops it with Ctrl+C."""
    port = free_port()
    log = (project / "serve.log").open("w", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "invoke", "serve", "--port", str(port)],
                               cwd=project, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: fetch(base + "/")[0] == 200, f"the preview answering on {base}")
        yield base
    finally:
        interrupt(process)
        log.close()


def status(base: str, page: str = "/") -> dict:
    return json.loads(fetch(base + "/__passaparola/status?page=" + page)[1])


def write_own_words(project: Path, relative: str | Path,
                    words: str = "Le mie parole, al posto dell'esempio.") -> None:
    """Replace the example line below a new file's header with the owner's text, as she would."""
    path = project / relative
    header, _, rest = path.read_text(encoding="utf-8").partition("\n\n")
    _example, _, hints = rest.partition("\n")
    path.write_text(f"{header}\n\n{words}\n{hints}", encoding="utf-8")
