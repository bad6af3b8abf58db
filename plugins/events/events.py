"""Events: pages, the events list, month calendars, iCalendar files and schema.org Event data.

Events are Markdown files in ``content/events/``, read through Pelican's readers into
:class:`Event` objects. Their fields were already checked by ``passaparola.rules.events``
before Pelican ran; this module parses them again with the same functions, so the two agree.

Everything a template shows is computed here (texts in the site language, links, JSON-LD);
templates only lay it out. How an event is written for calendar apps lives in ``ical.py``, and
its schema.org data in ``schema.py``; this module is the generator that reads and places them.
Nothing here reads the clock except the upcoming/past split, which ``EVENTS_NOW`` can fix for a
reproducible build.
"""

from __future__ import annotations

import calendar as month_grid
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_day_names, get_timezone_location
from pelican.contents import Content
from pelican.generators import Generator

from passaparola import i18n
from passaparola.build.languages import RUN_SETTING
from passaparola.rules.base import CheckContext
from passaparola.rules.events import (
    event_timing,
    parse_event_metadata,
)
from passaparola.settings import (
    DEFAULTS,
    EVENTS,
    EVENTS_NEXT_CHANGE,
    HIDDEN_EVENTS,
    SECTION_SLUGS,
    UPCOMING_EVENTS,
    setting,
    site_language,
    site_timezone,
)
from passaparola.web import absolute_url, json_for_script, site_base_url

from .ical import calendar_bytes, calendar_inputs, google_calendar_url, revision_of
from .schema import schema_event
from .untranslated import with_untranslated_events


class Event(Content):
    """One event from ``content/events/``.

    ``status`` stays Pelican's publication status (``published``, ``hidden``, ``draft``), which the
    build checks; the event's own status (``scheduled``, ``cancelled``...) is ``event_status``.
    """

    mandatory_properties = ("title",)
    allowed_statuses = ("published", "hidden", "draft")
    default_status = "published"
    default_template = "event"


@dataclass
class Occurrence:
    """One date of an event, as shown on the pages."""

    event: Event
    start: datetime
    end: datetime
    text: str  # when, in the site language


@dataclass
class MonthPage:
    """One month of the calendar: weeks of days, each with the occurrences that touch it."""

    year: int
    month: int
    title: str
    save_as: str
    url: str
    weeks: list[list[dict[str, Any]]]
    occurrences: list[Occurrence] = field(default_factory=list)
    previous: MonthPage | None = None
    next: MonthPage | None = None


# --- texts in the site language ------------------------------------------------------------------

class Texts:
    """Dates, times and labels in the site language, using the theme's catalogs."""

    def __init__(self, settings: dict[str, Any]):
        self.lang = site_language(settings)
        self.site_zone = ZoneInfo(site_timezone(settings))
        self.locale = i18n.babel_locale(self.lang)
        self.gettext = i18n.translations(self.lang, [Path(settings["THEME"]) / "locale"]).gettext

    def day(self, value: date, fmt: str = "full") -> str:
        return format_date(value, format=fmt, locale=self.locale)

    def clock(self, value: datetime) -> str:
        return format_time(value, format="short", tzinfo=value.tzinfo, locale=self.locale)

    def zone(self, zone: ZoneInfo) -> str:
        return get_timezone_location(zone, locale=self.locale)

    def when(self, start: datetime, end: datetime, all_day: bool, with_zone: bool = True) -> str:
        """``sabato 12 dicembre 2026, 18:30–20:30 (Ora Italia)`` and its all-day and multi-day forms."""
        _ = self.gettext
        if all_day:
            last_day = (end - timedelta(days=1)).date()
            if last_day == start.date():
                return _("%(day)s, all day") % {"day": self.day(start.date())}
            return _("from %(start)s to %(end)s") % {"start": self.day(start.date()),
                                                     "end": self.day(last_day)}
        if end.date() == start.date():
            text = f"{self.day(start.date())}, {self.clock(start)}–{self.clock(end)}"
        else:
            text = (f"{self.day(start.date())}, {self.clock(start)} – "
                    f"{self.day(end.date())}, {self.clock(end)}")
        if with_zone:
            text = _("%(when)s (%(zone)s)") % {"when": text, "zone": self.zone(start.tzinfo)}
        return text

    def month(self, year: int, month: int) -> str:
        return format_date(date(year, month, 1), format="LLLL yyyy", locale=self.locale)

    def status_label(self, status: str) -> str:
        _ = self.gettext
        return {"scheduled": "", "cancelled": _("Cancelled"), "postponed": _("Postponed"),
                "rescheduled": _("Rescheduled"), "moved-online": _("Moved online")}[status]

    def mode_label(self, mode: str) -> str:
        _ = self.gettext
        return {"offline": _("In person"), "online": _("Online only"),
                "mixed": _("In person and online")}[mode]

    def price_label(self, price: Decimal | None) -> str:
        if price is None:
            return ""
        if price == 0:
            return self.gettext("Free")
        from babel.numbers import format_currency

        return format_currency(price, "EUR", locale=self.locale)


