"""Each language has its own feeds and calendar, read back with feedparser and icalendar.

The English feed says ``en`` and lists the English pages (under ``/en/``), the Italian one says
``it`` and lists none of them; the English calendar has the English titles, and no UID of one
calendar is in the other (a calendar app that subscribed to both keeps two events, each in its
language, instead of one that flips between them).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import feedparser
from icalendar import Calendar
from lxml import html

EXPECTED_ENGLISH_EVENTS = {"Braiding workshop for parents", "An evening on natural hair colour"}


def english_titles(site, section: str) -> set[str]:
    pages = sorted((site / "en" / section).glob("*/index.html"))
    assert pages, section
    return {html.parse(str(page)).findtext(".//h1").strip() for page in pages}


def test_each_language_has_its_own_feed_in_its_language(demo_site):
    italian = feedparser.parse(str(demo_site / "feed.xml"))
    english = feedparser.parse(str(demo_site / "en" / "feed.xml"))
    assert not italian.bozo and not english.bozo
    assert (italian.feed.language, english.feed.language) == ("it", "en")
    assert italian.entries and english.entries
    assert not [e.link for e in italian.entries if urlsplit(e.link).path.startswith("/en/")]
    assert all(urlsplit(e.link).path.startswith("/en/") for e in english.entries)
    assert not {e.id for e in italian.entries} & {e.id for e in english.entries}
    translated = {e.title for e in english.entries
                  if urlsplit(e.link).path.startswith(("/en/tips/", "/en/events/"))}
    assert translated == english_titles(demo_site, "tips") | english_titles(demo_site, "events")
    tips_feed = feedparser.parse(str(demo_site / "en" / "tips" / "atom.xml"))
    assert {e.title for e in tips_feed.entries} == english_titles(demo_site, "tips")


def test_each_language_has_its_own_calendar_with_its_own_uids(demo_site):
    italian = Calendar.from_ical((demo_site / "calendar.ics").read_bytes())
    english = Calendar.from_ical((demo_site / "en" / "calendar.ics").read_bytes())
    italian_events = {str(e["uid"]): str(e["summary"]) for e in italian.walk("VEVENT")}
    english_events = {str(e["uid"]): str(e["summary"]) for e in english.walk("VEVENT")}
    assert italian_events and english_events
    # The translated events with UIDs of their own; the untranslated ones as the Italian calendar
    # has them (plugins/events/untranslated.py, tested in tests/plugins/events).
    translated = {uid: title for uid, title in english_events.items() if uid not in italian_events}
    assert set(translated.values()) == EXPECTED_ENGLISH_EVENTS == english_titles(demo_site, "events")
    assert not set(italian_events.values()) & EXPECTED_ENGLISH_EVENTS
    untranslated = set(english_events) - set(translated)
    assert untranslated and all(english_events[uid] == italian_events[uid] for uid in untranslated)
    assert str(english.get("X-WR-CALNAME")).startswith("Events")
    assert str(italian.get("X-WR-CALNAME")).startswith("Eventi")
