"""The preview loop: an owner saves a tip and the browser shows the new text after one rebuild."""

from __future__ import annotations

import time

from playwright.sync_api import sync_playwright

from passaparola.browser import PHONE, launch_chromium, serve_directory
from passaparola.build import build

TIP = "content/tips/shampoo-secco.md"
TIP_PATH = "/consigli/shampoo-secco-quando-aiuta-e-quando-e-meglio-evitarlo/"
PREVIEW = {"PREVIEW": True}


def test_an_edited_tip_shows_in_the_browser_after_the_preview_rebuild(project_copy, record_property):
    preview = project_copy / "preview"
    build(project_copy, overrides=PREVIEW, output_dir=preview)
    with serve_directory(preview) as base_url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_context(viewport=PHONE).new_page()
        page.goto(base_url + TIP_PATH)
        assert "Aggiunto in anteprima" not in page.inner_text("main")

        tip = project_copy / TIP
        saved = time.perf_counter()
        tip.write_text(tip.read_text(encoding="utf-8") + "\nAggiunto in anteprima.\n",
                       encoding="utf-8")
        result = build(project_copy, overrides=PREVIEW, output_dir=preview)
        page.reload()
        page.get_by_text("Aggiunto in anteprima").wait_for()
        visible = time.perf_counter() - saved
        browser.close()
    # The figure is reported (pytest's junit properties, and -s), never asserted: timings vary.
    record_property("edit_to_visible_seconds", round(visible, 3))
    print(f"preview loop on the demo site: edit visible after {visible:.2f} s "
          f"({result.pages_rendered} pages rendered, {result.pages_reused} reused)")
    assert 0 < result.pages_rendered < result.pages_written
