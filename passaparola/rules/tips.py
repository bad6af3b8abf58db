"""Rules for tips (``content/tips/``): the salon's articles."""

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
    modified_not_before_date,
    named,
    tag_list,
    text,
)


def summary_recommended(document: Document, values: dict, context: CheckContext) -> list[Problem]:
    """Feeds, share previews and search results show the summary; without one they guess."""
    if "summary" in values:
        return []
    return [Problem(document.display, 1, "Summary", context.gettext(
        "is missing: feeds and social previews will use the first words of the text"),
        level="warning")]


TIP_SCHEMA = Schema(
    fields=COMMON_FIELDS + (
        Field("Title", text, required=True),
        Field("Date", datetime_value, required=True),
        Field("Modified", datetime_value),
        Field("Tags", tag_list),
        Field("Summary", text),
        Field("Image", content_file),
        Field("Image_alt", text),
        Field("Author", named),
        Field("Social", text),
    ),
    cross_checks=(image_needs_alt("Image", "Image_alt"), modified_not_before_date, address_from_title,
                  summary_recommended),
)
