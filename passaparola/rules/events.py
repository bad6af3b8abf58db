"""Rules for events (``content/events/``): when, where, how to join, and the repeat rule.

Each field is checked on its own first (format), then :func:`event_timing` checks the fields
together (end after start, a repeat rule that works from the start, skipped dates that are real
occurrences, a place for events in person, a link for online ones). The events plugin calls the
same functions, so the build and ``invoke check`` can never disagree about an event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dateutil.rrule import rrule, rruleset, rrulestr
from icalendar import vRecur

from passaparola.i18n import format_date
from passaparola.rules.base import (
    COMMON_FIELDS,
    CheckContext,
    Document,
    Field,
    FieldError,
    Problem,
    Schema,
    address_from_title,
    choice,
    comma_list,
    content_file,
    datetime_value,
    image_needs_alt,
    line_of,
    modified_not_before_date,
    tag_list,
    text,
    web_url,
)
from passaparola.settings import DEFAULTS

MODES = ("offline", "online", "mixed")
STATUSES = ("scheduled", "cancelled", "postponed", "rescheduled", "moved-online")
DEFAULT_DURATION = DEFAULTS["EVENTS_DEFAULT_DURATION"]
# A rule with neither COUNT nor UNTIL repeats forever; pages and checks look at this many dates.
DEFAULT_MAX_OCCURRENCES = DEFAULTS["EVENTS_MAX_OCCURRENCES"]

_EVENT_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?$")
_DURATION = re.compile(r"^(?:(?P<d>\d+)\s*d)?\s*(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?$")
_PRICE = re.compile(r"^(?:€\s*)?(?P<amount>\d{1,6}(?:[.,]\d{1,2})?)(?:\s*(?:€|EUR|euro))?$", re.I)
_TEL = re.compile(r"^tel:\+?[0-9][0-9 .\-()]{3,}$")
_MAILTO = re.compile(r"^mailto:[^@\s/]+@[^@\s/]+\.[^@\s/]+$")


@dataclass(frozen=True)
class EventDate:
    """``Event-start``/``Event-end`` as written: a day, or a day and a time (no zone yet)."""

    day: date
    at: time | None  # None: the whole day

    @property
    def all_day(self) -> bool:
        return self.at is None


@dataclass(frozen=True)
class EventTiming:
    """When an event happens, in its own time zone. ``end`` is exclusive (all-day: next midnight)."""

    start: datetime
    end: datetime
    all_day: bool
    timezone: ZoneInfo
    rrule: str | None  # as RFC 5545 writes it, without the "RRULE:" prefix
    exdates: tuple[datetime, ...]  # each equal to the start of a skipped occurrence
    previous_start: datetime | None

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def occurrence_starts(self, limit: int = DEFAULT_MAX_OCCURRENCES) -> list[datetime]:
        """Every start of the event (one when it does not repeat), skipped dates left out."""
        if not self.rrule:
            return [self.start]
        dates = rruleset()
        dates.rrule(_rule(self.rrule, self.start))
        for skipped in self.exdates:
            dates.exdate(skipped)
        starts = []
        for start in dates:
            starts.append(start)
            if len(starts) >= limit:
                break
        return starts

    def occurrences(self, limit: int = DEFAULT_MAX_OCCURRENCES) -> list[tuple[datetime, datetime]]:
        """``(start, end)`` of every occurrence, in order."""
        return [(start, _add_wall_time(start, self.duration, self.all_day, self.timezone))
                for start in self.occurrence_starts(limit)]


def _rule(value: str, start: datetime) -> rrule:
    return rrulestr(value, dtstart=start, forceset=False, ignoretz=False)


def _add_wall_time(start: datetime, length: timedelta, all_day: bool, zone: ZoneInfo) -> datetime:
    """The end of an occurrence: whole days move on the calendar, not by 24 real hours."""
    if all_day:
        return datetime.combine(start.date() + timedelta(days=length.days), time(), zone)
    # Python adds to the wall-clock time of an aware datetime: normalise through UTC so that an
    # event crossing a DST change lasts its real length.
    return (start.astimezone(ZoneInfo("UTC")) + length).astimezone(zone)


# --- field parsers ---------------------------------------------------------------------------

def event_date(value: str, context: CheckContext, document: Document | None) -> EventDate:
    """``YYYY-MM-DD HH:MM``, or ``YYYY-MM-DD`` for a whole day (the time zone is a field of its own)."""
    match = _EVENT_DATE.match(value)
    try:
        if not match:
            raise ValueError(value)
        day = date.fromisoformat(match.group(1))
        at = time.fromisoformat(match.group(2)) if match.group(2) else None
    except ValueError:
        raise FieldError(context.gettext(
            "'{value}' is not a date like 2027-03-15 18:30, or 2027-03-15 for a whole day").format(
                value=value)) from None
    return EventDate(day, at)


def duration(value: str, context: CheckContext, document: Document | None) -> timedelta:
    """A length such as ``90m``, ``2h``, ``1h30m`` or ``1d``."""
    match = _DURATION.match(value.strip().lower())
    if not match or not any(match.groupdict().values()):
        raise FieldError(context.gettext(
            "'{value}' is not a length like 90m, 2h, 1h30m or 1d").format(value=value))
    length = timedelta(days=int(match["d"] or 0), hours=int(match["h"] or 0),
                       minutes=int(match["m"] or 0))
    if length <= timedelta(0):
        raise FieldError(context.gettext("must be longer than zero"))
    return length


def timezone_name(value: str, context: CheckContext, document: Document | None) -> ZoneInfo:
    """An IANA time zone name such as ``Europe/Rome``."""
    if value not in _zone_names():
        raise FieldError(context.gettext(
            "'{value}' is not a time zone name like Europe/Rome").format(value=value))
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise FieldError(context.gettext(
            "'{value}' is not a time zone name like Europe/Rome").format(value=value)) from None


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def repeat_rule(value: str, context: CheckContext, document: Document | None) -> str:
    """An RFC 5545 RRULE such as ``FREQ=MONTHLY;BYDAY=1TU;COUNT=6`` (``RRULE:`` may be written)."""
    rule = value.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[len("RRULE:"):]
    rule = rule.upper()
    problem = context.gettext(
        "'{value}' is not a repeat rule like FREQ=MONTHLY;BYDAY=1TU;COUNT=6").format(value=value)
    if "\n" in rule or not rule.startswith("FREQ=") and ";FREQ=" not in rule:
        raise FieldError(problem)
    try:
        parts = vRecur.from_ical(rule)
        if any(int(n) < 1 for n in parts.get("INTERVAL", [])):
            raise ValueError(rule)
        rrulestr(rule, dtstart=datetime(2027, 1, 1, 12, 0, tzinfo=ZoneInfo("UTC")))
    except (ValueError, TypeError, KeyError, IndexError):
        raise FieldError(problem) from None
    return rule


def date_list(value: str, context: CheckContext, document: Document | None) -> list[EventDate]:
    """Comma-separated dates (``2027-01-05, 2027-02-02``), each optionally with its time."""
    return [event_date(item, context, document) for item in comma_list(value, context, document)]


def registration(value: str, context: CheckContext, document: Document | None) -> str:
    """Where to sign up: a web address, ``tel:`` or ``mailto:``."""
    if value.startswith("tel:"):
        if not _TEL.match(value):
            raise FieldError(context.gettext("'{value}' is not a phone link like tel:+390510004127")
                             .format(value=value))
        return value.replace(" ", "")
    if value.startswith("mailto:"):
        if not _MAILTO.match(value):
            raise FieldError(context.gettext(
                "'{value}' is not an e-mail link like mailto:ciao@example.com").format(value=value))
        return value
    try:
        return web_url(value, context, document)
    except FieldError:
        raise FieldError(context.gettext(
            "'{value}' is not a web address (https://...), a tel: or a mailto: link").format(
                value=value)) from None


def price(value: str, context: CheckContext, document: Document | None) -> Decimal:
    """An amount in euro: ``0`` for free, ``15``, ``12.50`` or ``12,50``."""
    match = _PRICE.match(value.strip())
    if not match:
        raise FieldError(context.gettext(
            "'{value}' is not an amount in euro like 0 (free), 15 or 12.50").format(value=value))
    return Decimal(match["amount"].replace(",", ".")).quantize(Decimal("0.01"))


# --- the fields together -------------------------------------------------------------------------

class TimingError(ValueError):
    """A problem found when reading the time fields together; ``field`` is the field to fix."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _aware(value: EventDate, zone: ZoneInfo) -> datetime:
    return datetime.combine(value.day, value.at or time(), zone)


