"""Rules for the team (``content/team/``): one person of the salon a file.

A person has a name (``Title``) and a ``Role``; optionally ``Specialties`` (the services they
do, by the names of ``content/services/``), a photo (``Image`` with ``Image_alt``) that is only
published with ``Consent: yes``, and an ``Order`` on the team page. The body is a short
presentation. Names in ``Specialties`` are compared with the price list by
:func:`passaparola.rules.services.check_references`.
"""

from __future__ import annotations

from typing import Any

from passaparola.rules.base import (
    COMMON_FIELDS,
    CheckContext,
    Document,
    Field,
    Problem,
    Schema,
    address_from_title,
    choice,
    comma_list,
    content_file,
    image_needs_alt,
    integer_between,
    line_of,
    named,
    text,
)

MAX_ORDER = 999


def photo_needs_consent(document: Document, values: dict[str, Any],
                        context: CheckContext) -> list[Problem]:
    """A person's photo is only published when they agreed: say so instead of hiding it."""
    if "image" in values and values.get("consent") != "yes":
        return [Problem(document.display, line_of(document, "Image"), "Consent", context.gettext(
            "is not 'yes', so the photo is not published"), level="warning")]
    return []


PERSON_SCHEMA = Schema(
    fields=COMMON_FIELDS + (
        Field("Title", named, required=True),
        Field("Role", text, required=True),
        Field("Specialties", comma_list),
        Field("Image", content_file),
        Field("Image_alt", text),
        Field("Consent", choice("yes", "no")),
        Field("Order", integer_between(0, MAX_ORDER)),
        Field("Summary", text),
    ),
    cross_checks=(image_needs_alt("Image", "Image_alt"), photo_needs_consent, address_from_title),
)
