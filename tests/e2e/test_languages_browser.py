"""In a real Chromium, the language switcher takes a visitor to the same page in the other language.

On a tip, an event and the reviews page, in both directions: the address, ``<html lang>`` and the
menu change language. The switcher is a styled control: its focus ring shows and its text keeps
its contrast in the light and the dark scheme.
"""

from __future__ import annotations

import re

import pytest

from passaparola.colors import contrast_ratio
from passaparola.dev.browser import PHONE, serve_directory

JOURNEYS = [
    ("/consigli/cinque-abitudini-per-far-durare-di-piu-il-colore/",
     "/en/tips/five-habits-that-make-your-colour-last-longer/", "Five habits that make your colour"),
    ("/eventi/laboratorio-di-trecce-per-genitori/", "/en/events/braiding-workshop-for-parents/",
     "Braiding workshop for parents"),
    ("/recensioni/", "/en/reviews/", "Reviews"),
]


@pytest.fixture(scope="module")
def site_url(demo_site):
    with serve_directory(demo_site) as base_url:
        yield base_url


@pytest.mark.parametrize(("italian", "english", "heading"), JOURNEYS)
def test_the_switcher_goes_to_the_same_page_in_the_other_language_and_back(
        chromium, site_url, italian, english, heading):
    page = chromium.new_page(viewport=PHONE)
    page.goto(site_url + italian)
    assert page.locator("html").get_attribute("lang") == "it"
    switch = page.locator("a.language-switch")
    assert switch.inner_text() == "English"
    switch.click()
    page.wait_for_url(site_url + english)
    assert page.locator("html").get_attribute("lang") == "en"
    assert heading in page.locator("h1").first.inner_text()
    assert page.locator(".site-nav").get_by_role("link", name="Tips").count() == 1
    page.locator("a.language-switch").click()
    page.wait_for_url(site_url + italian)
    assert page.locator("html").get_attribute("lang") == "it"
    assert page.locator(".site-nav").get_by_role("link", name="Consigli").count() == 1
    page.close()


def _rgb(css: str) -> str:
    red, green, blue = (int(v) for v in re.findall(r"\d+", css)[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_switcher_has_a_focus_ring_and_contrast_in_both_schemes(chromium, site_url, scheme):
    context = chromium.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + "/en/tips/")
    switch = page.locator("a.language-switch")
    page.keyboard.press("Tab")  # a keyboard visitor: the focus ring is :focus-visible
    for _ in range(40):
        if page.evaluate("document.activeElement.classList.contains('language-switch')"):
            break
        page.keyboard.press("Tab")
    style = switch.evaluate("""element => { const s = getComputedStyle(element);
        return {outline: s.outlineStyle, width: s.outlineWidth, color: s.color,
                background: s.backgroundColor}; }""")
    assert style["outline"] == "solid" and float(style["width"].removesuffix("px")) >= 2, style
    assert contrast_ratio(_rgb(style["color"]), _rgb(style["background"])) >= 4.5, style
    context.close()


def test_the_english_search_page_searches_the_english_pages(chromium, site_url, demo_site):
    word = "frizz"
    having = sorted("/" + p.parent.relative_to(demo_site).as_posix() + "/"
                    for p in (demo_site / "en" / "tips").glob("*/index.html")
                    if word in p.read_text(encoding="utf-8").lower())
    assert having
    page = chromium.new_page(viewport=PHONE)
    page.goto(f"{site_url}/en/search/?q={word}")
    page.locator(".pagefind-ui__result-link").first.wait_for()
    page.wait_for_load_state("networkidle")
    links = page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert links and all(link.startswith("/en/") for link in links), links
    assert set(having) <= set(links)
    page.goto(f"{site_url}/cerca/?q=crespo")
    page.locator(".pagefind-ui__result-link").first.wait_for()
    page.wait_for_load_state("networkidle")
    italian = page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert italian and not [link for link in italian if link.startswith("/en/")], italian
    page.close()