def default_duration(context: CheckContext) -> timedelta:
    """The ``EVENTS_DEFAULT_DURATION`` setting (``2h`` unless set)."""
    return duration(str(context.settings.get("EVENTS_DEFAULT_DURATION") or DEFAULT_DURATION),
                    context, None)


def event_timing(values: dict[str, Any], context: CheckContext) -> EventTiming:
    """The event's timing from its parsed fields (lower-case keys); raises TimingError."""
    _ = context.gettext
    start_value: EventDate = values["event-start"]
    zone = values.get("event-timezone") or ZoneInfo(context.timezone)
    start = _aware(start_value, zone)
    all_day = start_value.all_day
    if "event-end" in values and "event-duration" in values:
        raise TimingError("Event-duration", _("write either Event-end or Event-duration, not both"))
    if "event-end" in values:
        end_value: EventDate = values["event-end"]
        if end_value.all_day != all_day:
            raise TimingError("Event-end", _(
                "must be written like Event-start: both with a time, or both dates only"))
        # A whole-day end is the last day of the event, included; its exclusive end is the next day.
        end = (_aware(EventDate(end_value.day + timedelta(days=1), None), zone) if all_day
               else _aware(end_value, zone))
        if end <= start:
            raise TimingError("Event-end", _("is before Event-start"))
    else:
        if "event-duration" in values:
            length = values["event-duration"]
        else:
            length = timedelta(days=1) if all_day else default_duration(context)
        if all_day and (length.seconds or length.microseconds):
            raise TimingError("Event-duration", _("must be whole days (like 2d) for an all-day event"))
        end = _add_wall_time(start, length, all_day, zone)
    if not all_day and _missing_local_time(start):
        raise TimingError("Event-start", _(
            "this time does not exist on that day (the clocks go forward): choose another"))
    rule = values.get("event-rrule")
    exdates: tuple[datetime, ...] = ()
    if rule:
        try:
            first = next(iter(_rule(rule, start)), None)
        except (ValueError, TypeError):
            raise TimingError("Event-rrule", _(
                "does not work with Event-start; write UNTIL as a date and time in UTC, like "
                "UNTIL=20270630T220000Z")) from None
        if first is None:
            raise TimingError("Event-rrule", _("gives no date at all from Event-start"))
        if first != start:
            # RFC 5545 makes Event-start (DTSTART) a date of the event even when the rule does not
            # give it: calendar apps would show one date more than the page. Refused, not guessed.
            written = "%Y-%m-%d" if all_day else "%Y-%m-%d %H:%M"
            raise TimingError("Event-rrule", _(
                "its first date is {first} ({day}), not Event-start: calendar apps would also "
                "show {start}, the page would not. Write 'Event-start: {first}', or a rule "
                "that starts on Event-start").format(
                    first=first.astimezone(zone).strftime(written),
                    day=format_date(first, context.lang, str(zone), fmt="full"),
                    start=start.strftime(written)))
    if values.get("event-exdate"):
        if not rule:
            raise TimingError("Event-exdate", _("needs Event-rrule: only a repeating event skips dates"))
        occurrence_starts = set(EventTiming(start, end, all_day, zone, rule, (), None)
                                .occurrence_starts(limit=10_000))
        skipped = []
        for item in values["event-exdate"]:
            moment = _aware(EventDate(item.day, item.at or start_value.at), zone)
            if all_day and item.at is not None:
                raise TimingError("Event-exdate", _("the event lasts all day: write dates only"))
            if moment not in occurrence_starts:
                raise TimingError("Event-exdate", _(
                    "'{value}' is not one of the dates of the repeat rule").format(
                        value=item.day.isoformat() + (f" {item.at:%H:%M}" if item.at else "")))
            skipped.append(moment)
        exdates = tuple(sorted(set(skipped)))
    previous = values.get("event-previous-start")
    previous_start = _aware(previous, zone) if previous else None
    return EventTiming(start, end, all_day, zone, rule, exdates, previous_start)


