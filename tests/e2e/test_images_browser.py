"""In Debian's Chromium at phone width: pictures load as WebP at a phone-sized width, locally."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

from passaparola.dev.browser import PHONE, launch_chromium, serve_directory

TIP = "/consigli/phon-e-piastra-senza-rovinare-i-capelli-la-temperatura-giusta/"
COVER_TIP = "/consigli/cinque-abitudini-per-far-durare-di-piu-il-colore/"


def test_phone_gets_small_webp_pictures_and_nothing_from_other_hosts(demo_site):
    requested: list[str] = []
    with serve_directory(demo_site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport=PHONE, device_scale_factor=1)
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base + COVER_TIP, wait_until="networkidle")
        cover = page.eval_on_selector(
            "picture.cover img", "img => [img.currentSrc, img.naturalWidth, img.complete]")
        page.goto(base + TIP, wait_until="networkidle")
        page.eval_on_selector(".prose picture img", "img => img.scrollIntoView()")
        page.wait_for_function("document.querySelector('.prose picture img').complete")
        body = page.eval_on_selector(
            ".prose picture img", "img => [img.currentSrc, img.naturalWidth]")
        browser.close()
    # (naturalWidth of a srcset candidate is scaled to the layout width, so only "> 0" is stable.)
    assert cover[0].endswith("-480w.webp") and cover[1] > 0 and cover[2], cover
    assert body[0].endswith("-480w.webp") and body[1] > 0, body
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(base).netloc}
