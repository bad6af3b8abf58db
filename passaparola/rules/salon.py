"""Rules for the salon's profile: the ``SALON`` setting in ``pelicanconf.py``.

The owner edits the profile by hand (hours, closures, phone...). A typo there would put wrong
hours on every page and in the search-engine data, so the build checks it first, like content,
and reports every problem as ``pelicanconf.py:LINE: SALON.opening_hours.monday: message``.
:func:`read_salon` also returns the parsed profile the salon plugin renders.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from passaparola.rules.base import CheckContext, Problem
from passaparola.settings import site_language

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SETTINGS_FILE = "pelicanconf.py"

# Keys of SALON, with whether the profile cannot do without them.
KNOWN_KEYS = {
    "name": True, "description": False, "street": True, "postcode": True, "city": True,
    "region": False, "country": True, "latitude": False, "longitude": False, "phone": True,
    "whatsapp": False, "email": False, "booking_url": False, "price_range": False,
    "opening_hours": True, "closures": False, "social": False, "image": False,
    "newsletter": False, "review_url": False,
}
# Optional keys whose value is a collection: left empty, they stay, as an empty collection.
_EMPTY_CONTAINERS: dict[str, Any] = {"social": {}, "closures": []}
_TIME_RANGE = re.compile(r"^(?P<opens>\d\d:\d\d)\s*[-–]\s*(?P<closes>\d\d:\d\d)$")
_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")
_PHONE_PUNCTUATION = re.compile(r"[\s().\-/]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Closure:
    """A special closure: every day from ``start`` to ``end`` (both included) is closed."""

    start: date
    end: date
    note: str


@dataclass
class SalonProfile:
    """The validated salon profile: the raw setting plus the parsed hours and closures."""

    raw: dict[str, Any]
    # weekday name (monday...) -> list of (opens, closes) as "HH:MM", sorted; [] = closed
    week: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    closures: list[Closure] = field(default_factory=list)

    def phone_digits(self, key: str = "phone") -> str:
        """The number for ``tel:`` links: ``+`` and digits only."""
        return _PHONE_PUNCTUATION.sub("", str(self.raw.get(key) or ""))


def read_salon(settings: dict[str, Any], context: CheckContext | None = None
               ) -> tuple[SalonProfile | None, list[Problem]]:
    """Parse and check ``settings["SALON"]``: the profile, or None with every problem found."""
    context = context or CheckContext(content_dir=Path(settings.get("PATH") or "content"),
                                      lang=site_language(settings), settings=settings)
    checker = _Checker(context)
    profile = checker.check(settings.get("SALON"))
    return (None if checker.problems else profile), checker.problems


def check_salon_settings(context: CheckContext) -> list[Problem]:
    """The problems of the ``SALON`` setting, if the site has one (for ``check_content``)."""
    if "SALON" not in context.settings:
        return []
    return read_salon(context.settings, context)[1]


def without_empty_optional_values(salon: dict[str, Any]) -> dict[str, Any]:
    """``salon`` without the optional keys left empty (``"whatsapp": ""``): empty means absent.

    The owner blanks a value she does not have rather than deleting the line; the site then
    shows nothing for it, exactly as if the line were not there.
    """
    def empty(value: Any) -> bool:
        return value is None or (isinstance(value, str) and not value.strip()) or value in ([], {}, ())

    kept = {key: value for key, value in salon.items()
            if KNOWN_KEYS.get(key, True) or not empty(value)}
    # Lists the theme walks through are empty rather than absent.
    for key, nothing in _EMPTY_CONTAINERS.items():
        if key in salon and empty(salon[key]):
            kept[key] = type(nothing)()
    return kept


class _Checker:
    def __init__(self, context: CheckContext) -> None:
        self.context = context
        self._ = context.gettext
        self.problems: list[Problem] = []
        self._lines = self._settings_lines()

    # --- reporting ----------------------------------------------------------------------------

    def _settings_lines(self) -> list[str]:
        root = self.context.display_root or Path(".")
        path = Path(root) / SETTINGS_FILE
        try:
            return path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return []

    def _line_of(self, key_path: tuple[str | int, ...]) -> int:
        """Best guess of the line that sets ``key_path`` inside ``SALON = {...}``, for the owner."""
        lines = self._lines
        position = next((i for i, line in enumerate(lines) if line.startswith("SALON")), None)
        if position is None:
            return 1
        found = position
        pending_index = 0
        for part in key_path:
            if isinstance(part, int):
                pending_index = part
                continue
            quoted = (f'"{part}"', f"'{part}'")
            hits = [i for i in range(found, len(lines)) if any(q in lines[i] for q in quoted)]
            if len(hits) > pending_index:
                found = hits[pending_index]
            pending_index = 0
        return found + 1

    def report(self, key_path: tuple[str | int, ...], message: str) -> None:
        name = "SALON" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in key_path)
        self.problems.append(Problem(SETTINGS_FILE, self._line_of(key_path), name, message))

    # --- the profile --------------------------------------------------------------------------

    def check(self, salon: Any) -> SalonProfile:
        _ = self._
        if not isinstance(salon, dict):
            self.problems.append(Problem(SETTINGS_FILE, self._line_of(()), "SALON", _(
                "must be a dictionary of the salon's details, like SALON = {{\"name\": ...}}")))
            return SalonProfile(raw={})
        salon = without_empty_optional_values(salon)
        for key in sorted(salon, key=str):
            if key not in KNOWN_KEYS:
                close = difflib.get_close_matches(str(key), list(KNOWN_KEYS), n=1)
                hint = (_("did you mean '{key}'?").format(key=close[0]) if close
                        else _("known settings: {keys}").format(keys=", ".join(KNOWN_KEYS)))
                self.report((str(key),), _("is not a setting of the salon; {hint}").format(hint=hint))
        for key, required in KNOWN_KEYS.items():
            if required and salon.get(key) in (None, "", [], {}):
                self.report((key,), _("is required"))
        for key in ("name", "description", "street", "postcode", "city", "region", "country",
                    "price_range"):
            if key in salon and not isinstance(salon[key], str):
                self.report((key,), _("must be text between quotes"))
        for key, limit in (("latitude", 90), ("longitude", 180)):
            if key in salon:
                self.coordinate(key, salon[key], limit)
        if ("latitude" in salon) != ("longitude" in salon):
            missing = "longitude" if "latitude" in salon else "latitude"
            self.report((missing,), _("is required with {other}").format(
                other="latitude" if missing == "longitude" else "longitude"))
        for key in ("phone", "whatsapp"):
            if salon.get(key):
                self.phone(key, salon[key], international=key == "whatsapp")
        if salon.get("email") and not _EMAIL.match(str(salon["email"])):
            self.report(("email",), _("'{value}' is not an email address like ciao@example.com").format(
                value=salon["email"]))
        for key in ("booking_url", "newsletter", "review_url"):
            if salon.get(key):
                self.url((key,), salon[key])
        if "image" in salon:
            self.image(salon["image"])
        social = salon.get("social", {})
        if not isinstance(social, dict):
            self.report(("social",), _("must be a dictionary like {{\"instagram\": \"https://...\"}}"))
        else:
            for network, address in social.items():
                self.url(("social", str(network)), address)
        profile = SalonProfile(raw=salon)
        if "opening_hours" in salon:
            profile.week = self.opening_hours(salon["opening_hours"])
        profile.closures = self.closures(salon.get("closures", []))
        return profile

    def coordinate(self, key: str, value: Any, limit: int) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not -limit <= value <= limit:
            message = (self._("'{value}' is not a latitude: a number from -90 to 90, like 44.4960")
                       if key == "latitude" else
                       self._("'{value}' is not a longitude: a number from -180 to 180, like 11.3322"))
            self.report((key,), message.format(value=value))

    def phone(self, key: str, value: Any, international: bool) -> None:
        digits = _PHONE_PUNCTUATION.sub("", str(value))
        valid = re.fullmatch(r"\+?\d{6,15}", digits) and (digits.startswith("+") or not international)
        if not valid:
            message = (self._("'{value}' is not a mobile number with its country code, "
                              "like +39 333 000 4127") if international else
                       self._("'{value}' is not a phone number like +39 051 000 4127"))
            self.report((key,), message.format(value=value))

    def url(self, key_path: tuple[str | int, ...], value: Any) -> None:
        parts = urlsplit(str(value))
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in str(value):
            self.report(key_path, self._("'{value}' is not a web address starting with https://").format(
                value=value))

    def image(self, value: Any) -> None:
        text = str(value)
        if text.startswith(("http://", "https://")):
            self.url(("image",), text)
            return
        content_dir = self.context.content_dir
        target = (content_dir / text.removeprefix("{static}").lstrip("/")).resolve()
        if ".." in Path(text).parts or not target.is_relative_to(content_dir) or not target.is_file():
            self.report(("image",), self._(
                "'{value}' is not a picture in content/ (like images/salone/vetrina.jpg) "
                "or a web address").format(value=value))

    def opening_hours(self, hours: Any) -> dict[str, list[tuple[str, str]]]:
        _ = self._
        week: dict[str, list[tuple[str, str]]] = {day: [] for day in WEEKDAYS}
        if not isinstance(hours, dict):
            self.report(("opening_hours",), _(
                "must be a dictionary of weekdays, like {{\"monday\": [\"09:00-13:00\"]}}"))
            return week
        for day, ranges in hours.items():
            if day not in WEEKDAYS:
                close = difflib.get_close_matches(str(day).lower(), WEEKDAYS, n=1)
                hint = (_("did you mean '{key}'?").format(key=close[0]) if close
                        else _("use one of: {days}").format(days=", ".join(WEEKDAYS)))
                self.report(("opening_hours", str(day)), _(
                    "'{day}' is not a weekday in English lower case; {hint}").format(day=day, hint=hint))
                continue
            if isinstance(ranges, str) or not isinstance(ranges, (list, tuple)):
                self.report(("opening_hours", day), _(
                    "must be a list of ranges like [\"09:00-13:00\", \"14:30-19:00\"]"))
                continue
            parsed: list[tuple[str, str]] = []
            for text in ranges:
                match = _TIME_RANGE.match(str(text).strip())
                if (not match or not _TIME.match(match["opens"]) or not _TIME.match(match["closes"])
                        or match["opens"] == "24:00"):
                    self.report(("opening_hours", day), _(
                        "'{value}' is not a range like 09:00-13:00").format(value=text))
                    continue
                if match["closes"] <= match["opens"]:
                    self.report(("opening_hours", day), _(
                        "'{value}' ends before it starts (a range cannot go past midnight)").format(
                            value=text))
                    continue
                parsed.append((match["opens"], match["closes"]))
            parsed.sort()
            for (opens, closes), (next_opens, next_closes) in itertools.pairwise(parsed):
                if next_opens < closes:
                    self.report(("opening_hours", day), _(
                        "'{first}' and '{second}' overlap").format(
                            first=f"{opens}-{closes}", second=f"{next_opens}-{next_closes}"))
            week[day] = parsed
        return week

    def closures(self, closures: Any) -> list[Closure]:
        _ = self._
        if not isinstance(closures, (list, tuple)):
            self.report(("closures",), _(
                "must be a list like [{{\"start\": \"2026-12-24\", \"end\": \"2026-12-27\", "
                "\"note\": \"...\"}}]"))
            return []
        parsed = []
        for index, closure in enumerate(closures):
            if not isinstance(closure, dict):
                self.report(("closures", index), _(
                    "must be like {{\"start\": \"2026-12-24\", \"end\": \"2026-12-27\", \"note\": \"...\"}}"))
                continue
            days = {}
            for key in ("start", "end"):
                value = closure.get(key)
                try:
                    if not _ISO_DATE.match(str(value)):
                        raise ValueError(value)
                    days[key] = date.fromisoformat(str(value))
                except ValueError:
                    self.report(("closures", index, key), _(
                        "'{value}' is not a date like 2026-12-24").format(value=value))
            note = closure.get("note")
            if not isinstance(note, str) or not note.strip():
                self.report(("closures", index, "note"), _(
                    "is required: say why the salon is closed, e.g. 'Chiuso per ferie'"))
            for key in closure:
                if key not in ("start", "end", "note"):
                    self.report(("closures", index, str(key)), _(
                        "is not a closure setting; use start, end and note"))
            if len(days) == 2:
                if days["end"] < days["start"]:
                    self.report(("closures", index, "end"), _(
                        "{end} is before start {start}").format(end=days["end"], start=days["start"]))
                elif isinstance(note, str):
                    parsed.append(Closure(days["start"], days["end"], note.strip()))
        return sorted(parsed, key=lambda c: c.start)
