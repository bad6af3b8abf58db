"""Two content files that would get the same page address: an error naming both, before building.

Pelican finds such a clash only while building, logs an English line about "original (not
translated) items" and writes one page over the other; here the rules find it first, so that
`check` and the build say the same thing, in the owner's language, at the line to change.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from passaparola.rules.base import CheckContext, Document, Problem, line_of, page_address
from passaparola.settings import site_language

# Kinds whose page address is made from Slug, or from Title without one (the testimonials
# plugin makes its own, unique addresses from date and consented name).
ADDRESSED_BY_SLUG = ("tips", "pages", "events")


def address_key(document: Document, kind: str, context: CheckContext) -> tuple[Any, ...] | None:
    """What makes a page's address: its kind, draft or not, language and slug."""
    meta = {key: value.value for key, value in document.meta.items()}
    if kind not in ADDRESSED_BY_SLUG or meta.get("translation", "").lower() == "true":
        return None
    slug = meta.get("slug") or page_address(meta.get("title", ""), context)
    if not slug:
        return None
    draft = meta.get("status", "").lower() == "draft"
    lang = meta.get("lang") or site_language(context.settings)
    return kind, draft, lang, slug


def duplicate_addresses(documents: list[tuple[Document, str]], context: CheckContext) -> list[Problem]:
    """An error on each file whose address another file of the same kind already has."""
    by_address: dict[tuple[Any, ...], list[Document]] = defaultdict(list)
    for document, kind in documents:
        key = address_key(document, kind, context)
        if key is not None:
            by_address[key].append(document)
    problems = []
    for key, sharing in by_address.items():
        if len(sharing) < 2:
            continue
        for document in sharing:
            others = ", ".join(d.display for d in sharing if d is not document)
            field_name = "Slug" if "slug" in document.meta else "Title"
            problems.append(Problem(document.display, line_of(document, field_name), field_name,
                                    context.gettext(
                "gives the page address '{slug}', which {others} has too: one page would "
                "replace the other; give one of them another Slug, e.g. 'Slug: {slug}-2'"
            ).format(slug=key[-1], others=others)))
    return problems
