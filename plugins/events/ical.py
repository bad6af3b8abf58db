"""Events as iCalendar (RFC 5545): one VEVENT per event, whole calendars, "add to Google" links.

The generator (``events.py``) decides which events exist and where their files go; this module
only says how an event is written for calendar apps, so the bytes of a ``.ics`` depend on the
event alone (its SEQUENCE comes from :func:`revision_of`, kept by the generator between builds).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import icalendar
from icalendar import Calendar, Timezone, vDuration, vRecur
from icalendar import Event as VEvent
from markupsafe import Markup

from passaparola.build.render_cache_store import kept_bytes
from passaparola.rules.events import EventTiming
from passaparola.settings import setting
from passaparola.web import absolute_url

if TYPE_CHECKING:
    from .events import Event

# Event-status -> iCalendar STATUS.
ICAL_STATUS = {"scheduled": "CONFIRMED", "rescheduled": "CONFIRMED", "moved-online": "CONFIRMED",
               "postponed": "TENTATIVE", "cancelled": "CANCELLED"}
PRODID = "-//Passaparola//Events//EN"


def revision_of(event: Event) -> str:
    """What a calendar client must notice: the times, the repeat rule, the zone and the status."""
    timing: EventTiming = event.timing
    parts = [timing.start.isoformat(), timing.end.isoformat(), str(timing.timezone),
             timing.rrule or "", ",".join(d.isoformat() for d in timing.exdates), event.event_status]
    return " | ".join(parts)


def plain_text(html: str | None) -> str:
    """The text of an HTML summary, for calendars, links and JSON-LD (no markup)."""
    return Markup(html or "").striptags()


@dataclass(frozen=True)
class CalendarEntry:
    """Everything one VEVENT is made of, taken from an event once.

    :func:`vevent_for` reads nothing else, so these values (with the calendar's own, in
    :func:`calendar_inputs`) are all a ``.ics`` depends on, and their ``repr`` keys its kept
    bytes (:func:`calendar_bytes`).
    """

    uid: str
    stamp: datetime  # DTSTAMP: when the event was last revised, from Modified or Date, never the clock
    sequence: int
    all_day: bool
    start: datetime
    end: datetime
    timezone: tzinfo
    rrule: str | None
    exdates: tuple[datetime, ...]
    title: str
    description: str
    location: str
    conference: str  # the online address, for online and mixed events
    url: str
    status: str
    categories: tuple[str, ...]
    modified: datetime | None
    years: tuple[int, int]  # of the first start and the last end: the time zone rules it needs


def calendar_entry(settings: dict[str, Any], event: Event) -> CalendarEntry:
    """What the VEVENT of ``event`` shows, in the site's settings."""
    modified = getattr(event, "modified", None) or None
    description = [plain_text(getattr(event, "summary", ""))]
    if event.mode in ("online", "mixed"):
        description.append(event.online_url)
    if event.registration:
        description.append(event.registration)
    url = absolute_url(settings, event.url)
    description.append(url)
    return CalendarEntry(
        uid=event.uid, stamp=(modified or event.date).astimezone(UTC), sequence=event.sequence,
        all_day=event.all_day, start=event.start, end=event.end, timezone=event.timezone,
        rrule=event.rrule, exdates=tuple(event.exdates), title=event.title,
        description="\n\n".join(p for p in description if p),
        location=event.location if event.mode in ("offline", "mixed") else event.online_url,
        conference=event.online_url if event.mode in ("online", "mixed") else "",
        url=url, status=ICAL_STATUS[event.event_status],
        categories=tuple(str(tag) for tag in getattr(event, "tags", None) or ()),
        modified=modified, years=(event.start.year, event.last_end.year))


