"""The kit's texts: an Instagram caption, a short caption and a Google Business Profile post.

Limits are the platforms': Instagram takes 2,200 characters and 30 hashtags; the short caption
(Mastodon, WhatsApp status) stays within 500 characters with the link near the top; a Google
local post's summary takes 1,500 characters, an event title 58, and Google rejects a post whose
text holds a phone number, so numbers that look like one are taken out.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

from passaparola.kit.items import KitItem

INSTAGRAM_LIMIT = 2200
INSTAGRAM_HASHTAGS = 30
SHORT_LIMIT = 500
GOOGLE_SUMMARY_LIMIT = 1500
GOOGLE_EVENT_TITLE_LIMIT = 58
# Digits with spaces, dots, dashes, slashes or brackets, maybe a leading +: a phone number when
# there are at least PHONE_DIGITS of them (a date such as 15/10/2026 has eight).
PHONE_LIKE = re.compile(r"\+?\(?\d[\d \t().\-/]{5,}\d")
PHONE_DIGITS = 9


def hashtag(tag: str) -> str:
    """``capelli ricci`` -> ``#capelliricci``: letters and digits only, accents kept."""
    word = "".join(ch for ch in unicodedata.normalize("NFC", tag) if ch.isalnum())
    return f"#{word.lower()}" if word else ""


def hashtags(tags: list[str], limit: int = INSTAGRAM_HASHTAGS) -> list[str]:
    """The hashtags of ``tags``, each once, at most ``limit``."""
    seen: list[str] = []
    for tag in tags:
        tag_text = hashtag(tag)
        if tag_text and tag_text not in seen:
            seen.append(tag_text)
    return seen[:limit]


def cut_words(text: str, limit: int) -> str:
    """``text`` shortened to at most ``limit`` characters after a whole word, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 2)]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + " …"


def _details(item: KitItem, labels: dict[str, str]) -> list[str]:
    lines = []
    if item.event:
        facts = item.event
        if facts.status_label:
            lines.append(facts.status_label.upper())
        lines.append(" ".join(filter(None, [facts.date_words, facts.time_words])))
        if facts.mode in ("offline", "mixed") and facts.location:
            lines.append(facts.location)
        if facts.mode in ("online", "mixed"):
            lines.append(facts.mode_label)
        if facts.price_label:
            lines.append(facts.price_label)
    elif item.kind == "testimonial":
        lines.append("★" * item.rating + "☆" * (5 - item.rating) + f" — {item.reviewer}")
    return lines


def instagram_caption(item: KitItem, labels: dict[str, str]) -> str:
    """Title, summary, details, a call to action with "link in bio", and the hashtags."""
    call = labels[f"call_{item.kind}"] + " " + labels["link_in_bio"]
    tags = " ".join(hashtags(item.tags))
    fixed = [item.title, *_details(item, labels), call, tags]
    room = INSTAGRAM_LIMIT - sum(len(part) + 2 for part in fixed if part)
    parts = [item.title, cut_words(item.summary, room), "\n".join(_details(item, labels)), call,
             tags]
    return "\n\n".join(part for part in parts if part).strip() + "\n"


def short_caption(item: KitItem, labels: dict[str, str]) -> str:
    """Title and link first, then as much of the summary as fits in 500 characters."""
    head = f"{item.title}\n{item.url}"
    details = " · ".join(_details(item, labels))
    body = "\n\n".join(part for part in (details, item.summary) if part)
    room = SHORT_LIMIT - len(head) - 3  # two newlines and the final one
    if room < 10:
        return cut_words(item.title, SHORT_LIMIT - len(item.url) - 2) + f"\n{item.url}\n"
    return f"{head}\n\n{cut_words(body, room)}\n"


def without_phone_numbers(text: str) -> str:
    """``text`` without anything that looks like a phone number (Google refuses those)."""
    def drop(match: re.Match[str]) -> str:
        digits = sum(ch.isdigit() for ch in match.group())
        return "" if digits >= PHONE_DIGITS else match.group()

    return re.sub(r"[ \t]{2,}", " ", PHONE_LIKE.sub(drop, text)).strip()


def _date(moment: datetime) -> dict[str, int]:
    return {"year": moment.year, "month": moment.month, "day": moment.day}


def _time(moment: datetime) -> dict[str, int]:
    return {"hours": moment.hour, "minutes": moment.minute, "seconds": 0, "nanos": 0}


def google_local_post(item: KitItem, lang: str, labels: dict[str, str]) -> dict[str, Any]:
    """A Google Business Profile ``localPost`` (API v4 fields) for the item."""
    summary = without_phone_numbers("\n\n".join(filter(None, [
        item.title if not item.event else "", item.summary, "\n".join(_details(item, labels))])))
    post: dict[str, Any] = {
        "languageCode": lang,
        "summary": cut_words(summary, GOOGLE_SUMMARY_LIMIT),
        "topicType": "EVENT" if item.event else "STANDARD",
        "callToAction": {"actionType": "LEARN_MORE", "url": item.url},
    }
    if item.event:
        start = datetime.fromisoformat(item.event.start)
        end = datetime.fromisoformat(item.event.end)
        schedule: dict[str, Any] = {"startDate": _date(start), "endDate": _date(end)}
        if not item.event.all_day:
            schedule.update(startTime=_time(start), endTime=_time(end))
        else:
            # An all-day event ends (exclusive) at midnight: Google wants its last day.
            from datetime import timedelta

            schedule["endDate"] = _date(end - timedelta(days=1))
        post["event"] = {"title": cut_words(without_phone_numbers(item.title),
                                            GOOGLE_EVENT_TITLE_LIMIT),
                         "schedule": schedule}
    if item.photo_url:
        post["media"] = [{"mediaFormat": "PHOTO", "sourceUrl": item.photo_url}]
    return post
