"""The English calendar holds every event of the site: the translated ones in English, the others as
written in Italian, marked so, with their Italian page, as the English events page lists them."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import recurring_ical_events
from icalendar import Calendar

from plugins.events.untranslated import with_untranslated_events


def calendar(path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def values(vevent) -> list[tuple[str, bytes]]:
    return [(name, value) for name, value in vevent.property_items(recursive=False)]


def test_the_english_calendar_has_every_event_the_untranslated_ones_in_italian(demo_site):
    italian = {str(e["UID"]): e for e in calendar(demo_site / "calendar.ics").walk("VEVENT")}
    english_calendar = calendar(demo_site / "en" / "calendar.ics")
    english = {str(e["UID"]): e for e in english_calendar.walk("VEVENT")}
    translated = {uid for uid in english if uid not in italian}
    untranslated = {uid for uid in english if uid in italian}
    assert translated and untranslated
    # Every Italian event is there once: as itself, or as its translation (UID "<name>.en").
    for uid in italian:
        name = uid.split("@")[0]
        assert (uid in english) != any(other.startswith(f"{name}.en@") for other in translated), uid
    for uid in untranslated:
        event = english[uid]
        # The Italian VEVENT as it is (UID, SEQUENCE, times, texts), its texts said to be Italian.
        assert values(event) == values(italian[uid])
        assert all(event[name].params["LANGUAGE"] == "it"
                   for name in ("SUMMARY", "DESCRIPTION", "LOCATION") if name in event)
        page = urlsplit(str(event["URL"])).path
        assert not page.startswith("/en/") and (demo_site / page.lstrip("/") / "index.html").is_file()
    for uid in translated:
        assert "LANGUAGE" not in english[uid]["SUMMARY"].params
        assert urlsplit(str(english[uid]["URL"])).path.startswith("/en/")
    # Its time zones are those its events use: a calendar app can place every occurrence.
    zones = {str(z["TZID"]) for z in english_calendar.walk("VTIMEZONE")}
    used = {str(e[p].params["TZID"]) for e in english.values() for p in ("DTSTART", "DTEND")
            if "TZID" in e[p].params}
    assert used and used <= zones
    occurrences = recurring_ical_events.of(english_calendar).between(date(2026, 1, 1),
                                                                     date(2028, 1, 1))
    assert {str(o["UID"]) for o in occurrences} >= untranslated & {
        str(o["UID"]) for o in recurring_ical_events.of(calendar(demo_site / "calendar.ics"))
        .between(date(2026, 1, 1), date(2028, 1, 1))}


def test_no_untranslated_event_leaves_the_calendar_as_it_was(demo_site):
    english = (demo_site / "en" / "calendar.ics").read_bytes()
    italian = (demo_site / "calendar.ics").read_bytes()
    assert with_untranslated_events(english, italian, set(), "it") == english
    assert with_untranslated_events(english, italian, {"/eventi/nessuno/"}, "it") == english
