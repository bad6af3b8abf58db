"""The preview loop at scale: an edit saved while ``invoke serve`` runs, until the page shows it.

The preview server runs as ``invoke serve`` runs it (``python -m passaparola.preview.server``) on
the bench's project; Debian's Chromium keeps the edited tip open and reloads by itself. Without
Chromium the page is fetched over HTTP instead (said in the row).
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from passaparola.dev.bench.measure import EDIT_TIP_INDEX, Measure
from passaparola.dev.synthetic import Corpus


def _status(base: str) -> dict[str, Any]:
    import urllib.request

    with urllib.request.urlopen(base + "/__passaparola/status", timeout=30) as response:
        return json.loads(response.read())


def _wait(condition, what: str, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"the preview never showed {what}")


def _peak_rss_of_children(pid: int) -> float:
    """The largest peak RSS (MB) among a process's children (the preview's build worker)."""
    peak = 0.0
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in children.read_text().split():
            status = Path(f"/proc/{child}/status")
            found = re.search(r"VmHWM:\s*(\d+)", status.read_text()) if status.exists() else None
            peak = max(peak, int(found.group(1)) / 1024 if found else 0.0)
    return peak


def measure_preview(project: Path, corpus: Corpus, runs: int) -> dict[str, Measure]:
    """With the preview server running, as ``invoke serve`` runs it, save an edit to one tip and
    time until the new text is visible in the browser (Chromium, reloading by itself), and until
    the complete rebuild is announced. Without Chromium, the page is fetched over HTTP instead."""
    import urllib.request

    from passaparola.dev.browser import CHROMIUM, free_port
    from passaparola.preview.server import interrupt, preview_output

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (project.parent / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "passaparola.preview.server", "--project", str(project),
                               "--port", str(port)], cwd=project, stdout=log, stderr=subprocess.STDOUT)
    tip = corpus.tips[EDIT_TIP_INDEX]
    visible, complete = [], []
    browser_used = Path(CHROMIUM).exists()
    try:
        _wait(lambda: _status(base)["complete"] >= 1, "its first build")
        output = preview_output(project)
        page_dir = next(p for p in (output / "consigli").iterdir()
                        if p.name.startswith(f"consiglio-numero-{EDIT_TIP_INDEX}-"))
        url = f"{base}/consigli/{page_dir.name}/"

        def fetch_text() -> str:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read().decode("utf-8")

        def one_run(run: int, shown) -> None:
            done = _status(base)["complete"]
            marker = f"Anteprima numero {run}"
            text = re.sub(r"\nAnteprima numero \d+\.\n$", "\n", tip.read_text(encoding="utf-8"))
            saved = time.perf_counter()
            tip.write_text(text + f"\n{marker}.\n", encoding="utf-8")
            shown(marker)
            visible.append(time.perf_counter() - saved)
            _wait(lambda: _status(base)["complete"] > done, "the complete rebuild")
            complete.append(time.perf_counter() - saved)
            time.sleep(0.5)  # let the watcher settle before the next edit

        if browser_used:
            from playwright.sync_api import sync_playwright

            from passaparola.dev.browser import launch_chromium

            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                page = browser.new_page()
                page.goto(url)
                for run in range(runs):
                    one_run(run, lambda marker: page.get_by_text(marker).wait_for(timeout=600_000))
                browser.close()
        else:
            for run in range(runs):
                one_run(run, lambda marker: _wait(lambda: marker in fetch_text(), marker))
        rss = _peak_rss_of_children(server.pid)
    finally:
        interrupt(server, timeout=30)
        log.close()
    how = ("Chromium: the page reloads by itself" if browser_used
           else "no Chromium here: the page fetched over HTTP until it shows the text")
    return {
        "preview": Measure(name="preview: edit saved → new text visible (invoke serve running)",
                           seconds=statistics.median(visible), runs=visible, peak_rss_mb=rss,
                           items=corpus.items, note=how),
        "preview_complete": Measure(name="preview: edit saved → complete rebuild announced",
                                    seconds=statistics.median(complete), runs=complete,
                                    peak_rss_mb=rss, items=corpus.items),
    }
