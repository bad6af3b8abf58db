"""Rules for testimonials (``content/testimonials/``): customer reviews with a rating.

A testimonial is what a customer said, copied by the owner from a card, a message or a review
site. Its text is shown as text, never as Markdown or HTML, so these rules do not look for links
in the body; they make sure every field the reviews section needs is there and valid.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pelican.utils import slugify

from passaparola.rules.base import (
    COMMON_FIELDS,
    CheckContext,
    Document,
    Field,
    FieldError,
    Problem,
    Schema,
    choice,
    comma_list,
    content_file,
    datetime_value,
    image_needs_alt,
    integer_between,
    line_of,
    text,
)
from passaparola.settings import slug_substitutions

CONSENTS = ("full-name", "initials", "anonymous")
DEFAULT_CONSENT = "initials"
SOURCES = ("in-salon", "google", "facebook", "instagram", "email")
DEFAULT_SOURCE = "in-salon"
BEST_RATING = 5
WORST_RATING = 1
MAX_SERVICE_LENGTH = 60


def average_rating(ratings: list[int]) -> Decimal | None:
    """The mean rating rounded half-up to one decimal, as every page and the JSON-LD show it (the
    reviews section, a service's and a person's reviews); None without ratings."""
    if not ratings:
        return None
    mean = Decimal(sum(ratings)) / Decimal(len(ratings))
    return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)



def service_slug(service: str, settings: dict[str, Any]) -> str:
    """The address part of a service's filter page, as the testimonials plugin writes it."""
    return slugify(service, regex_subs=slug_substitutions(settings))


def services(value: str, context: CheckContext, document: Document) -> list[str]:
    """One or more services, comma-separated; each must have a letter or digit for its address."""
    items = comma_list(value, context, document)
    for item in items:
        if not service_slug(item, context.settings):
            raise FieldError(context.gettext(
                "the service '{service}' has no letters or digits to make its page address from"
            ).format(service=item))
        if len(item) > MAX_SERVICE_LENGTH:
            raise FieldError(context.gettext(
                "the service '{service}' is longer than {limit} characters").format(
                    service=item, limit=MAX_SERVICE_LENGTH))
    return items


def body_required(document: Document, values: dict[str, Any], context: CheckContext) -> list[Problem]:
    """The text is the testimonial itself: a rating without words is not shown."""
    if document.body.strip():
        return []
    return [Problem(document.display, document.body_line, "body", context.gettext(
        "the testimonial text is missing: write what the customer said after the fields"))]


def photo_needs_consent(document: Document, values: dict[str, Any],
                        context: CheckContext) -> list[Problem]:
    """A photo of a customer is only published with their consent; say so instead of hiding it."""
    if "photo" in values and values.get("photo_consent") != "yes":
        return [Problem(document.display, line_of(document, "Photo"), "Photo_consent", context.gettext(
            "is not 'yes', so the photo is not published"), level="warning")]
    return []


# Parts of a name too short or too common to be told apart from ordinary words ("Anna De Santis").
_NOT_A_NAME = {"da", "dal", "dalla", "de", "dei", "degli", "del", "della", "di", "la", "le", "lo"}


def name_only_as_consented(document: Document, values: dict[str, Any],
                           context: CheckContext) -> list[Problem]:
    """With initials or anonymous, the customer's name must not be published in another field.

    The plugin shows the name as consented; but a Title, a Reply, a Slug or the text itself is
    published as written, so "Caro Paolo" in a reply would give away what the customer kept private.
    Names are matched as capitalised whole words, so the colour "rosa" is not "Rosa".
    """
    consent = values.get("consent", DEFAULT_CONSENT)
    if consent == "full-name" or "reviewer" not in values:
        return []
    parts = [part for part in re.split(r"[\s\-]+", values["reviewer"])
             if len(part) >= 2 and part.casefold() not in _NOT_A_NAME]
    if not parts:
        return []
    name = re.compile(r"(?<!\w)(" + "|".join(re.escape(part) for part in parts) + r")(?!\w)")
    places = [(meta.key, meta.line, meta.value) for key, meta in document.meta.items()
              if key in ("title", "reply", "photo_alt")]
    places += [("body", document.body_line + offset, line)
               for offset, line in enumerate(document.body.split("\n"))]
    problems = []
    for field_name, line, value in places:
        for found in name.finditer(value):
            problems.append(Problem(document.display, line, field_name, context.gettext(
                "contains '{name}', part of the customer's name, but Consent is {consent}: "
                "the name would be published; write it as the consent allows or leave it out"
            ).format(name=found.group(1), consent=consent)))
    slug_meta = document.meta.get("slug")
    if slug_meta:
        for part in parts:
            address = service_slug(part, context.settings)
            if address and re.search(rf"(?<![a-z0-9]){re.escape(address)}(?![a-z0-9])",
                                     slug_meta.value):
                problems.append(Problem(document.display, slug_meta.line, slug_meta.key,
                                        context.gettext(
                    "contains '{name}', part of the customer's name, but Consent is {consent}: "
                    "the name would be published; write it as the consent allows or leave it out"
                ).format(name=address, consent=consent)))
    return problems


TESTIMONIAL_SCHEMA = Schema(
    fields=COMMON_FIELDS + (
        Field("Title", text),
        Field("Date", datetime_value, required=True),
        Field("Rating", integer_between(WORST_RATING, BEST_RATING), required=True),
        Field("Reviewer", text, required=True),
        Field("Consent", choice(*CONSENTS)),
        Field("Service", services),
        Field("Staff", comma_list),
        Field("Source", choice(*SOURCES)),
        Field("Photo", content_file),
        Field("Photo_alt", text),
        Field("Photo_consent", choice("yes", "no")),
        Field("Reply", text),
    ),
    cross_checks=(body_required, image_needs_alt("Photo", "Photo_alt"), photo_needs_consent,
                  name_only_as_consented),
    markdown_body=False,
)
