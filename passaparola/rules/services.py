"""Rules for services (``content/services/``): one service of the price list a file.

A service has a name (``Title``), a price (``Price: 35`` or ``Price-from: 35`` for "from 35 €",
never both), a ``Category`` that groups the price list, and optionally a ``Duration`` in
minutes, a ``Currency`` (ISO 4217, default EUR), an ``Image``, its own ``Booking`` link and an
``Order`` within its category. Prices are numbers only: the currency is a field of its own, so
the site can format the price in its language ("35 €", "€35").

This module also holds the checks that span several kinds (:func:`check_references`): a
review naming a service the price list does not have, a specialty or a ``Staff`` name nobody
on the team has. They are warnings: the page is still built, the link is just missing.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from babel.numbers import is_currency

from passaparola.rules.base import (
    COMMON_FIELDS,
    CheckContext,
    Document,
    Field,
    FieldError,
    Problem,
    Schema,
    address_from_title,
    content_file,
    image_needs_alt,
    integer_between,
    line_of,
    page_address,
    text,
    web_url,
)

SERVICES_FOLDER = "services"
TEAM_FOLDER = "team"
DEFAULT_CURRENCY = "EUR"
MAX_DURATION_MINUTES = 12 * 60
MAX_ORDER = 999
# A price as the owner types it: 35, 35.50 or 35,50 (no currency, no thousands separator).
_PRICE = re.compile(r"^(?P<units>\d{1,6})(?:[.,](?P<cents>\d{1,2}))?$")


def price(value: str, context: CheckContext, document: Document) -> Decimal:
    """A price without its currency: ``35``, ``35,50`` or ``35.50``."""
    match = _PRICE.match(value.strip())
    if not match:
        raise FieldError(context.gettext(
            "'{value}' is not a price: write only the number, e.g. 35 or 35,50 (the currency "
            "goes in Currency)").format(value=value))
    cents = match.group("cents")
    return Decimal(f"{match.group('units')}.{cents.ljust(2, '0')}" if cents else match.group("units"))


def minutes(value: str, context: CheckContext, document: Document) -> int:
    """A duration in whole minutes, from 1 to 12 hours."""
    if not re.fullmatch(r"[0-9]+", value.strip()) or not 1 <= int(value) <= MAX_DURATION_MINUTES:
        raise FieldError(context.gettext(
            "'{value}' is not a number of minutes: write only the minutes, e.g. 45 or 90 "
            "(at most {limit})").format(value=value, limit=MAX_DURATION_MINUTES))
    return int(value)


def currency(value: str, context: CheckContext, document: Document) -> str:
    """An ISO 4217 currency code that Babel knows (EUR, CHF, GBP...)."""
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code) or not is_currency(code):
        raise FieldError(context.gettext(
            "'{value}' is not a currency code: write it as three letters, e.g. EUR").format(
                value=value))
    return code


def one_price(document: Document, values: dict[str, Any], context: CheckContext) -> list[Problem]:
    """A service shows one price: ``Price`` (exact) or ``Price-from`` (a starting price)."""
    _ = context.gettext
    written = [key for key in ("price", "price-from") if key in document.meta]
    if not written:
        return [Problem(document.display, 1, "Price", _(
            "is required but missing: write the price (Price: 35) or a starting price "
            "(Price-from: 35)"))]
    if len(written) == 2:
        return [Problem(document.display, line_of(document, "price-from"), "Price-from", _(
            "cannot be used together with Price: keep only one of the two"))]
    return []


SERVICE_SCHEMA = Schema(
    fields=COMMON_FIELDS + (
        Field("Title", text, required=True),
        Field("Price", price),
        Field("Price-from", price),
        Field("Currency", currency),
        Field("Duration", minutes),
        Field("Category", text, required=True),
        Field("Image", content_file),
        Field("Image_alt", text),
        Field("Booking", web_url),
        Field("Order", integer_between(0, MAX_ORDER)),
        Field("Summary", text),
    ),
    cross_checks=(one_price, image_needs_alt("Image", "Image_alt"), address_from_title),
)


# --- checks across kinds -------------------------------------------------------------------------

def name_key(name: str, context: CheckContext) -> str:
    """How two spellings of one name are compared: by the address they make (case, accents)."""
    return page_address(name, context)


def _documents(context: CheckContext, folder: str) -> list[Document]:
    directory = context.content_dir / folder
    if not directory.is_dir():
        return []
    documents = []
    for path in sorted(directory.glob("*")):
        if path.suffix.lower() not in (".md", ".markdown") or not path.is_file():
            continue
        document = context.read_document(path)
        if document is not None:
            documents.append(document)
    return documents


def _value(document: Document, key: str) -> str:
    meta = document.meta.get(key)
    return meta.value if meta else ""


def _names(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def person_keys(title: str, context: CheckContext) -> set[str]:
    """The names a person answers to in ``Staff:``: the full name, or the first name alone."""
    words = title.split()
    keys = {name_key(title, context)}
    if words:
        keys.add(name_key(words[0], context))
    return {key for key in keys if key}


def _unknown(document: Document, key: str, field: str, known: set[str], context: CheckContext,
             message: str) -> list[Problem]:
    problems = []
    for name in _names(_value(document, key)):
        if name_key(name, context) not in known:
            problems.append(Problem(document.display, line_of(document, key), field,
                                    message.format(name=name), level="warning"))
    return problems


def not_markdown(context: CheckContext) -> list[Problem]:
    """A service or a person saved as ``.txt`` (or ``.docx``) would silently be missing."""
    problems = []
    for folder in (SERVICES_FOLDER, TEAM_FOLDER):
        directory = context.content_dir / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.is_file() and not path.name.startswith(".") and path.suffix.lower() not in (
                    ".md", ".markdown"):
                problems.append(Problem(context.display_path(path), 1, "file", context.gettext(
                    "is not a Markdown file, so it is not read: save it with the .md extension "
                    "(e.g. {name}.md)").format(name=path.stem)))
    return problems


def check_references(context: CheckContext) -> list[Problem]:
    """Names one file gives to another: reviews and team to services, reviews to the team.

    Two services with the same name would share one place on the price list, and a file that is
    not Markdown would be missing from it: those are errors.
    When there is no price list (or no team) at all, nothing is compared with it.
    """
    _ = context.gettext
    services = _documents(context, SERVICES_FOLDER)
    team = _documents(context, TEAM_FOLDER)
    problems: list[Problem] = not_markdown(context)
    service_keys: dict[str, list[Document]] = {}
    for document in services:
        key = name_key(_value(document, "title"), context)
        if key:
            service_keys.setdefault(key, []).append(document)
    for namesakes in service_keys.values():
        for document in namesakes if len(namesakes) > 1 else ():
            others = ", ".join(other.display for other in namesakes if other is not document)
            problems.append(Problem(document.display, line_of(document, "title"), "Title", _(
                "'{name}' is already the name of another service ({other}): give each service "
                "its own name").format(name=_value(document, "title"), other=others)))
    staff_keys = {key for document in team for key in person_keys(_value(document, "title"), context)}
    unknown_service = _("'{name}' is not the name of a service in content/services/, so it is "
                        "not linked to the price list")
    if service_keys:
        for document in team:
            problems += _unknown(document, "specialties", "Specialties", set(service_keys), context,
                                 unknown_service)
    for document in _documents(context, "testimonials"):
        if service_keys:
            problems += _unknown(document, "service", "Service", set(service_keys), context,
                                 unknown_service)
        if team:
            problems += _unknown(document, "staff", "Staff", staff_keys, context, _(
                "'{name}' is not the name of anyone in content/team/, so the review is not "
                "shown on their page"))
    return problems
