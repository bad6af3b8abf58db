"""The follow page in a real Chromium: the copy buttons appear with JavaScript and copy the address."""

from __future__ import annotations

from playwright.sync_api import expect, sync_playwright

from passaparola.dev.browser import PHONE, launch_chromium, serve_directory


def test_copy_button_copies_the_feed_address_and_says_so(demo_site):
    with serve_directory(demo_site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport=PHONE)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        page = context.new_page()
        errors = []
        page.on("console", lambda message: errors.append(message.text)
                if message.type == "error" else None)
        page.goto(base + "/segui/")
        button = page.locator("button[data-copy-target='feed-all-rss']")
        assert button.is_visible()
        address = page.locator("#feed-all-rss").input_value()
        assert address.endswith("/feed.xml")
        button.click()
        expect(button).to_have_text("Copiato")  # the copy is asynchronous: wait for it
        assert page.evaluate("navigator.clipboard.readText()") == address
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert errors == []
        browser.close()


def test_without_javascript_the_addresses_are_there_and_no_button_shows(demo_site):
    with serve_directory(demo_site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(java_script_enabled=False)
        page.goto(base + "/segui/")
        assert page.locator("textarea[readonly]").first.is_visible()
        assert page.locator("button[data-copy-target]:visible").count() == 0
        browser.close()
