"""New content files for the owner: ``invoke new-tip``, ``new-event`` and ``new-review``.

A new file has the required fields filled in and every optional field offered to the owner.
For tips and events the optional fields are listed below the text as hints to copy into the
header: Python-Markdown's metadata header has no comment syntax, so the hints are Markdown
reference definitions (``[//]: # "..."``), which every Markdown renderer drops; they are never
published, never end up in a summary or a feed, and the file builds as it is. A testimonial's body
is plain text, shown as written, so its optional fields are empty lines of the header instead.
A file that already exists is never overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from passaparola.build.driver import load_settings
from passaparola.i18n import site_languages, tool_gettext
from passaparola.rules.examples import example_bodies
from passaparola.settings import site_language, site_timezone, slug_substitutions

# Fields every kind accepts that an owner has no reason to touch; the guide documents them.
# Lang and Translation-of are written by `new-tip --lang … --translation-of …`, not offered as hints.
TECHNICAL_FIELDS = ("Lang", "Save_as", "URL", "Translation", "Translation-of")
REVIEW_OPTIONAL_FIELDS = ("Title", "Service", "Photo", "Photo_alt", "Photo_consent", "Reply")


class ScaffoldError(Exception):
    """The file cannot be created; the message (already translated) says why."""


@dataclass(frozen=True)
class Hint:
    """An optional field, shown to the owner with an example value."""

    field: str
    example: str


def slug_for(title: str, settings: dict[str, Any]) -> str:
    """The slug Pelican makes from a title: lower case, accents dropped, words joined by hyphens."""
    from pelican.utils import slugify

    slug = slugify(title, regex_subs=slug_substitutions(settings),
                   preserve_case=False, use_unicode=False)
    return slug.strip("-")


def now_in_site_timezone(settings: dict[str, Any]) -> datetime:
    """The current time in the site's TIMEZONE, to the minute."""
    zone = ZoneInfo(site_timezone(settings))
    return datetime.now(zone).replace(second=0, microsecond=0)


def _header(fields: list[tuple[str, str]]) -> str:
    return "".join(f"{name}: {value}".rstrip() + "\n" for name, value in fields)


def _hint_block(hints: list[Hint], gettext) -> str:
    # Double quotes end a reference definition's title, so they are replaced in examples.
    intro = gettext("Optional fields: copy the ones you need up into the header, above the blank "
                    "line, and change the example value (docs/owner-guide.md lists the allowed "
                    "values). These lines are never published.")
    lines = [intro] + [f"{hint.field}: {hint.example}" for hint in hints]
    return "\n".join(f'[//]: # "{line.replace(chr(34), chr(39))}"' for line in lines) + "\n"


