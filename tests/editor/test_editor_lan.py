"""``invoke serve`` answers on 127.0.0.1 only; ``invoke serve --lan`` also on the wifi address,
and shows the editor's address with its token as a QR code that a phone's camera reads. Without
the token, writes over the wifi are refused."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from PIL import Image

from passaparola.dev.browser import free_port
from passaparola.editor.pairing import lan_address, qr_text
from passaparola.preview.server import interrupt
from tests.support import PROJECT
from tests.workflow_support import fetch, wait_for

TIP = "Title: Dal telefono\nDate: 2026-11-20 09:30\nSummary: Breve.\n\nTesto.\n"
WIFI = lan_address()


@contextmanager
def serving(project, *options: str):
    (project / "node_modules").symlink_to(PROJECT / "node_modules")
    port = free_port()
    log_path = project / "serve.log"
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen([sys.executable, "-m", "invoke", "serve", "--port", str(port),
                                    *options], cwd=project, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for(lambda: "Editor:" in log_path.read_text(encoding="utf-8"), "the editor's address")
            yield port, log_path.read_text(encoding="utf-8")
        finally:
            interrupt(process)


def decode_terminal_qr(text: str, tmp_path) -> str:
    """Read back a QR code drawn with half blocks (each character is two modules, one above the
    other; a full block is light) with zbar, as a phone's camera would read the screen."""
    rows = text.splitlines()
    width = max(len(row) for row in rows)
    image = Image.new("L", (width, 2 * len(rows)), 0)
    for y, row in enumerate(rows):
        for x, char in enumerate(row.ljust(width)):
            top, bottom = {"█": (255, 255), "▀": (255, 0), "▄": (0, 255), " ": (0, 0)}[char]
            image.putpixel((x, 2 * y), top)
            image.putpixel((x, 2 * y + 1), bottom)
    path = tmp_path / "qr.png"
    image.resize((width * 8, len(rows) * 16), Image.NEAREST).save(path)
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True,
                            text=True, check=True)
    return result.stdout.strip()


def test_the_terminal_qr_code_reads_back_as_the_address(tmp_path):
    url = "http://192.168.1.20:8000/admin/?token=Zx9-abc_DEF123"
    assert decode_terminal_qr(qr_text(url), tmp_path) == url


def post(url: str, body: dict, cookie: str | None = None) -> int:
    headers = {"Content-Type": "application/json", **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers,
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as answer:
        return answer.code


def persist_tip() -> dict:
    return {"action": "persistEntry", "params": {"entry": {
        "slug": "dal-telefono", "path": "content/tips/dal-telefono.md", "raw": TIP}, "assets": []}}


def test_without_lan_the_preview_is_not_reachable_from_the_wifi(project_copy):
    assert not WIFI.startswith("127."), "this machine needs a network address to test --lan"
    with serving(project_copy) as (port, log):
        assert fetch(f"http://127.0.0.1:{port}/")[0] == 200
        with pytest.raises(OSError):
            socket.create_connection((WIFI, port), timeout=3).close()
        assert "scan" not in log and "inquadra" not in log


def test_with_lan_a_phone_pairs_with_the_qr_code_and_nothing_is_written_without_it(
        project_copy, tmp_path):
    with serving(project_copy, "--lan") as (port, log):
        url = re.search(rf"http://{re.escape(WIFI)}:{port}/admin/\?token=\S+", log).group(0)
        qr = "\n".join(line for line in log.splitlines() if set(line) <= set("█▀▄ ") and line)
        assert decode_terminal_qr(qr, tmp_path) == url
        api = f"http://{WIFI}:{port}/api/v1"
        assert post(api, persist_tip()) == 403
        assert not (project_copy / "content" / "tips" / "dal-telefono.md").exists()

        class Keep(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        with pytest.raises(urllib.error.HTTPError) as paired:
            urllib.request.build_opener(Keep).open(url, timeout=10)
        cookie = paired.value.headers["Set-Cookie"].split(";")[0]
        assert post(api, persist_tip(), cookie) == 200
        assert (project_copy / "content" / "tips" / "dal-telefono.md").read_text(
            encoding="utf-8") == TIP
