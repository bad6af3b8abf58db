"""Where each published page lives, kept from build to build: which address may a page have?

Pelican makes a page's address from its title unless the file has a ``Slug``, so retitling a
published tip moves it: open links, shared posts and the feed item id break, and auto-sharers post
it again as new. The build keeps a record of the address each content file was published at
(``published-addresses.json``, next to ``content/``, committed with it). A file without ``Slug``,
``URL`` or ``Save_as`` keeps its recorded address whatever its title becomes; a file whose address
changed anyway (the owner wrote a new ``Slug``, a section was renamed) gets a redirect from every
address it had (plugins/addresses writes them). Only a successful build that is not the preview
updates the record, so drafts and failed builds never reach it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from passaparola.i18n import run_file_name

RECORD_FILE = "published-addresses.json"
# Fields with which the owner chooses the address herself: then it follows what she wrote.
CHOSEN_ADDRESS_FIELDS = ("slug", "url", "save_as")
RECORDED_STATUSES = ("published", "hidden")


def record_path(settings: dict[str, Any]) -> Path:
    """The record beside the content folder (``PATH``); one per language (``published-addresses.en.json``).

    A site in several languages keeps one record per language: each language's run publishes
    other pages at other addresses, and one shared record would redirect between them.
    """
    return Path(settings["PATH"]).resolve().parent / run_file_name(RECORD_FILE, settings)


def load_record(path: Path) -> dict[str, dict[str, Any]]:
    """Content file (relative to content/) -> ``{"slug", "url", "moved_from"}``; empty if none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, dict) and v.get("url")} \
        if isinstance(data, dict) else {}


def stable_folders(settings: dict[str, Any]) -> tuple[str, ...]:
    """The content folders whose pages keep their address: tips, pages and events.

    Testimonials are left out on purpose: their address is made from the reviewer's name as
    the customer consented to show it, and a redirect would keep an older form of it public.
    """
    return tuple(settings.get("ARTICLE_PATHS") or ()) + tuple(settings.get("PAGE_PATHS") or ()) \
        + tuple(settings.get("EVENTS_PATHS") or ())


def relative_source(settings: dict[str, Any], source_path: str | None) -> str | None:
    """``source_path`` relative to the content folder, when it is a file whose address is kept."""
    if not source_path:
        return None
    try:
        relative = Path(source_path).resolve().relative_to(Path(settings["PATH"]).resolve())
    except ValueError:
        return None
    if relative.parts and relative.parts[0] in stable_folders(settings):
        return relative.as_posix()
    return None


def chose_its_address(content) -> bool:
    """True when the file itself says where the page goes (Slug, URL or Save_as)."""
    metadata = getattr(content, "metadata", {}) or {}
    return any(name in metadata for name in CHOSEN_ADDRESS_FIELDS)


def updated_record(record: dict[str, dict[str, Any]], generated: dict[str, Any],
                   settings: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The record after a successful build that published ``generated`` (relative path -> object).

    Files no longer there are forgotten; a file turned back into a draft keeps its entry (so it
    comes back at the same address); each address a file had before is kept in ``moved_from``,
    so its redirect survives every later build.
    """
    updated: dict[str, dict[str, Any]] = {}
    for relative, content in sorted(generated.items()):
        if content is None or relative_source(settings, getattr(content, "source_path", None)) \
                is None:
            continue
        before = record.get(relative) or {}
        if getattr(content, "status", "") not in RECORDED_STATUSES \
                or getattr(content, "preview_draft", False):
            if before:
                updated[relative] = before
            continue
        moved_from = set(before.get("moved_from") or ())
        if before.get("url") and before["url"] != content.url:
            moved_from.add(before["url"])
        moved_from.discard(content.url)
        updated[relative] = {"slug": content.slug, "url": content.url,
                             "moved_from": sorted(moved_from)}
    return updated


def save_record(path: Path, record: dict[str, dict[str, Any]]) -> bool:
    """Write the record when it changed (whole, via a temporary file); True if it was written."""
    text = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return True
