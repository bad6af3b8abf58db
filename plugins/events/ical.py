"""Events as iCalendar (RFC 5545): one VEVENT per event, whole calendars, "add to Google" links.

The generator (``events.py``) decides which events exist and where their files go; this module
only says how an event is written for calendar apps, so the bytes of a ``.ics`` depend on the
event alone (its SEQUENCE comes from :func:`revision_of`, kept by the generator between builds).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from icalendar import Calendar, Timezone, vDuration, vRecur
from icalendar import Event as VEvent
from markupsafe import Markup

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


def _stamp(event: Event) -> datetime:
    """DTSTAMP: when the event was last revised, from its Modified or Date, never the clock."""
    moment = getattr(event, "modified", None) or event.date
    return moment.astimezone(UTC)


def vevent_for(settings: dict[str, Any], event: Event) -> VEvent:
    """The VEVENT of one event, its rule kept as a rule."""
    vevent = VEvent()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", _stamp(event))
    vevent.add("sequence", event.sequence)
    if event.all_day:
        vevent.add("dtstart", event.start.date())
        vevent.add("dtend", event.end.date())  # exclusive: the day after the last day
    else:
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.end)
    if event.rrule:
        rule = vRecur.from_ical(event.rrule)
        if event.all_day and rule.get("UNTIL"):
            # With a DATE start, UNTIL must be a DATE too: the last day, in the event's zone.
            rule["UNTIL"] = [until.astimezone(event.timezone).date() if isinstance(until, datetime)
                             else until for until in rule["UNTIL"]]
        vevent.add("rrule", rule)
    if event.exdates:
        vevent.add("exdate", [d.date() if event.all_day else d for d in event.exdates])
    vevent.add("summary", event.title)
    description = [plain_text(getattr(event, "summary", ""))]
    if event.mode in ("online", "mixed"):
        description.append(event.online_url)
    if event.registration:
        description.append(event.registration)
    description.append(absolute_url(settings, event.url))
    vevent.add("description", "\n\n".join(p for p in description if p))
    if event.mode in ("offline", "mixed"):
        vevent.add("location", event.location)
    else:
        vevent.add("location", event.online_url)
    if event.mode in ("online", "mixed"):
        vevent.add("conference", event.online_url, parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
    vevent.add("url", absolute_url(settings, event.url))
    vevent.add("status", ICAL_STATUS[event.event_status])
    if getattr(event, "tags", None):
        vevent.add("categories", [str(tag) for tag in event.tags])
    if getattr(event, "modified", None):
        vevent.add("last-modified", event.modified.astimezone(UTC))
    return vevent


def calendar_for(settings: dict[str, Any], events: list[Event], gettext) -> Calendar:
    """A calendar with ``events``, every time zone they use, and the refresh hints.

    ``gettext`` is the site language's (the generator's ``Texts``): it names the calendar.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = gettext("Events of %(site)s") % {"site": settings.get("SITENAME", "")}
    if len(events) == 1:
        name = f"{events[0].title} · {settings.get('SITENAME', '')}"
    cal.calendar_name = name  # NAME and X-WR-CALNAME
    refresh = timedelta(hours=int(setting(settings, "EVENTS_CALENDAR_REFRESH_HOURS")))
    # REFRESH-INTERVAL (RFC 7986, which requires the VALUE parameter)
    cal.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(refresh))  # the same hint for Outlook and Apple Calendar
    cal.add("source", absolute_url(settings, setting(settings, "EVENTS_CALENDAR_SAVE_AS")),
            parameters={"VALUE": "URI"})
    if events:
        years = [e.start.year for e in events] + [e.last_end.year for e in events]
        # Every zone a time refers to, with its rules for the years the events span (small and
        # exact), in name order so that two builds write the same bytes.
        for tzid in sorted({str(e.timezone) for e in events if not e.all_day}):
            cal.add_component(Timezone.from_tzid(tzid, first_date=date(min(years) - 1, 1, 1),
                                                 last_date=date(max(years) + 2, 1, 1)))
    for event in sorted(events, key=lambda e: e.uid):
        cal.add_component(vevent_for(settings, event))
    return cal


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


