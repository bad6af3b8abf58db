"""Rules for pages (``content/pages/``): about, contacts and other standalone pages."""

from typing import Any

from passaparola.i18n import site_languages
from passaparola.rules.base import (
    COMMON_FIELDS,
    CheckContext,
    Document,
    Field,
    Problem,
    Schema,
    address_from_title,
    content_file,
    datetime_value,
    image_needs_alt,
    integer_between,
    line_of,
    modified_not_before_date,
    named,
    page_address,
    text,
)
from passaparola.settings import section_slugs


def address_not_taken_by_the_site(document: Document, values: dict[str, Any],
                                  context: CheckContext) -> list[Problem]:
    """A page is published at ``/<its address>/``: not a section's folder (``/consigli/``) nor
    another language's (``/en/``), where both would be written to the same file."""
    if "slug" in values:
        address, field_name = str(values["slug"]), "Slug"
    elif "title" in values:
        address, field_name = page_address(values["title"], context), "Title"
    else:
        return []
    settings = context.settings
    default, *others = site_languages(settings)
    lang = str(values.get("lang") or default)
    # An extra language's sections are its own (LANGUAGES_SECTION_SLUGS), under /<lang>/.
    overrides = (settings.get("SECTION_SLUGS") if lang == default
                 else (settings.get("LANGUAGES_SECTION_SLUGS") or {}).get(lang))
    taken = set(section_slugs({"DEFAULT_LANG": lang, "SECTION_SLUGS": overrides}).values())
    if lang == default:
        taken |= set(others)
    if address not in taken:
        return []
    return [Problem(document.display, line_of(document, field_name.lower()), field_name,
                    context.gettext("/{address}/ is already an address of the site (a section, or "
                                    "the pages in another language): choose another Slug").format(
                        address=address))]

PAGE_SCHEMA = Schema(
    fields=COMMON_FIELDS + (
        Field("Title", text, required=True),
        Field("Date", datetime_value),
        Field("Modified", datetime_value),
        Field("Summary", text),
        Field("Image", content_file),
        Field("Image_alt", text),
        Field("Author", named),
        Field("Template", text),
        Field("Menu_order", integer_between(0, 99)),
    ),
    cross_checks=(image_needs_alt("Image", "Image_alt"), modified_not_before_date, address_from_title,
                  address_not_taken_by_the_site),
)
