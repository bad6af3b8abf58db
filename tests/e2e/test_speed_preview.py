"""The preview loop as the owner feels it: with `invoke serve` running and the tip open in the
browser, a saved edit shows by itself. The time from saving to seeing the text is measured and
reported (junit property and -s output), never asserted: timings vary with the machine."""

from __future__ import annotations

import time

import pytest

from tests.workflow_support import WAIT_SECONDS, running_preview, status, wait_for

TIP = "content/tips/shampoo-secco.md"
TIP_URL = "/consigli/shampoo-secco-quando-aiuta-e-quando-e-meglio-evitarlo/"


@pytest.mark.browser
def test_a_saved_edit_shows_in_the_open_page_before_the_complete_rebuild(project_copy, record_property):
    from playwright.sync_api import sync_playwright

    from passaparola.dev.browser import PHONE, launch_chromium

    with running_preview(project_copy) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_context(viewport=PHONE).new_page()
        page.goto(base + TIP_URL)
        before = status(base)
        assert "Aggiunto in anteprima" not in page.inner_text("main")

        tip = project_copy / TIP
        saved = time.perf_counter()
        tip.write_text(tip.read_text(encoding="utf-8") + "\nAggiunto in anteprima.\n", encoding="utf-8")
        page.get_by_text("Aggiunto in anteprima").wait_for(timeout=WAIT_SECONDS * 1000)
        visible = time.perf_counter() - saved
        wait_for(lambda: status(base)["complete"] > before["complete"], "the complete rebuild")
        rebuilt = time.perf_counter() - saved
        after = status(base)
        browser.close()
    record_property("edit_to_visible_seconds", round(visible, 3))
    record_property("edit_to_complete_seconds", round(rebuilt, 3))
    print(f"preview loop on the demo site: edit visible after {visible:.2f} s, "
          f"complete rebuild after {rebuilt:.2f} s")
    # Two successful builds for one edit: the fast render of the page, then the complete build
    # (which found the page already right, so the browser reloaded once).
    assert after["build"] - before["build"] == 2
    assert after["ok"] and after["version"] >= before["version"]