def _missing_local_time(moment: datetime) -> bool:
    """True for a wall-clock time skipped by a DST change (02:30 on the last Sunday of March)."""
    utc = ZoneInfo("UTC")
    return moment.astimezone(utc).astimezone(moment.tzinfo).replace(tzinfo=None) != moment.replace(
        tzinfo=None)


def _timing_check(document: Document, values: dict[str, Any], context: CheckContext) -> list[Problem]:
    """The time fields together, once each of them is valid on its own."""
    if "event-start" not in values:
        return []
    time_fields = ("event-end", "event-duration", "event-timezone", "event-rrule", "event-exdate",
                   "event-previous-start")
    if any(key in document.meta and document.meta[key].value and key not in values
           for key in time_fields):
        return []  # already reported by its own parser
    try:
        event_timing(values, context)
    except TimingError as error:
        return [Problem(document.display, line_of(document, error.field), error.field, error.message)]
    return []


def _place_check(document: Document, values: dict[str, Any], context: CheckContext) -> list[Problem]:
    """In person needs a place, online needs a link, mixed needs both."""
    _ = context.gettext
    mode = values.get("event-mode", "offline")
    status = values.get("event-status", "scheduled")
    problems = []

    def missing(key: str) -> bool:  # a present but invalid value is reported by its own parser
        return key not in document.meta or not document.meta[key].value

    if mode in ("offline", "mixed") and missing("event-location"):
        problems.append(Problem(document.display, line_of(document, "event-mode"), "Event-location", _(
            "is required for an event in person (Event-mode: {mode}): write the place and address"
        ).format(mode=mode)))
    if (mode in ("online", "mixed") or status == "moved-online") and missing("event-url"):
        problems.append(Problem(document.display, line_of(document, "event-mode"), "Event-url", _(
            "is required for an online event: write the link of the live stream or webinar")))
    if not missing("event-previous-start") and status != "rescheduled":
        problems.append(Problem(document.display, line_of(document, "event-previous-start"),
                                "Event-previous-start", _(
                                    "is only used with Event-status: rescheduled")))
    if status == "rescheduled" and "event-previous-start" not in values:
        problems.append(Problem(document.display, line_of(document, "event-status"),
                                "Event-previous-start", _(
                                    "is missing: write the old date, so visitors and search engines "
                                    "see that the event moved"), level="warning"))
    return problems


