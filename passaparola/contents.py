"""Working with Pelican's content objects after they were made."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def replace_body(obj: Any, body: str) -> None:
    """Give a content object a new body (HTML), forgetting what was rendered from the old one.

    Pelican memoizes each object's rendered content and summary in caches shared by all objects
    of the class; this object's entries would otherwise still show the old body.
    """
    obj._content = body
    for method in ("get_content", "get_summary"):
        cache = getattr(getattr(obj, method, None), "cache", {})
        for args in [a for a in cache if a and a[0] is obj]:
            del cache[args]


def leave_out_static_files(static_generator: Any, context_key: str) -> None:
    """Drop from Pelican's static files every file named in ``context[context_key]`` (a set of
    resolved paths): a photo published without consent must not appear even as a loose file."""
    private = static_generator.context.get(context_key) or set()
    if not private:
        return
    content_dir = Path(static_generator.path).resolve()
    static_generator.staticfiles[:] = [
        static for static in static_generator.staticfiles
        if (content_dir / static.relative_source_path).resolve() not in private]
