"""The demo in two languages: every page links its translations both ways, and so does the sitemap.

Over the whole built demo (Italian at the root, English under ``/en/``): each page declares itself
among its ``hreflang`` alternates, names ``x-default`` (the Italian page when there is one), and
every page it names as an alternate names it back with the same set; the sitemap's
``xhtml:link`` alternates are the pages' own; the language switcher leads to the alternate, or
to the other language's section home when the page has no translation.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree, html

from tests.support import html_pages

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def page_file(site: Path, address: str) -> Path:
    path = urlsplit(address).path.lstrip("/")
    return site / (path + "index.html" if not path or path.endswith("/") else path)


def alternates(page: Path) -> dict[str, str]:
    tree = html.parse(str(page))
    return {link.get("hreflang"): link.get("href")
            for link in tree.xpath('//head/link[@rel="alternate"][@hreflang]')}


def own_address(site: Path, page: Path) -> str:
    relative = page.relative_to(site).as_posix()
    return "/" + relative.removesuffix("index.html")


def linked_pages(site: Path) -> list[Path]:
    """Every page of both languages but the ones that only send the visitor on (moved pages)."""
    pages = [p for p in html_pages(site) if not html.parse(str(p)).xpath('//meta[@http-equiv="refresh"]')
             and p.relative_to(site).parts[0] not in ("pagefind",)]
    assert any(p.relative_to(site).parts[0] == "en" for p in pages)
    return pages


def test_every_page_declares_itself_names_x_default_and_its_alternates_link_back(demo_site):
    pages = linked_pages(demo_site)
    translated = 0
    for page in pages:
        found = alternates(page)
        lang = html.parse(str(page)).getroot().get("lang")
        assert lang in ("it", "en"), page
        assert urlsplit(found.get(lang, "")).path == own_address(demo_site, page), (page, found)
        assert "x-default" in found, page
        if "it" in found:
            assert found["x-default"] == found["it"], page
        if len({k for k in found if k != "x-default"}) > 1:
            translated += 1
        for code, href in found.items():
            if code == "x-default":
                continue
            other = page_file(demo_site, href)
            assert other.is_file(), (page, href)
            assert alternates(other) == found, (page, other)
    assert translated >= 2 * 7  # 3 tips, 2 events, 2 pages, in both languages, and the lists


def test_the_sitemap_lists_both_languages_with_the_pages_alternates(demo_site):
    sitemap = etree.parse(str(demo_site / "sitemap.xml"))
    entries = sitemap.getroot().findall("s:url", SITEMAP_NS)
    assert entries
    listed = {}
    for entry in entries:
        loc = entry.findtext("s:loc", namespaces=SITEMAP_NS)
        links = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", SITEMAP_NS)}
        listed[urlsplit(loc).path] = links
    assert any(path.startswith("/en/") for path in listed)
    assert not (demo_site / "en" / "sitemap.xml").exists()
    with_alternates = 0
    for path, links in listed.items():
        page = page_file(demo_site, path)
        assert page.is_file(), path
        own = alternates(page)
        if links:
            with_alternates += 1
            assert links == own, path
        else:
            assert {k for k in own if k != "x-default"} == {html.parse(str(page)).getroot().get("lang")}
    assert with_alternates >= 2 * 7


def test_the_switcher_leads_to_the_translation_or_the_section_home(demo_site):
    pages = linked_pages(demo_site)
    for page in pages:
        tree = html.parse(str(page))
        lang = tree.getroot().get("lang")
        switch = tree.xpath('//a[@class="language-switch"]')
        assert len(switch) == 1, page
        other = "en" if lang == "it" else "it"
        assert switch[0].get("hreflang") == other
        target = urlsplit(switch[0].get("href")).path
        found = alternates(page)
        if other in found:
            assert target == urlsplit(found[other]).path, page
        else:
            assert page_file(demo_site, target).is_file(), (page, target)
            assert target.count("/") <= 3, (page, target)  # a home: "/", "/en/", "/consigli/", "/en/tips/"
    tip = demo_site / "en" / "tips" / "five-habits-that-make-your-colour-last-longer" / "index.html"
    switch = html.parse(str(tip)).xpath('//a[@class="language-switch"]')[0]
    assert urlsplit(switch.get("href")).path == "/consigli/cinque-abitudini-per-far-durare-di-piu-il-colore/"
    untranslated = (demo_site / "consigli" / "shampoo-secco-quando-aiuta-e-quando-e-meglio-evitarlo"
                    / "index.html")
    switch = html.parse(str(untranslated)).xpath('//a[@class="language-switch"]')[0]
    assert urlsplit(switch.get("href")).path == "/en/tips/"


def test_the_english_lists_mark_the_untranslated_items_in_italian(demo_site):
    tips = html.parse(str(demo_site / "en" / "tips" / "index.html"))
    marked = tips.xpath('//section[@class="other-language-list"]//li')
    italian = [p for p in (demo_site / "consigli").glob("*/index.html")]
    english = [p for p in (demo_site / "en" / "tips").glob("*/index.html")]
    assert marked and english
    assert len(marked) == len(italian) - len(english)
    for item in marked:
        link = item.xpath("a")[0]
        assert link.get("hreflang") == "it" and page_file(demo_site, link.get("href")).is_file()
        assert item.xpath('span[@class="language-mark"]')[0].text == "in italiano"


def test_reviews_quoted_in_italian_on_english_pages_say_their_language(demo_site):
    """Reviews are published as written: on an English page, a screen reader must read them in
    Italian (WCAG 3.1.2, language of parts); on the Italian pages nothing needs saying."""
    english = html.parse(str(demo_site / "en" / "reviews" / "index.html")).getroot()
    quotes = english.xpath("//blockquote[contains(@class, 'testimonial-text')]")
    assert quotes and all(quote.get("lang") == "it" for quote in quotes)
    italian = html.parse(str(demo_site / "recensioni" / "index.html")).getroot()
    quotes = italian.xpath("//blockquote[contains(@class, 'testimonial-text')]")
    assert quotes and all(quote.get("lang") is None for quote in quotes)


def test_services_and_team_written_in_italian_say_their_language_on_english_pages(demo_site):
    """The services and the team are written once, in Italian: on the English pages their names,
    descriptions and roles carry lang="it" (WCAG 3.1.2); the English words around them do not."""
    services = html.parse(str(demo_site / "en" / "services" / "index.html")).getroot()
    italian_parts = services.xpath("//h3[@class='service-title'] | //div[@class='service-description']"
                                   " | //section[@class='service-category']/h2")
    assert italian_parts and all(part.get("lang") == "it" for part in italian_parts)
    assert services.xpath("//h1")[0].get("lang") is None
    team = html.parse(str(demo_site / "en" / "team" / "index.html")).getroot()
    roles = team.xpath("//p[contains(@class, 'person-role')]")
    assert roles and all(role.get("lang") == "it" for role in roles)
    people = list((demo_site / "en" / "team").glob("*/index.html"))
    assert people
    for person in people:
        prose = html.parse(str(person)).getroot().xpath("//div[@class='prose']")
        assert prose and prose[0].get("lang") == "it", person
    original = html.parse(str(demo_site / "servizi" / "index.html")).getroot()
    assert original.xpath("//h3[@class='service-title']")
    assert not original.xpath("//*[@class='service-title' or @class='service-description'][@lang]")
