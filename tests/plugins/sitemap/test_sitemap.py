"""The sitemap lists every public page once with its content's date; robots.txt points at it."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree

from passaparola.build.driver import load_settings
from passaparola.web import site_base_url
from tests.support import PROJECT

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def settings() -> dict:
    return load_settings(PROJECT)


def built_pages(site: Path) -> set[str]:
    """The site path of every public HTML page written: all but the 404 page."""
    paths = set()
    for page in site.rglob("*.html"):
        relative = page.relative_to(site).as_posix()
        if relative.rsplit("/", 1)[-1] != "404.html":  # en/404.html too
            paths.add("/" + relative.removesuffix("index.html"))
    return paths


def sitemap_of(site: Path) -> dict[str, str | None]:
    tree = etree.parse(str(site / "sitemap.xml"))
    return {url.findtext("s:loc", namespaces=SITEMAP_NS): url.findtext("s:lastmod", namespaces=SITEMAP_NS)
            for url in tree.xpath("//s:url", namespaces=SITEMAP_NS)}


def test_sitemap_lists_every_public_page_once_and_nothing_else(demo_site, settings):
    base = site_base_url(settings)
    entries = sitemap_of(demo_site)
    tree = etree.parse(str(demo_site / "sitemap.xml"))
    assert len(tree.xpath("//s:url", namespaces=SITEMAP_NS)) == len(entries)
    assert {loc.removeprefix(base) for loc in entries} == built_pages(demo_site)
    assert f"{base}/404.html" not in entries


def test_sitemap_lastmod_comes_from_the_content_dates(demo_site, settings):
    base = site_base_url(settings)
    entries = sitemap_of(demo_site)
    assert all(entries.values()), entries
    tip = "capelli-in-inverno-elettricita-statica-cappelli-e-aria-secca"
    assert entries[f"{base}/consigli/{tip}/"] == "2026-11-06T09:30:00+01:00"
    assert entries[f"{base}/contatti/"] == "2026-11-20T10:00:00+01:00"  # its Modified field
    # Listings such as the home page: the newest tip, event or testimonial.
    content = [v for k, v in entries.items() if k.count("/") == 5 and re.search(
        r"/(consigli|eventi|recensioni)/[^/]+/$", k) and "/pagina/" not in k]
    assert entries[f"{base}/"] == max(content, key=datetime.fromisoformat)


def test_robots_txt_points_at_the_absolute_sitemap(demo_site, settings):
    robots = (demo_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots
    assert f"Sitemap: {site_base_url(settings)}/sitemap.xml" in robots


def test_sitemap_dates_cover_events_and_testimonials_from_other_plugins():
    from datetime import datetime
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    from plugins.sitemap.sitemap import SITEMAP_STATE_KEY, remember_pages

    rome = ZoneInfo("Europe/Rome")
    event = SimpleNamespace(save_as="eventi/serata/index.html", date=datetime(2026, 12, 2, 9, tzinfo=rome),
                            modified=None)
    hidden = SimpleNamespace(save_as="bozza/index.html", date=datetime(2026, 1, 1, tzinfo=rome))
    tip = SimpleNamespace(save_as="consigli/a/index.html", date=datetime(2026, 11, 1, tzinfo=rome),
                          modified=datetime(2026, 11, 3, tzinfo=rome))
    context = {"articles": [tip], "events": [event], "hidden_pages": [hidden], "tags": []}
    generator = SimpleNamespace(context=context, settings={"404_SAVE_AS": "404.html"})
    remember_pages([generator])
    state = generator.settings[SITEMAP_STATE_KEY]
    assert state["dates"] == {"eventi/serata/index.html": "2026-12-02T09:00:00+01:00",
                              "consigli/a/index.html": "2026-11-03T00:00:00+01:00"}
    assert state["newest"] == "2026-12-02T09:00:00+01:00"
    assert state["private"] == ["404.html", "bozza/index.html"]


NOINDEX_PAGES = {
    "plain.html": "<!DOCTYPE html><html><head><title>x</title></head><body><p>Ciao</p></body></html>",
    "moved.html": '<html><head><meta name="robots" content="noindex"></head><body></body></html>',
    "upper.html": '<html><head><meta name="robots" content="NOINDEX, follow"></head></html>',
    "decimal.html": '<html><head><meta name="robots" content="&#110;oindex"></head></html>',
    "hex.html": '<html><head><meta name="robots" content="no&#X69;ndex"></head></html>',
    "padded.html": '<html><head><meta name="robots" content="noin&#000100;ex"></head></html>',
    "in-text.html": "<html><body><p>Il meta noindex non c'è: solo testo.</p></body></html>",
    "quote.html": "<html><body><p>L&#39;estate &amp; il sole</p></body></html>",
    "empty.html": "",
    "blank.html": "  \n",
}


def test_pages_are_told_noindex_as_reading_them_as_html_tells(tmp_path):
    """The sitemap skips parsing pages that cannot spell "noindex": same answer as parsing all."""
    from lxml import html as lxml_html

    from plugins.sitemap.sitemap import _is_noindex

    def parsed_answer(page: Path) -> bool:
        root = lxml_html.parse(str(page)).getroot()
        return root is None or any("noindex" in value.lower()
                                   for value in root.xpath("//meta[@name='robots']/@content"))

    answers = {}
    for name, text in NOINDEX_PAGES.items():
        page = tmp_path / name
        page.write_text(text, encoding="utf-8")
        answers[name] = (_is_noindex(page), parsed_answer(page))
    assert {name for name, (_fast, parsed) in answers.items() if parsed} >= {
        "moved.html", "upper.html", "decimal.html", "hex.html", "padded.html"}
    assert {name: fast for name, (fast, _parsed) in answers.items()} == {
        name: parsed for name, (_fast, parsed) in answers.items()}