EVENT_FIELDS: tuple[Field, ...] = (
    Field("Title", text, required=True),
    Field("Summary", text),
    Field("Date", datetime_value),
    Field("Modified", datetime_value),
    Field("Tags", tag_list),
    Field("Image", content_file),
    Field("Image_alt", text),
    Field("Social", text),
    Field("Event-start", event_date, required=True),
    Field("Event-end", event_date),
    Field("Event-duration", duration),
    Field("Event-timezone", timezone_name),
    Field("Event-mode", choice(*MODES)),
    Field("Event-location", text),
    Field("Event-url", web_url),
    Field("Event-rrule", repeat_rule),
    Field("Event-exdate", date_list),
    Field("Event-status", choice(*STATUSES)),
    Field("Event-registration", registration),
    Field("Event-price", price),
    Field("Event-previous-start", event_date),
)

EVENT_SCHEMA = Schema(
    fields=COMMON_FIELDS + EVENT_FIELDS,
    cross_checks=(image_needs_alt("Image", "Image_alt"), modified_not_before_date, address_from_title,
                  _timing_check, _place_check),
)


def parse_event_metadata(raw: dict[str, str], context: CheckContext) -> dict[str, Any]:
    """The event fields of already-checked metadata (lower-case keys), parsed like the rules do."""
    parsed: dict[str, Any] = {}
    for spec in EVENT_FIELDS:
        key = spec.name.lower()
        value = raw.get(key)
        if isinstance(value, str) and value.strip() and key.startswith("event-"):
            parsed[key] = spec.parse(value.strip(), context, None)
    return parsed
