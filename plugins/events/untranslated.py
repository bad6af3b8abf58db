"""An extra language's calendar also holds the events not translated into it, as written.

On a site in several languages, the English events page lists the Italian events nobody has
translated yet, at the bottom, marked "in italiano" (plugins/translations). A calendar app that
subscribes to the English ``calendar.ics`` must not miss them either: a customer who reads
English still comes to the salon on that evening. So the extra language's calendar gets the
default language's VEVENT of each untranslated event, the same one the default calendar has (its
UID, SEQUENCE and Italian page), with ``LANGUAGE`` on its texts (RFC 5545, 3.2.10) so a
calendar app knows they are not English, and the time zones those events use.

The default language's run writes its calendar before any other run starts
(passaparola.build.driver), so the VEVENTs are read from that file, parsed by icalendar.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from icalendar import Calendar

# The texts of a VEVENT written in a language (RFC 5545 allows LANGUAGE on them).
TEXT_PROPERTIES = ("SUMMARY", "DESCRIPTION", "LOCATION")


def _zones_used(vevent) -> set[str]:
    return {str(vevent[name].params["TZID"]) for name in ("DTSTART", "DTEND", "EXDATE")
            if name in vevent and not isinstance(vevent[name], list)
            and "TZID" in vevent[name].params}


def with_untranslated_events(calendar: bytes, default_calendar: bytes, pages: set[str],
                             default_lang: str) -> bytes:
    """``calendar`` with the VEVENTs of ``default_calendar`` whose page (the path of their URL) is
    one of ``pages``, their texts marked as written in ``default_lang``; unchanged without any.

    Components are in the order :func:`plugins.events.ical.calendar_for` writes them (time zones
    by name, then events by UID), so the same inputs give the same bytes.
    """
    source = Calendar.from_ical(default_calendar)
    added = [vevent for vevent in source.walk("VEVENT")
             if urlsplit(str(vevent.get("URL", ""))).path in pages]
    if not added:
        return calendar
    merged = Calendar.from_ical(calendar)
    for vevent in added:
        for name in TEXT_PROPERTIES:
            if name in vevent:
                vevent[name].params["LANGUAGE"] = default_lang
    zones = {str(zone["TZID"]): zone for zone in merged.walk("VTIMEZONE")}
    for zone in source.walk("VTIMEZONE"):
        tzid = str(zone["TZID"])
        if tzid not in zones and any(tzid in _zones_used(vevent) for vevent in added):
            zones[tzid] = zone
    events = {str(vevent["UID"]): vevent for vevent in [*merged.walk("VEVENT"), *added]}
    merged.subcomponents = ([zones[tzid] for tzid in sorted(zones)]
                            + [events[uid] for uid in sorted(events)])
    return merged.to_ical()