def _write_new(path: Path, text: str, gettext, display_root: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as new_file:
            new_file.write(text)
    except FileExistsError:
        raise ScaffoldError(gettext(
            "{path} already exists: nothing was changed. Choose another title or edit that file."
        ).format(path=path.relative_to(display_root))) from None
    return path


def _single_line(value: str, name: str, gettext) -> str:
    value = " ".join(value.split())
    if not value:
        raise ScaffoldError(gettext("{name} must not be empty").format(name=name))
    return value


def _format_datetime(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def parse_start(value: str, gettext) -> datetime | date:
    """``YYYY-MM-DD HH:MM`` (or ``YYYY-MM-DD`` for an all-day event) as written by the owner."""
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}", value):
            return datetime.fromisoformat(value.replace("T", " "))
    except ValueError:
        pass
    raise ScaffoldError(gettext(
        "'{value}' is not a date like 2027-01-15 18:30 (or 2027-01-15 for an all-day event)").format(
            value=value))


class Scaffold:
    """Creates new content files in a project, in the site's language."""

    def __init__(self, project_dir: Path | str = ".", settings_file: str = "pelicanconf.py"):
        self.project = Path(project_dir).resolve()
        self.settings = load_settings(self.project, settings_file)
        self.content = Path(self.settings["PATH"])
        self._ = tool_gettext(site_language(self.settings))

    def _slug(self, title: str) -> str:
        slug = slug_for(title, self.settings)
        if not slug:
            raise ScaffoldError(self._("the title '{title}' has no letters or digits to make an "
                                       "address from").format(title=title))
        return slug

    def _status(self, draft: bool) -> list[tuple[str, str]]:
        return [("Status", "draft")] if draft else []

    def new_tip(self, title: str, draft: bool = False, lang: str = "", translation_of: str = "") -> Path:
        """``content/tips/<slug>.md`` with Title and Date filled in.

        With ``translation_of`` (the original's file name), a translation in ``lang``: Lang and
        Translation-of are filled in too (see :mod:`passaparola.rules.translations`).
        """
        _ = self._
        title = _single_line(title, "Title", _)
        header = [("Title", title), ("Date", _format_datetime(now_in_site_timezone(self.settings))),
                  ("Author", self.settings.get("AUTHOR", ""))] + self._status(draft)
        if translation_of or lang:
            header += self._translation("tips", lang, translation_of)
        hints = [
            Hint("Summary", _("one or two sentences for previews, feeds and search results")),
            Hint("Tags", _("colour, hair care")),
            Hint("Image", "images/tips/" + self._slug(title) + ".jpg"),
            Hint("Image_alt", _("what the photo shows, for visitors who cannot see it")),
            Hint("Modified", _format_datetime(now_in_site_timezone(self.settings))),
            Hint("Social", _("the text of the post on social networks")),
            Hint("Slug", self._slug(title)),
            Hint("Status", "draft"),
        ]
        body = example_bodies(_)["tips"]  # an error if published as it is (the content rules)
        text = _header([(k, v) for k, v in header if v]) + "\n" + body + "\n\n" + _hint_block(hints, _)
        return _write_new(self.content / "tips" / f"{self._slug(title)}.md", text, _, self.project)

    def _translation(self, kind: str, lang: str, translation_of: str) -> list[tuple[str, str]]:
        """The Lang and Translation-of lines of a new translation, after checking both."""
        _ = self._
        others = site_languages(self.settings)[1:]
        lang = lang.strip().lower()
        if not lang and len(others) == 1:  # the one other language: nothing to choose
            lang = others[0]
        if lang not in others:
            raise ScaffoldError(_(
                "--lang: '{lang}' is not one of the site's other languages ({languages}): write "
                "them in LANGUAGES in pelicanconf.py, the default first").format(
                    lang=lang, languages=", ".join(others) or "-"))
        name = translation_of.strip()
        folder = self.content / kind
        if not name or not [path for path in folder.rglob("*.md") if path.name == name
                            or path.relative_to(self.content).as_posix() == name]:
            raise ScaffoldError(_(
                "--translation-of: there is no file '{name}' in content/{kind}/: write the "
                "original's file name, e.g. {example}").format(
                    name=name, kind=kind, example=next(
                        (path.name for path in sorted(folder.rglob("*.md"))), "nome-del-file.md")))
        return [("Lang", lang), ("Translation-of", name)]

    def new_event(self, title: str, start: str, end: str = "", duration: str = "",
                  mode: str = "offline", location: str = "", url: str = "",
                  draft: bool = False) -> Path:
        """``content/events/<date>-<slug>.md`` with Title, Event-start and where or how to join."""
        _ = self._
        title = _single_line(title, "Title", _)
        when = parse_start(start, _)
        mode = mode.strip().lower()
        if mode not in ("offline", "online", "mixed"):
            raise ScaffoldError(_("'{value}' is not one of: {allowed}").format(
                value=mode, allowed="offline, online, mixed"))
        if mode in ("online", "mixed") and not url:
            raise ScaffoldError(_("an online event needs the link to join: add --url https://..."))
        if end:
            parse_start(end, _)
        salon = self.settings.get("SALON") or {}
        if mode in ("offline", "mixed") and not location:
            location = ", ".join(part for part in (
                salon.get("name"), salon.get("street"),
                " ".join(p for p in (salon.get("postcode"), salon.get("city")) if p)) if part)
        start_text = _format_datetime(when) if isinstance(when, datetime) else when.isoformat()
        header = [("Title", title), ("Event-start", start_text)]
        if end:
            header.append(("Event-end", " ".join(end.split())))
        elif duration:
            header.append(("Event-duration", duration.strip()))
        header.append(("Event-mode", mode))
        if location:
            header.append(("Event-location", " ".join(location.split())))
        if url:
            header.append(("Event-url", url.strip()))
        header += self._status(draft)
        present = {name for name, _value in header}
        examples = [
            Hint("Event-end", _format_datetime(when.replace(hour=20, minute=0))
                 if isinstance(when, datetime) else when.isoformat()),
            Hint("Event-duration", "2h"),
            Hint("Event-timezone", site_timezone(self.settings)),
            Hint("Event-mode", "mixed"),
            Hint("Event-location", _("place name and full address")),
            Hint("Event-url", "https://www.example.com/live"),
            Hint("Event-rrule", "FREQ=MONTHLY;BYDAY=1TU;COUNT=6"),
            Hint("Event-exdate", start_text),
            Hint("Event-status", "cancelled"),
            Hint("Event-registration", "mailto:" + (salon.get("email") or "info@example.com")),
            Hint("Event-price", "15"),
            Hint("Slug", self._slug(title)),
            Hint("Status", "draft"),
        ]
        hints = [hint for hint in examples if hint.field not in present]
        body = example_bodies(_)["events"]
        text = _header(header) + "\n" + body + "\n\n" + _hint_block(hints, _)
        day = when.date() if isinstance(when, datetime) else when
        name = f"{day.isoformat()}-{self._slug(title)}.md"
        return _write_new(self.content / "events" / name, text, _, self.project)

    def new_review(self, reviewer: str, rating: int | str, title: str = "", service: str = "",
                   source: str = "in-salon", consent: str = "initials",
                   draft: bool = False) -> Path:
        """``content/testimonials/<date>-<reviewer>.md`` with Date, Rating, Reviewer and Consent."""
        _ = self._
        reviewer = _single_line(reviewer, "Reviewer", _)
        rating_text = str(rating).strip()
        if not re.fullmatch(r"[1-5]", rating_text):
            raise ScaffoldError(_("'{value}' is not a whole number from {low} to {high}").format(
                value=rating_text, low=1, high=5))
        for name, value, allowed in (("Consent", consent, ("full-name", "initials", "anonymous")),
                                     ("Source", source, ("in-salon", "google", "facebook",
                                                         "instagram", "email"))):
            if value not in allowed:
                raise ScaffoldError(f"{name}: " + _("'{value}' is not one of: {allowed}").format(
                    value=value, allowed=", ".join(allowed)))
        now = now_in_site_timezone(self.settings)
        header = []
        if title:
            header.append(("Title", _single_line(title, "Title", _)))
        header += [("Date", _format_datetime(now)), ("Rating", rating_text),
                   ("Reviewer", reviewer), ("Consent", consent), ("Source", source)]
        if service:
            header.append(("Service", " ".join(service.split())))
        header += self._status(draft)
        # A testimonial's body is shown as plain text (customer text is never rendered), so hints
        # in the body would be published: the optional fields are in the header instead, empty,
        # which the rules and the testimonials plugin read as "not given".
        present = {name for name, _value in header}
        header += [(name, "") for name in REVIEW_OPTIONAL_FIELDS if name not in present]
        body = example_bodies(_)["testimonials"]
        text = _header(header) + "\n" + body + "\n"
        name = f"{now.date().isoformat()}-{self._slug(reviewer)}.md"
        return _write_new(self.content / "testimonials" / name, text, _, self.project)
