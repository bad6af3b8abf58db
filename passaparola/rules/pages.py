"""Rules for pages (``content/pages/``): about, contacts and other standalone pages."""

from passaparola.rules.base import (
    COMMON_FIELDS,
    Field,
    Schema,
    address_from_title,
    content_file,
    datetime_value,
    image_needs_alt,
    integer_between,
    modified_not_before_date,
    named,
    text,
)

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
    cross_checks=(image_needs_alt("Image", "Image_alt"), modified_not_before_date, address_from_title),
)
