"""Drafts in the preview only, and redirects for static hosts.

``invoke serve`` builds with ``PREVIEW = True``: a ``Status: draft`` file is then treated as
published, so the owner sees it in place (home page, lists, its own page) before it goes live.
Every other build (``invoke build``, ``invoke publish``) writes no draft page at all: Pelican would
otherwise save drafts under ``drafts/`` where anyone who guesses the address can read them.
Scheduled posts (a future ``Date``) follow Pelican's ``WITH_FUTURE_DATES``: on in pelicanconf.py,
off in publishconf.py, which makes them drafts — so they are never published before their day.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

def drop_drafts_outside_preview(generator) -> None:
    """Outside the preview, forget drafts before anything is written, so no page is made for them."""
    if generator.settings.get("PREVIEW"):
        return
    for name in ("drafts", "drafts_translations", "draft_pages", "draft_translations"):
        if getattr(generator, name, None):
            setattr(generator, name, [])


def show_drafts_in_preview(content) -> None:
    """In the preview, a draft is shown like a published page, marked ``preview_draft``."""
    settings = getattr(content, "settings", None) or {}
    if settings.get("PREVIEW") and getattr(content, "status", None) == "draft":
        content.status = "published"
        content.preview_draft = True


def redirect_lines(redirects: dict[str, str]) -> list[str]:
    """``_redirects`` lines (``/old/ /new/ 301``) from the ``REDIRECTS`` setting.

    Raises ValueError naming the entry when a path is not site-absolute or has spaces.
    """
    lines = []
    for old, new in sorted((redirects or {}).items()):
        if not str(old).startswith("/") or any(ch.isspace() for ch in f"{old}{new}"):
            raise ValueError(f"REDIRECTS: {old!r} must be a path starting with / and without spaces")
        if not str(new).startswith(("/", "https://", "http://")):
            raise ValueError(f"REDIRECTS: {new!r} must be a path starting with / or a web address")
        lines.append(f"{old} {new} 301")
    return lines


def write_redirects(pelican) -> None:
    """Write ``_redirects`` (Netlify, Cloudflare Pages and others read it) when REDIRECTS is set."""
    settings: dict[str, Any] = pelican.settings
    if not settings.get("REDIRECTS"):
        return
    try:
        lines = redirect_lines(settings["REDIRECTS"])
    except ValueError as error:
        logger.error("%s", error)
        return
    target = Path(settings["OUTPUT_PATH"]) / "_redirects"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
