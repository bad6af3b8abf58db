"""What one kit shows: a plain record per published tip, event and testimonial.

The drawing, caption and PDF code reads these records only, never Pelican's objects, so they can
be tested with a hand-made item, and an item's record (with the settings and the kit's code) is
the key that says whether its kit must be drawn again.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from markupsafe import Markup

from passaparola import i18n
from passaparola.settings import site_language, site_timezone
from passaparola.web import absolute_url

# The content lists of Pelican's context that get a kit, with the kind of their items.
KINDS = {"articles": "tip", "events": "event", "testimonials": "testimonial"}
QUOTE_CHARACTERS = 160  # the testimonial's quote on the images: a short extract
_STATIC_PREFIX = re.compile(r"^[{|](?:static|attach)[|}]")


@dataclass
class EventFacts:
    """When and where an event is, in words of the site language."""

    start: str  # ISO date-time in the site's time zone
    end: str
    all_day: bool
    date_words: str  # "giovedì 15 ottobre 2026"
    time_words: str  # "dalle 19:00 alle 21:30" ("" for all-day events)
    mode: str  # offline, online, mixed
    mode_label: str
    location: str
    online_url: str
    registration: str
    price_label: str
    status: str  # scheduled, cancelled...
    status_label: str


@dataclass
class KitItem:
    """One published tip, event or testimonial, as its kit needs it."""

    kind: str  # tip, event, testimonial
    section: str  # the URL section: consigli, eventi, recensioni
    slug: str
    title: str
    summary: str  # plain text
    url: str  # absolute address of the item's page
    photo: str = ""  # absolute path of the photo file, when there is one (and consent for it)
    photo_url: str = ""  # absolute address of the published photo (or share card)
    tags: list[str] = field(default_factory=list)
    event: EventFacts | None = None
    rating: int = 0
    quote: str = ""  # testimonials: a short extract of the customer's words
    reviewer: str = ""  # testimonials: the name as the customer consented

    @property
    def folder(self) -> str:
        return f"{self.section}/{self.slug}"

    def digest(self) -> str:
        """A digest of everything the kit shows of this item, the photo's bytes included."""
        fields = asdict(self)
        fields.pop("photo")  # where the project lives does not change the kit: the bytes do
        data = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()
        photo = Path(self.photo).read_bytes() if self.photo else b""
        return hashlib.sha256(data + b"\0" + hashlib.sha256(photo).digest()).hexdigest()


def plain(html: Any) -> str:
    """Text of a title or summary, tags removed and whitespace collapsed."""
    return " ".join(Markup(str(html or "")).striptags().split())


def short_quote(text: str, limit: int = QUOTE_CHARACTERS) -> str:
    """The beginning of ``text``: whole sentences when they fit, else cut after a whole word
    with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    sentence_ends = [m.end() for m in re.finditer(r"[.!?…](?=\s)", text) if m.end() <= limit]
    if sentence_ends and sentence_ends[-1] >= limit // 3:
        return text[: sentence_ends[-1]]
    words = text.split()
    quote = ""
    for word in words:
        candidate = f"{quote} {word}".strip()
        if len(candidate) > limit - 2:
            return quote.rstrip(",;:") + " …"
        quote = candidate
    return quote


def _photo(obj: Any, kind: str, content_dir: Path) -> str:
    """The photo file of an object (a testimonial's only with the customer's consent)."""
    value = getattr(obj, "photo", None) if kind == "testimonial" else getattr(obj, "image", None)
    if not value:
        return ""
    relative = unquote(_STATIC_PREFIX.sub("", str(value)).split("#")[0].split("?")[0]).lstrip("/")
    path = (content_dir / relative).resolve()
    return str(path) if path.is_file() and path.is_relative_to(content_dir) else ""


def event_facts(event: Any, settings: dict[str, Any]) -> EventFacts:
    """An event's date, time and place in words (Babel), for images, captions and flyers."""
    lang, zone = site_language(settings), site_timezone(settings)
    _ = i18n.tool_gettext(lang)
    occurrence = getattr(event, "next_occurrence", None)
    # In the salon's time zone: its customers read it there, and Google reads a post's schedule
    # as the business's local time (an event set in Lisbon at 19:00 is at 20:00 in Bologna).
    start: datetime = occurrence.start if occurrence else event.start
    end: datetime = occurrence.end if occurrence else event.end
    if not event.all_day and start.tzinfo is not None:  # an all-day event's days stay its days
        start, end = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))
    if event.all_day:
        date_words = i18n.format_date(start, lang, zone, "full")
        time_words = ""
    else:
        date_words = i18n.format_date(start, lang, zone, "full")
        time_words = _("from {start} to {end}").format(
            start=i18n.format_time(start, lang, zone), end=i18n.format_time(end, lang, zone))
    return EventFacts(
        start=start.isoformat(), end=end.isoformat(), all_day=bool(event.all_day),
        date_words=date_words, time_words=time_words, mode=event.mode,
        mode_label=str(event.mode_label), location=event.location or "",
        online_url=event.online_url or "", registration=event.registration or "",
        price_label=str(event.price_label or ""), status=event.event_status,
        status_label=str(event.status_label or ""))


def collect_items(context: dict[str, Any], settings: dict[str, Any]) -> list[KitItem]:
    """A kit item for every published tip, event and testimonial of a build's context."""
    content_dir = Path(settings["PATH"]).resolve()
    items = []
    for list_name, kind in KINDS.items():
        for obj in context.get(list_name) or []:
            if getattr(obj, "status", "published") != "published":
                continue
            if getattr(obj, "is_translation", False):
                continue  # a testimonial in another language: the original has the kit
            share = getattr(obj, "share_image", None) or {}
            item = KitItem(
                kind=kind, section=Path(obj.url).parts[0], slug=obj.slug, title=plain(obj.title),
                summary=plain(getattr(obj, "summary", "")),
                url=absolute_url(settings, obj.url), photo=_photo(obj, kind, content_dir),
                photo_url=absolute_url(settings, share["path"]) if share.get("path") else "",
                tags=[str(tag) for tag in getattr(obj, "tags", None) or []])
            if kind == "event":
                item.event = event_facts(obj, settings)
            elif kind == "testimonial":
                item.rating = int(obj.rating)
                item.reviewer = str(obj.reviewer_name)
                item.quote = short_quote(obj.text)
                item.summary = obj.text if len(obj.text) < 400 else short_quote(obj.text, 400)
                item.tags = [str(service) for service in obj.services]
            items.append(item)
    return items
