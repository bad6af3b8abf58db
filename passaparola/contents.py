"""Working with Pelican's content objects after they were made."""

from __future__ import annotations

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
