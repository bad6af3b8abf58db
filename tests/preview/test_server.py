"""`invoke serve` answers on localhost, rebuilds when content changes, shows drafts and reports a
broken file in the terminal and the browser while it keeps serving the last good site."""

from __future__ import annotations

import re

import pytest

from passaparola.preview.server import inject_reload_script, preview_output
from tests.support import tree_hashes
from tests.workflow_support import (
    WAIT_SECONDS,
    fetch,
    run_task,
    running_preview,
    status,
    wait_for,
    write,
)

TIP = "content/tips/shampoo-secco.md"
TIP_URL = "/consigli/shampoo-secco-quando-aiuta-e-quando-e-meglio-evitarlo/"
DRAFT = "Title: Bozza sui raccolti\nDate: 2026-10-01 10:00\nStatus: draft\nSummary: s\n\nQUI-BOZZA.\n"
SCHEDULED = "Title: Consigli per il 2031\nDate: 2031-01-10 10:00\nSummary: s\n\nQUI-FUTURO.\n"


def test_preview_serves_the_site_shows_drafts_and_rebuilds_after_an_edit(project_copy):
    write(project_copy, "content/tips/bozza.md", DRAFT)
    write(project_copy, "content/tips/futuro.md", SCHEDULED)
    with running_preview(project_copy) as base:
        code, listing = fetch(base + "/consigli/")
        assert code == 200
        assert "Bozza sui raccolti" in listing and "Consigli per il 2031" in listing
        assert re.search(r'<script src="/__passaparola/reload.js\?v=\d+&amp;s=\d+" defer></script></head>',
                         listing)
        assert "reload.js" not in (preview_output(project_copy) / "consigli" / "index.html"
                                   ).read_text(encoding="utf-8")
        assert fetch(base + "/__passaparola/reload.js")[0] == 200
        assert fetch(base + "/non-esiste/")[0] == 404

        tip = project_copy / TIP
        tip.write_text(tip.read_text(encoding="utf-8") + "\nUNA-RIGA-NUOVA-DAL-TEST\n", encoding="utf-8")
        wait_for(lambda: "UNA-RIGA-NUOVA-DAL-TEST" in fetch(base + TIP_URL)[1],
                 "the edited text served after the rebuild")
        # The page's version moved, so an open browser reloads it; the status is ok.
        wait_for(lambda: status(base, TIP_URL)["version"] > status(base, "/chi-siamo/")["version"]
                 and status(base)["ok"], "a new version of the edited page announced")


def test_a_content_error_is_reported_while_the_last_good_site_stays_served(project_copy):
    with running_preview(project_copy) as base:
        write(project_copy, "content/tips/rotto.md", "Title: Rotto\nDate: 2026-02-30\n\nTesto.\n")
        wait_for(lambda: not status(base)["ok"], "the failed build reported in the status")
        problems = status(base)["problems"]
        assert any(p.startswith("content/tips/rotto.md:2: Date: ") for p in problems), problems
        assert fetch(base + TIP_URL)[0] == 200
        terminal = (project_copy / "serve.log").read_text(encoding="utf-8")
        assert "content/tips/rotto.md:2: Date: " in terminal

        (project_copy / "content/tips/rotto.md").unlink()
        wait_for(lambda: status(base)["ok"], "the status back to ok once the file is gone")


@pytest.mark.browser
def test_the_browser_reloads_by_itself_and_shows_a_banner_for_a_broken_file(project_copy):
    from playwright.sync_api import sync_playwright

    from passaparola.dev.browser import launch_chromium

    with running_preview(project_copy) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + TIP_URL)

        tip = project_copy / TIP
        tip.write_text(tip.read_text(encoding="utf-8") + "\nTESTO-ARRIVATO-DA-SOLO\n", encoding="utf-8")
        # A locator, not wait_for_function: the site's CSP (kept on here) forbids eval.
        page.get_by_text("TESTO-ARRIVATO-DA-SOLO").wait_for(timeout=WAIT_SECONDS * 1000)

        write(project_copy, "content/tips/rotto.md", "Title: Rotto\nDate: 2026-02-30\n\nTesto.\n")
        banner = page.get_by_role("alert")
        banner.wait_for(timeout=WAIT_SECONDS * 1000)
        assert "content/tips/rotto.md:2: Date:" in banner.inner_text()
        assert "Il sito non è stato rigenerato" in banner.inner_text()
        assert errors == []
        browser.close()


def test_the_reload_script_goes_at_the_end_of_the_head():
    page = b"<!doctype html><html><head><title>x</title></HEAD><body>y</body></html>"
    assert inject_reload_script(page, 7, 2) == (
        b'<!doctype html><html><head><title>x</title><script src="/__passaparola/reload.js?v=7&amp;s=2" '
        b'defer></script></HEAD><body>y</body></html>')


def test_the_preview_never_writes_into_output_which_keeps_what_build_made(project_copy):
    """output/ is what the owner may upload by hand: no draft, no localhost address, ever."""
    built = run_task(project_copy, "build")
    assert built.returncode == 0, built.stderr
    output = project_copy / "output"
    before = tree_hashes(output)
    assert before
    record = project_copy / "published-addresses.json"
    recorded = record.read_bytes()
    write(project_copy, "content/tips/bozza.md", DRAFT)
    with running_preview(project_copy) as base:
        preview_address = f"localhost:{base.rsplit(':', 1)[1]}".encode()
        assert "Bozza sui raccolti" in fetch(base + "/consigli/")[1]
        tip = project_copy / TIP
        tip.write_text(tip.read_text(encoding="utf-8") + "\nRIGA-SOLO-IN-ANTEPRIMA\n",
                       encoding="utf-8")
        wait_for(lambda: "RIGA-SOLO-IN-ANTEPRIMA" in fetch(base + TIP_URL)[1]
                 and status(base)["ok"], "the edit shown by the preview")
        wait_for(lambda: status(base)["complete"] >= 2, "the preview's complete rebuild")
        assert "RIGA-SOLO-IN-ANTEPRIMA" in (preview_output(project_copy) / TIP_URL.strip("/") /
                                            "index.html").read_text(encoding="utf-8")
    assert tree_hashes(output) == before
    assert record.read_bytes() == recorded, "the preview's draft became a published address"
    leaked = [path for path in output.rglob("*") if path.is_file() and (
        preview_address in path.read_bytes() or b"QUI-BOZZA" in path.read_bytes())]
    assert leaked == []
    assert sorted(p.name for p in project_copy.iterdir() if p.name.startswith(".output")) == []