# --- reading the events -----------------------------------------------------------------------

class EventsGenerator(Generator):
    """Reads ``content/events/`` and writes the event pages, the list, the calendars and the .ics."""

    def __init__(self, *args, **kwargs):
        self.events: list[Event] = []
        self.hidden_events: list[Event] = []
        self.months: list[MonthPage] = []
        self.sequences: dict[str, dict[str, Any]] = {}
        self.sequences_changed = False
        # Events are read through Pelican's reading cache like tips, when the build turns it on.
        kwargs.setdefault("readers_cache_name", "EventsGenerator-Readers")
        super().__init__(*args, **kwargs)
        slugs = self.settings.get(SECTION_SLUGS) or {}
        self.events_slug = slugs.get("events", "events")
        self.calendar_slug = slugs.get("calendar", "calendar")
        # Other capabilities read where events live (plugins/addresses keeps their addresses).
        self.settings.setdefault("EVENTS_PATHS", DEFAULTS["EVENTS_PATHS"])
        self.settings.setdefault("EVENT_URL", f"{self.events_slug}/{{slug}}/")
        self.settings.setdefault("EVENT_SAVE_AS", f"{self.events_slug}/{{slug}}/index.html")
        self.settings.setdefault("EVENT_LANG_URL", f"{{lang}}/{self.events_slug}/{{slug}}/")
        self.settings.setdefault("EVENT_LANG_SAVE_AS",
                                 f"{{lang}}/{self.events_slug}/{{slug}}/index.html")
        self.texts = Texts(self.settings)
        self.check_context = CheckContext(
            content_dir=Path(self.settings["PATH"]), lang=self.texts.lang,
            timezone=site_timezone(self.settings), settings=self.settings)

    # The build time: when "upcoming" ends. EVENTS_NOW fixes it for a reproducible build.
    def now(self) -> datetime:
        fixed = setting(self.settings, "EVENTS_NOW")
        if fixed:
            moment = fixed if isinstance(fixed, datetime) else datetime.fromisoformat(str(fixed))
            return moment if moment.tzinfo else moment.replace(tzinfo=self.texts.site_zone)
        return datetime.now(UTC)

    def generate_context(self) -> None:
        self._load_sequences()
        published, hidden = [], []
        for path in sorted(self.get_files(setting(self.settings, "EVENTS_PATHS"))):
            event = self.readers.read_file(base_path=self.path, path=path, content_class=Event,
                                           context=self.context)
            if not event.is_valid():
                self._add_failed_source_path(path)
                continue
            self.add_source_path(event)
            self.add_static_links(event)
            if event.status == "published":
                published.append(event)
            elif event.status == "hidden":
                hidden.append(event)
            # drafts are not written: preview them with Status: hidden
        self.readers.save_cache()
        now = self.now()
        for event in published + hidden:
            self._complete(event, now)
        self.events = sorted(published, key=lambda e: (e.start, e.slug))
        self.hidden_events = hidden
        upcoming = sorted((e for e in self.events if e.is_upcoming),
                          key=lambda e: (e.next_occurrence.start, e.slug))
        past = sorted((e for e in self.events if not e.is_upcoming),
                      key=lambda e: (e.last_end, e.slug), reverse=True)
        self.context[EVENTS] = self.events
        self.context[HIDDEN_EVENTS] = self.hidden_events
        self.context["events_upcoming_at_build"] = upcoming
        self.context["events_past_at_build"] = past
        self.context[UPCOMING_EVENTS] = [e for e in upcoming
                                          if e.event_status != "cancelled"]
        # The lists above change when the next occurrence ends; a fixed EVENTS_NOW never moves.
        ends = [o.end for e in published + hidden for o in e.occurrences if o.end > now]
        self.context[EVENTS_NEXT_CHANGE] = (
            None if setting(self.settings, "EVENTS_NOW") or not ends else min(ends))
        self.context["home_events"] = self.context[UPCOMING_EVENTS][
            :int(setting(self.settings, "EVENTS_HOME_COUNT"))]
        self.months = self._months()
        self.context["event_months"] = self.months
        self.context["events_url"] = f"{self.events_slug}/"
        self.context["calendar_url"] = f"{self.calendar_slug}/"
        calendar_path = setting(self.settings, "EVENTS_CALENDAR_SAVE_AS")
        self.context["events_calendar_ics"] = calendar_path
        self.context["events_calendar_webcal"] = "webcal://" + absolute_url(
            self.settings, calendar_path).split("://", 1)[1]
        self.context["events_calendar_google"] = (
            "https://calendar.google.com/calendar/render?"
            + urlencode({"cid": self.context["events_calendar_webcal"]}))

    def _complete(self, event: Event, now: datetime) -> None:
        """Set every attribute the templates, the feeds and the other plugins read."""
        texts, settings = self.texts, self.settings
        fields = parse_event_metadata(event.metadata, self.check_context)
        timing = event_timing(fields, self.check_context)
        event.timing = timing
        event.start, event.end, event.all_day = timing.start, timing.end, timing.all_day
        event.timezone = timing.timezone
        event.mode = fields.get("event-mode", "offline")
        event.event_status = fields.get("event-status", "scheduled")
        if event.event_status == "moved-online":
            event.mode = "online"
        event.location = fields.get("event-location", "")
        event.online_url = fields.get("event-url", "")
        event.registration = fields.get("event-registration", "")
        event.price = fields.get("event-price")
        event.rrule = timing.rrule
        event.exdates = timing.exdates
        event.previous_start = timing.previous_start
        if not hasattr(event, "date"):
            # No Date: the event is published as of its start (deterministic, unlike a file time).
            event.date = timing.start
        limit = int(setting(settings, "EVENTS_MAX_OCCURRENCES"))
        spans = timing.occurrences(limit)
        event.occurrences = [Occurrence(event, s, e, texts.when(s, e, timing.all_day))
                             for s, e in spans]
        event.last_end = spans[-1][1]
        coming = [o for o in event.occurrences if o.end > now]
        event.is_upcoming = bool(coming)
        event.next_occurrence = coming[0] if coming else event.occurrences[-1]
        event.next_dates = coming[:int(setting(settings, "EVENTS_NEXT_DATES_SHOWN"))]
        event.when_text = texts.when(timing.start, timing.end, timing.all_day)
        if not timing.all_day and timing.timezone.key != texts.site_zone.key:
            # An event set in another zone also says when it is for the salon's visitors.
            event.when_text += " · " + texts.when(timing.start.astimezone(texts.site_zone),
                                                  timing.end.astimezone(texts.site_zone), False)
        event.status_label = texts.status_label(event.event_status)
        event.mode_label = texts.mode_label(event.mode)
        event.price_label = texts.price_label(event.price)
        event.previous_start_text = (texts.when(timing.previous_start, timing.previous_start
                                                + timing.duration, timing.all_day)
                                     if timing.previous_start else "")
        event.feed_summary = self._feed_summary(event)
        event.social = event.metadata.get("social", "")
        event.uid = self._uid(event)
        event.sequence = self._sequence(event)
        event.ics_save_as = f"{self.events_slug}/{event.slug}/{event.slug}.ics"
        event.ics_url = event.ics_save_as
        event.google_calendar_url = google_calendar_url(event)
        event.json_ld = json_for_script(schema_event(event, settings))

    def _feed_summary(self, event: Event) -> str:
        """When and where (or how to join), in plain text, for feeds and share previews."""
        _ = self.texts.gettext
        parts = [event.next_occurrence.text if event.rrule else event.when_text]
        if event.mode in ("offline", "mixed"):
            parts.append(event.location)
        if event.mode in ("online", "mixed"):
            parts.append(_("online: %(url)s") % {"url": event.online_url})
        text = " · ".join(p for p in parts if p)
        if event.event_status != "scheduled":
            text = f"{event.status_label}: {text}"
        return text

    # --- identity and versions in calendars ---------------------------------------------------

    def _uid(self, event: Event) -> str:
        """The file name, not the title or slug: retitling an event keeps it the same event."""
        domain = setting(self.settings, "EVENTS_UID_DOMAIN") or urlsplit(
            site_base_url(self.settings)).hostname
        name = Path(event.source_path).stem
        return f"event-{name}@{domain}"

    def _sequence_file(self) -> Path | None:
        relative = setting(self.settings, "EVENTS_SEQUENCE_FILE")
        return Path(self.settings["PATH"]) / relative if relative else None

    def _load_sequences(self) -> None:
        path = self._sequence_file()
        if path and path.is_file():
            self.sequences = json.loads(path.read_text(encoding="utf-8"))

    def _sequence(self, event: Event) -> int:
        """SEQUENCE: up by one each time the event's time or status differs from the recorded one."""
        revision = revision_of(event)
        key = Path(event.source_path).stem
        known = self.sequences.get(key)
        if known is None:
            self.sequences[key] = {"sequence": 0, "revision": revision}
            self.sequences_changed = True
        elif known.get("revision") != revision:
            known["sequence"] = int(known.get("sequence", 0)) + 1
            known["revision"] = revision
            self.sequences_changed = True
        return int(self.sequences[key]["sequence"])

    def save_sequences(self) -> None:
        """Write the recorded versions back (only when one changed), atomically."""
        path = self._sequence_file()
        if not path or not self.sequences_changed:
            return
        text = json.dumps(self.sequences, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
        self.sequences_changed = False

    # --- calendar months --------------------------------------------------------------------

    def _months(self) -> list[MonthPage]:
        """One page per month that has an occurrence, in the site's time zone."""
        texts = self.texts
        zone = texts.site_zone
        by_day: dict[date, list[Occurrence]] = {}
        for event in self.events:
            for occurrence in event.occurrences:
                start = occurrence.start.astimezone(zone)
                last = (occurrence.end - timedelta(microseconds=1)).astimezone(zone)
                if event.all_day:
                    start, last = occurrence.start, occurrence.end - timedelta(days=1)
                local = Occurrence(event, occurrence.start.astimezone(zone),
                                   occurrence.end.astimezone(zone), occurrence.text)
                day = start.date()
                while day <= last.date():
                    by_day.setdefault(day, []).append(local)
                    day += timedelta(days=1)
        months = sorted({(d.year, d.month) for d in by_day})
        first_weekday = texts.locale.first_week_day
        weekdays = get_day_names("wide", locale=texts.locale)
        pages = []
        for year, month in months:
            slug = f"{self.calendar_slug}/{year:04d}-{month:02d}/"
            weeks = []
            for week in month_grid.Calendar(first_weekday).monthdatescalendar(year, month):
                cells = []
                for day in week:
                    items = sorted(by_day.get(day, []),
                                   key=lambda o: (not o.event.all_day, o.start, o.event.slug))
                    cells.append({
                        "date": day, "in_month": day.month == month, "label": texts.day(day, "full"),
                        "items": [{"event": o.event, "all_day": o.event.all_day,
                                   "time": "" if o.event.all_day else texts.clock(o.start)}
                                  for o in items] if day.month == month else []})
                weeks.append(cells)
            page = MonthPage(year, month, texts.month(year, month), slug + "index.html", slug, weeks)
            page.occurrences = sorted(
                {id(o): o for d, items in by_day.items() if (d.year, d.month) == (year, month)
                 for o in items}.values(), key=lambda o: o.start)
            pages.append(page)
        for previous, following in zip(pages, pages[1:], strict=False):
            previous.next, following.previous = following, previous
        self.weekday_headers = [
            {"name": weekdays[(first_weekday + i) % 7],
             "short": get_day_names("abbreviated", locale=texts.locale)[(first_weekday + i) % 7]}
            for i in range(7)]
        self.context["calendar_weekdays"] = self.weekday_headers
        return pages

    # --- writing ----------------------------------------------------------------------------

    def generate_output(self, writer) -> None:
        relative = self.settings["RELATIVE_URLS"]
        for event in self.events + self.hidden_events:
            writer.write_file(event.save_as, self.get_template(event.template), self.context,
                              event=event, page=None, relative_urls=relative, url=event.url)
            self._write_bytes(event.ics_save_as, calendar_bytes(
                self.settings, calendar_inputs(self.settings, [event], self.texts.gettext)))
        writer.write_file(f"{self.events_slug}/index.html", self.get_template("events"),
                          self.context, relative_urls=relative, url=f"{self.events_slug}/")
        writer.write_file(f"{self.calendar_slug}/index.html", self.get_template("calendar"),
                          self.context, relative_urls=relative, url=f"{self.calendar_slug}/")
        for month in self.months:
            writer.write_file(month.save_as, self.get_template("calendar_month"), self.context,
                              month=month, relative_urls=relative, url=month.url)
        site_calendar = setting(self.settings, "EVENTS_CALENDAR_SAVE_AS")
        self._write_bytes(site_calendar, self._with_untranslated(site_calendar, calendar_bytes(
            self.settings, calendar_inputs(self.settings, self.events, self.texts.gettext))))
        self.save_sequences()

    def _with_untranslated(self, site_calendar: str, data: bytes) -> bytes:
        """In an extra language's run, the site calendar with the default language's events not
        translated into it (plugins/events/untranslated.py)."""
        run = self.settings.get(RUN_SETTING) or {}
        pages = {urlsplit(item["url"]).path for item in run.get("untranslated", ())
                 if item["kind"] == "events"}
        # The default language's run has written its calendar into the folder above this run's.
        default_calendar = Path(self.output_path).parent / site_calendar
        if not pages or not default_calendar.is_file():
            return data
        return with_untranslated_events(data, default_calendar.read_bytes(), pages, run["default"])

    def _write_bytes(self, relative: str, data: bytes) -> None:
        target = Path(self.output_path) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
