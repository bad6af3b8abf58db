"""In a real Chromium: the preview's /kit/ page shows the kit and copies a caption to the
clipboard; it and the reviews page's "Leave a review" button pass axe and the keyboard walk
(focus outline and contrast) in the light and the dark scheme."""

from __future__ import annotations

import pytest

from passaparola.dev.browser import DESKTOP, PHONE
from passaparola.dev.quality.browser_checks import axe_violations, keyboard_walk
from tests.workflow_support import running_preview

pytestmark = pytest.mark.browser

KIT_SECONDS = 600  # the first visit draws the whole kit of the demo


def test_the_kit_page_of_the_preview_shows_the_pictures_and_copies_a_caption(project_copy,
                                                                            chromium):
    with running_preview(project_copy) as base:
        context = chromium.new_context(viewport=DESKTOP, permissions=["clipboard-read",
                                                                     "clipboard-write"])
        page = context.new_page()
        page.goto(base + "/kit/", timeout=KIT_SECONDS * 1000)
        assert page.locator("h1").inner_text() == "Il kit social"
        story = page.locator("img[src$='/story.png']").first
        story.scroll_into_view_if_needed()
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=story.element_handle())
        assert story.evaluate("(img) => [img.naturalWidth, img.naturalHeight]") == [1080, 1920]
        buttons = page.locator("button[data-copy]")
        assert buttons.count() > 2
        button = buttons.nth(2)  # the second item's Instagram caption
        caption_id = button.get_attribute("data-copy")
        shown = page.locator(f"#{caption_id}").text_content()
        folder = page.locator(".kit-item").nth(1).locator("img").first.get_attribute("src")
        on_disk = (project_copy / folder.removeprefix("/").rsplit("/", 1)[0] / "caption.txt")
        assert shown == on_disk.read_text(encoding="utf-8") and "#" in shown
        button.click()
        page.locator("[data-copy-status]").filter(has_text="Copiata").wait_for()
        assert page.evaluate("() => navigator.clipboard.readText()") == shown
        download = page.locator("a[download][href$='/flyer.pdf']").first
        assert context.request.get(base + download.get_attribute("href")).body()[:5] == b"%PDF-"
        context.close()

        problems = []
        for scheme, viewport in (("light", PHONE), ("dark", DESKTOP)):
            context = chromium.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True)
            page = context.new_page()
            for path in ("/kit/", "/recensioni/"):
                page.goto(base + path, timeout=KIT_SECONDS * 1000)
                if path == "/recensioni/":
                    assert page.locator(".leave-review a.button").inner_text() == \
                        "Lascia una recensione"
                problems += [f"{scheme} {path}: {p}" for p in axe_violations(page)]
                page.goto(base + path, timeout=KIT_SECONDS * 1000)
                problems += [f"{scheme} {path}: {p}" for p in keyboard_walk(page, 1000)]
            context.close()
        assert problems == []
