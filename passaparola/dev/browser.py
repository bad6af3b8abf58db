"""A local web server and a headless Chromium, shared by the tests and the screenshot task.

Chromium is Debian's package (``/usr/bin/chromium``), driven by Playwright; Playwright never
downloads a browser of its own here. The flags keep Chromium from reaching the network on its own
(updates, sync, field trials): every request a page makes must be one the page asked for.
"""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (for a server started later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root`` over HTTP on a free loopback port; yields the base URL (no trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def launch_chromium(playwright):
    """Debian's Chromium, headless, started by Playwright."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def screenshot_pages(site_dir: Path, pages: list[str], out_dir: Path,
                     viewports: dict[str, dict[str, int]] | None = None) -> list[Path]:
    """Save a full-page PNG of each page at each viewport; returns the files written."""
    from playwright.sync_api import sync_playwright

    viewports = viewports or {"phone": PHONE, "desktop": DESKTOP}
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with serve_directory(site_dir) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for label, viewport in viewports.items():
            page = browser.new_page(viewport=viewport, device_scale_factor=1)
            for path in pages:
                page.goto(base + path, wait_until="networkidle")
                if label == "phone":
                    # Lazy images load only near the viewport: scroll down once so that a
                    # full-page picture shows them, then come back to the top.
                    page.mouse.wheel(0, 100_000)
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(300)
                    page.mouse.wheel(0, -100_000)
                name = path.strip("/").replace("/", "-") or "home"
                target = out_dir / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=label == "phone")
                written.append(target)
            page.close()
        browser.close()
    return written
