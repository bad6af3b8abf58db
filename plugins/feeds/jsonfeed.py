"""A JSON Feed 1.1 checker written from the spec (https://www.jsonfeed.org/version/1.1/).

It checks what the spec makes required and the type of every field the spec defines, so a feed
that passes it is one any JSON Feed reader accepts. ``validate`` returns the problems, one line
each; an empty list means the feed is valid.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

# Field name -> the kind of value the spec gives it.
_FEED_FIELDS = {
    "version": "url", "title": "str", "home_page_url": "url", "feed_url": "url",
    "description": "str", "user_comment": "str", "next_url": "url", "icon": "url",
    "favicon": "url", "authors": "authors", "language": "str", "expired": "bool",
    "hubs": "hubs", "items": "items",
}
_ITEM_FIELDS = {
    "id": "str", "url": "url", "external_url": "url", "title": "str", "content_html": "str",
    "content_text": "str", "summary": "str", "image": "url", "banner_image": "url",
    "date_published": "date", "date_modified": "date", "authors": "authors", "tags": "strs",
    "language": "str", "attachments": "attachments",
}
_AUTHOR_FIELDS = {"name": "str", "url": "url", "avatar": "url"}
_HUB_FIELDS = {"type": "str", "url": "url"}
_ATTACHMENT_FIELDS = {"url": "url", "mime_type": "str", "title": "str", "size_in_bytes": "number",
                      "duration_in_seconds": "number"}


def validate(feed: Any) -> list[str]:
    """Every way ``feed`` breaks JSON Feed 1.1; empty when it is valid."""
    if not isinstance(feed, dict):
        return ["the feed must be an object"]
    problems = _check_object(feed, _FEED_FIELDS, "feed")
    if feed.get("version") != JSON_FEED_VERSION:
        problems.append(f"feed.version must be {JSON_FEED_VERSION!r}")
    for required in ("title", "items"):
        if required not in feed:
            problems.append(f"feed.{required} is required")
    ids = [item.get("id") for item in feed.get("items") or [] if isinstance(item, dict)]
    if len(ids) != len(set(ids)):
        problems.append("feed.items have duplicate ids")
    return problems


def _check_object(data: dict, fields: dict[str, str], where: str) -> list[str]:
    problems = []
    for name, value in data.items():
        kind = fields.get(name)
        # The spec allows extensions whose names start with an underscore; anything else is a typo.
        if kind is None:
            if not name.startswith("_"):
                problems.append(f"{where}.{name} is not a JSON Feed 1.1 field")
            continue
        problems.extend(_check_value(value, kind, f"{where}.{name}"))
    return problems


def _check_value(value: Any, kind: str, where: str) -> list[str]:
    if kind == "str":
        return [] if isinstance(value, str) else [f"{where} must be a string"]
    if kind == "bool":
        return [] if isinstance(value, bool) else [f"{where} must be true or false"]
    if kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return [] if ok else [f"{where} must be a number"]
    if kind == "url":
        return [] if _is_absolute_url(value) else [f"{where} must be an absolute URL"]
    if kind == "date":
        return [] if _is_rfc3339(value) else [f"{where} must be an RFC 3339 date with a time zone"]
    if kind == "strs":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return [f"{where} must be a list of strings"]
        return []
    if kind == "authors":
        return _check_list(value, where, _AUTHOR_FIELDS, any_of=("name", "url", "avatar"))
    if kind == "hubs":
        return _check_list(value, where, _HUB_FIELDS, required=("type", "url"))
    if kind == "attachments":
        return _check_list(value, where, _ATTACHMENT_FIELDS, required=("url", "mime_type"))
    if kind == "items":
        problems = _check_list(value, where, _ITEM_FIELDS, required=("id",))
        for index, item in enumerate(value if isinstance(value, list) else []):
            if isinstance(item, dict) and "content_html" not in item and "content_text" not in item:
                problems.append(f"{where}[{index}] needs content_html or content_text")
        return problems
    raise AssertionError(f"unknown kind {kind}")


def _check_list(value: Any, where: str, fields: dict[str, str], required: tuple[str, ...] = (),
                any_of: tuple[str, ...] = ()) -> list[str]:
    if not isinstance(value, list):
        return [f"{where} must be a list"]
    problems = []
    for index, element in enumerate(value):
        here = f"{where}[{index}]"
        if not isinstance(element, dict):
            problems.append(f"{here} must be an object")
            continue
        problems.extend(_check_object(element, fields, here))
        problems.extend(f"{here}.{name} is required" for name in required if name not in element)
        if any_of and not any(name in element for name in any_of):
            problems.append(f"{here} needs one of {', '.join(any_of)}")
    return problems


def _is_absolute_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _is_rfc3339(value: Any) -> bool:
    if not isinstance(value, str) or "T" not in value:
        return False
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return parsed.tzinfo is not None