def vevent_for(entry: CalendarEntry) -> VEvent:
    """The VEVENT of one event, its rule kept as a rule."""
    vevent = VEvent()
    vevent.add("uid", entry.uid)
    vevent.add("dtstamp", entry.stamp)
    vevent.add("sequence", entry.sequence)
    if entry.all_day:
        vevent.add("dtstart", entry.start.date())
        vevent.add("dtend", entry.end.date())  # exclusive: the day after the last day
    else:
        vevent.add("dtstart", entry.start)
        vevent.add("dtend", entry.end)
    if entry.rrule:
        rule = vRecur.from_ical(entry.rrule)
        if entry.all_day and rule.get("UNTIL"):
            # With a DATE start, UNTIL must be a DATE too: the last day, in the event's zone.
            rule["UNTIL"] = [until.astimezone(entry.timezone).date() if isinstance(until, datetime)
                             else until for until in rule["UNTIL"]]
        vevent.add("rrule", rule)
    if entry.exdates:
        vevent.add("exdate", [d.date() if entry.all_day else d for d in entry.exdates])
    vevent.add("summary", entry.title)
    vevent.add("description", entry.description)
    vevent.add("location", entry.location)
    if entry.conference:
        vevent.add("conference", entry.conference, parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
    vevent.add("url", entry.url)
    vevent.add("status", entry.status)
    if entry.categories:
        vevent.add("categories", list(entry.categories))
    if entry.modified:
        vevent.add("last-modified", entry.modified.astimezone(UTC))
    return vevent


@dataclass(frozen=True)
class CalendarInputs:
    """Everything one ``.ics`` file is made of: its header and its events' entries."""

    name: str
    refresh_hours: int
    source: str
    entries: tuple[CalendarEntry, ...]


def calendar_inputs(settings: dict[str, Any], events: list[Event], gettext) -> CalendarInputs:
    """What the calendar of ``events`` shows, in the site's settings and language.

    ``gettext`` is the site language's (the generator's ``Texts``): it names the calendar.
    """
    name = gettext("Events of %(site)s") % {"site": settings.get("SITENAME", "")}
    if len(events) == 1:
        name = f"{events[0].title} · {settings.get('SITENAME', '')}"
    return CalendarInputs(
        name=name, refresh_hours=int(setting(settings, "EVENTS_CALENDAR_REFRESH_HOURS")),
        source=absolute_url(settings, setting(settings, "EVENTS_CALENDAR_SAVE_AS")),
        entries=tuple(sorted((calendar_entry(settings, e) for e in events), key=lambda e: e.uid)))


def calendar_for(inputs: CalendarInputs) -> Calendar:
    """A calendar with the events of ``inputs``, every time zone they use, and the refresh hints."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.calendar_name = inputs.name  # NAME and X-WR-CALNAME
    refresh = timedelta(hours=inputs.refresh_hours)
    # REFRESH-INTERVAL (RFC 7986, which requires the VALUE parameter)
    cal.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(refresh))  # the same hint for Outlook and Apple Calendar
    cal.add("source", inputs.source, parameters={"VALUE": "URI"})
    entries = inputs.entries
    if entries:
        years = [year for e in entries for year in e.years]
        # Every zone a time refers to, with its rules for the years the events span (small and
        # exact), in name order so that two builds write the same bytes.
        for tzid in sorted({str(e.timezone) for e in entries if not e.all_day}):
            cal.add_component(Timezone.from_tzid(tzid, first_date=date(min(years) - 1, 1, 1),
                                                 last_date=date(max(years) + 2, 1, 1)))
    for entry in entries:
        cal.add_component(vevent_for(entry))
    return cal


# The code that writes calendars, in the key of every kept .ics: a change to it, or to icalendar,
# makes them again (the build's RENDER_CACHE_DIGEST, also in the key, covers the rest of the code).
CODE_VERSION = hashlib.sha256(Path(__file__).read_bytes() + icalendar.__version__.encode()).hexdigest()


@functools.cache
def zone_rules(tzid: str) -> bytes:
    """The compiled rules of a time zone, where ``zoneinfo`` finds them (the system's first).

    A VTIMEZONE is written from them: a tz database update must make the calendars again.
    """
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / tzid
        if path.is_file():
            return path.read_bytes()
    try:
        return importlib.resources.files("tzdata.zoneinfo").joinpath(*tzid.split("/")).read_bytes()
    except (ModuleNotFoundError, OSError):
        return b""


def calendar_bytes(settings: dict[str, Any], inputs: CalendarInputs) -> bytes:
    """The ``.ics`` of ``inputs``: kept from an earlier build when made of the same values.

    The key is every value the file is made of (``inputs``, whose ``repr`` shows them all), the
    rules of the time zones it writes, this module's code and icalendar's version; the render
    cache adds the build's digest (settings, theme, plugins, versions).
    """
    zones = sorted({str(e.timezone) for e in inputs.entries if not e.all_day})
    key = "\0".join(["ics", CODE_VERSION, repr(inputs),
                      *(f"{tzid}:{hashlib.sha256(zone_rules(tzid)).hexdigest()}" for tzid in zones)])
    return kept_bytes(settings, key, lambda: calendar_for(inputs).to_ical())


def google_calendar_url(event: Event) -> str:
    """A Google Calendar "add event" link with the event's times, place and rule."""
    if event.all_day:
        dates = f"{event.start:%Y%m%d}/{event.end:%Y%m%d}"
    else:
        dates = f"{event.start:%Y%m%dT%H%M%S}/{event.end:%Y%m%dT%H%M%S}"
    query = {"action": "TEMPLATE", "text": event.title, "dates": dates,
             "details": "\n".join(p for p in (plain_text(getattr(event, "summary", "")),
                                              event.online_url) if p),
             "location": event.location or event.online_url}
    if not event.all_day:
        query["ctz"] = str(event.timezone)
    if event.rrule:
        query["recur"] = f"RRULE:{event.rrule}"
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


