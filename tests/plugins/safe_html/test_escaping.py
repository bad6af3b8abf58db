"""Text that looks like markup reaches every channel as text: pages, RSS, Atom, JSON Feed,
JSON-LD and iCalendar. Escaping is done by the libraries (Jinja2, feedgen, json, icalendar)."""

from __future__ import annotations

import json

import feedparser
import icalendar
import pytest
from lxml import html

from passaparola.build.driver import build

NASTY = 'Serata </script><b>x</b> ]]> & "virgolette" <!-- ok'


@pytest.fixture(scope="module")
def nasty_site(tmp_path_factory):
    from tests.support import copy_project

    project = copy_project(tmp_path_factory.mktemp("escaping") / "project")
    (project / "content/tips/nasty.md").write_text(
        f"Title: {NASTY}\nDate: 2026-11-24 10:00\nSummary: {NASTY}\nTags: prova\n\n{NASTY}\n",
        encoding="utf-8")
    (project / "content/events/nasty.md").write_text(
        f"Title: {NASTY}\nDate: 2026-11-24 10:00\nSummary: {NASTY}\nEvent-start: 2027-02-10 18:00\n"
        f"Event-location: {NASTY}, Bologna\n\n{NASTY}\n", encoding="utf-8")
    (project / "content/testimonials/nasty.md").write_text(
        f"Title: {NASTY}\nDate: 2026-11-24 10:00\nRating: 4\nReviewer: Zeno Zanzotto\n"
        f"Consent: full-name\nService: Taglio\nReply: {NASTY}\n\n{NASTY}\n", encoding="utf-8")
    return build(project).output_dir


def parsed_page(path):
    document = html.parse(str(path)).getroot()
    scripts = [s for s in document.iter("script") if s.get("type") != "application/ld+json"]
    assert all(s.get("src") for s in scripts), f"an inline script appeared in {path}"
    return document


def test_pages_show_titles_literally_and_customer_text_never_becomes_markup(nasty_site):
    pages = {}
    for path in nasty_site.rglob("index.html"):
        document = parsed_page(path)
        if any(h1.text_content().strip() == NASTY for h1 in document.iter("h1")):
            pages[path.relative_to(nasty_site).parts[0]] = document
    assert {"consigli", "eventi", "recensioni"} <= set(pages)
    # The owner's Markdown may use HTML (sanitised); a customer's words are always text.
    testimonial = pages["recensioni"]
    assert not testimonial.xpath("//main//b[text()='x']")
    assert testimonial.xpath("//main")[0].text_content().count(NASTY) >= 2  # text and reply


def json_strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    return [text for value in values for text in json_strings(value)]


def test_json_ld_carries_the_text_and_cannot_close_its_script(nasty_site):
    found = 0
    for path in nasty_site.rglob("index.html"):
        raw = path.read_text(encoding="utf-8")
        for script in html.fromstring(raw).xpath("//script[@type='application/ld+json']"):
            assert "</script" not in (script.text or "")
            if NASTY in json_strings(json.loads(script.text)):
                found += 1
    assert found >= 2


@pytest.mark.parametrize("feed", ["feed.xml", "atom.xml"])
def test_xml_feeds_carry_the_text(nasty_site, feed):
    parsed = feedparser.parse((nasty_site / feed).read_bytes())
    assert not parsed.bozo
    assert any(entry.title == NASTY for entry in parsed.entries)


def test_json_feed_carries_the_text(nasty_site):
    feed = json.loads((nasty_site / "feed.json").read_bytes())
    assert any(item.get("title") == NASTY for item in feed["items"])


def test_icalendar_carries_the_text(nasty_site):
    calendar = icalendar.Calendar.from_ical((nasty_site / "calendar.ics").read_bytes())
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert NASTY in summaries
