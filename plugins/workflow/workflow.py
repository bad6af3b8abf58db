"""Drafts in the preview only (the ``_redirects`` file is written by ``redirects.py``).

``invoke serve`` builds with ``PREVIEW = True``: a ``Status: draft`` file is then treated as
published, so the owner sees it in place (home page, lists, its own page) before it goes live.
Every other build (``invoke build``, ``invoke publish``) writes no draft page at all: Pelican would
otherwise save drafts under ``drafts/`` where anyone who guesses the address can read them.
Scheduled posts (a future ``Date``) follow Pelican's ``WITH_FUTURE_DATES``: on in pelicanconf.py,
off in publishconf.py, which makes them drafts — so they are never published before their day.
"""

from __future__ import annotations


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
