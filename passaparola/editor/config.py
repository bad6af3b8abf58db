"""The editor's configuration (Decap CMS), generated from the content rules.

The collections and their fields come from ``passaparola.rules.SCHEMAS``: one collection per
content kind (a kind added to the rules appears in the editor with no change here), one field
per rule field with the owner's exact name and the rule's required flag, and a widget chosen
from the field's parser (a date picker for dates, a list for choices, an image upload for
files). Nothing here is written by hand per field, so the editor cannot drift from ``check``.
The same function gives the online configuration (a GitHub backend) and, in the preview, the
local one (``local_backend``, answered by :mod:`passaparola.editor.backend`).
"""

from __future__ import annotations

from typing import Any

from passaparola.i18n import site_languages
from passaparola.rules import SCHEMAS
from passaparola.rules.base import COMMON_FIELDS, Field, content_file, datetime_value
from passaparola.rules.events import event_date
from passaparola.settings import site_language

# The address the preview answers the editor's requests on (Decap's local_backend protocol).
API_PATH = "/api/v1"
# Where uploaded photos go: content/images/<kind>/, written in the files as images/<kind>/x.jpg.
MEDIA_ROOT = "content/images"
# Stored as the rules read dates: 2027-03-15 18:30 (dayjs tokens).
DATE_FORMAT = "YYYY-MM-DD HH:mm"
# Fields whose value is a paragraph rather than a line: a text box instead of a line.
LONG_TEXT_FIELDS = frozenset({"Summary", "Reply", "Social", "Image_alt", "Photo_alt"})
# A choice of whole numbers this short is a list to tap (a 1-5 rating), a longer one a number box.
MAX_LISTED_NUMBERS = 10
COMMON_NAMES = frozenset(spec.name for spec in COMMON_FIELDS)


def field_widget(spec: Field, kind: str) -> dict[str, Any]:
    """The Decap widget settings for one rule field, chosen from how the rules parse it."""
    parse = spec.parse
    if parse is datetime_value or parse is event_date:
        return {"widget": "datetime", "format": DATE_FORMAT, "date_format": "DD/MM/YYYY",
                "time_format": "HH:mm", "picker_utc": False}
    if parse is content_file:
        return {"widget": "image", "choose_url": False,
                "media_folder": f"/{MEDIA_ROOT}/{kind}", "public_folder": f"images/{kind}"}
    choices = getattr(parse, "choices", None)
    if choices:
        return {"widget": "select", "options": list(choices)}
    bounds = getattr(parse, "bounds", None)
    if bounds:
        low, high = bounds
        if high - low < MAX_LISTED_NUMBERS:
            return {"widget": "select", "options": [
                {"label": f"{number} {'★' * number}" if number > 0 else str(number),
                 "value": str(number)} for number in range(low, high + 1)]}
        return {"widget": "number", "value_type": "int", "min": low, "max": high}
    if spec.name in LONG_TEXT_FIELDS:
        return {"widget": "text"}
    return {"widget": "string"}


def editor_fields(kind: str) -> list[dict[str, Any]]:
    """The fields of one kind, in the order the rules list them, the shared ones (Slug, Status…)
    last: the owner sees her kind's own fields first. The body comes at the end."""
    schema = SCHEMAS[kind]
    own = [spec for spec in schema.fields if spec.name not in COMMON_NAMES]
    shared = [spec for spec in schema.fields if spec.name in COMMON_NAMES]
    fields = [{"name": spec.name, "label": spec.name, "required": spec.required,
               **field_widget(spec, kind)} for spec in own + shared]
    # A plain text box: the file keeps exactly what was typed (Decap's Markdown editor rewrites
    # hand-written Markdown when it saves), and it is the easiest box to type in on a phone.
    body = {"widget": "text"}
    fields.append({"name": "body", "label": "body", "required": False, **body})
    return fields


def identifier_field(kind: str) -> str:
    """The field that names an entry in lists and gives new files their name: the Title when
    the kind requires one, else its first required text field (a testimonial's Reviewer)."""
    fields = SCHEMAS[kind].fields
    for spec in fields:
        if spec.name == "Title" and spec.required:
            return spec.name
    for spec in fields:
        if spec.required and spec.parse not in (datetime_value, event_date) and not getattr(
                spec.parse, "bounds", None):
            return spec.name
    return fields[0].name


def collection(kind: str, label: str) -> dict[str, Any]:
    """One Decap folder collection: the files of ``content/<kind>/``."""
    name_field = identifier_field(kind)
    # Without a title, names repeat (two reviews by Anna): the day makes the file name unique.
    slug = "{{slug}}" if name_field == "Title" else "{{slug}}-{{year}}-{{month}}-{{day}}"
    return {
        "name": kind, "label": label, "folder": f"content/{kind}", "create": True,
        "extension": "md", "format": f"passaparola-{kind}", "identifier_field": name_field,
        "slug": slug, "summary": f"{{{{{name_field}}}}}",
        "media_folder": f"/{MEDIA_ROOT}/{kind}", "public_folder": f"images/{kind}",
        "editor": {"preview": False}, "fields": editor_fields(kind),
    }


def editor_config(settings: dict[str, Any], local: bool, labels: dict[str, str] | None = None
                  ) -> dict[str, Any]:
    """The whole configuration: online (GitHub) backend, and with ``local`` the preview's own.

    ``labels`` names the collections in the owner's language (kind -> label); a kind without
    one is shown by its folder name, as the owner sees it in ``content/``.
    """
    labels = labels or {}
    backend: dict[str, Any] = {"name": "github", "repo": settings.get("EDITOR_REPO") or "",
                               "branch": settings.get("EDITOR_BRANCH") or "main"}
    if settings.get("EDITOR_AUTH_URL"):
        backend["base_url"] = settings["EDITOR_AUTH_URL"]
        backend["auth_endpoint"] = settings.get("EDITOR_AUTH_ENDPOINT") or "auth"
    config: dict[str, Any] = {
        "backend": backend,
        "locale": site_language(settings),
        "media_folder": MEDIA_ROOT,
        "public_folder": "images",
        "publish_mode": "simple",
        # File names the rules accept: lower-case ASCII letters, digits and hyphens.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(kind, labels.get(kind, kind)) for kind in SCHEMAS],
    }
    languages = site_languages(settings)
    if len(languages) > 1:  # issue 23: a translation's Lang is one of the site's other languages
        for entry in config["collections"]:
            for spec in entry["fields"]:
                if spec["name"] == "Lang":
                    spec["options"] = list(languages)
    if settings.get("SITEURL"):
        config["site_url"] = config["display_url"] = settings["SITEURL"]
    if local:
        # The page turns this path into an address on the host it was opened from.
        config["local_backend"] = {"url": API_PATH}
    return config
