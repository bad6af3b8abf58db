"""Photos in ``content/images/`` that the build could not publish, found before it starts.

The images plugin decodes every photo while building and fails on one it cannot read; the rules
open each photo first (its header, the PNG chunks, the end of a JPEG), so that `check` reports a
HEIC saved as ``.jpg``, a file cut short by a failed copy or a photo with too many pixels, with
the build's own words. Decoding every photo in full is the plugin's job (and its cache's).
"""

from __future__ import annotations

import posixpath
import warnings
from pathlib import Path
from urllib.parse import unquote

from PIL import Image, UnidentifiedImageError

from passaparola.rules.base import (
    CheckContext,
    Document,
    Problem,
    body_image_path,
)
from passaparola.rules.document import body_images
from passaparola.rules.files import IMAGE_SUFFIXES, IMAGES_FOLDER, is_hidden

# A complete JPEG ends with the End Of Image marker (some cameras pad a few bytes after it).
_JPEG_END = b"\xff\xd9"
_JPEG_TAIL_BYTES = 4096


def image_problem(path: Path, max_pixels: int) -> str | None:
    """Why the images plugin could not publish ``path``: "not-an-image", "unreadable",
    "too-many-pixels", or None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                if opened.width * opened.height > max_pixels:
                    return "too-many-pixels"
                if opened.format == "PNG":
                    opened.verify()  # every chunk and its checksum, without decompressing
                elif opened.format == "JPEG":
                    with path.open("rb") as raw:
                        raw.seek(max(0, path.stat().st_size - _JPEG_TAIL_BYTES))
                        if _JPEG_END not in raw.read():
                            return "unreadable"
    except Image.DecompressionBombError:
        return "too-many-pixels"
    except UnidentifiedImageError:
        return "not-an-image"
    except (OSError, SyntaxError, ValueError):
        return "unreadable"
    return None


# Fields whose value is a photo the images plugin publishes (a cover or a testimonial's photo).
PHOTO_FIELDS = ("Image", "Photo")


def photo_references(documents: list[tuple[Document, str]],
                     context: CheckContext) -> dict[str, list[tuple[Document, int, str]]]:
    """content-relative photo path -> every (document, line, field) that shows it."""
    references: dict[str, list[tuple[Document, int, str]]] = {}
    for document, kind in documents:
        for name in PHOTO_FIELDS:
            meta = document.meta.get(name.lower())
            if meta and meta.value:
                value = meta.value
                for prefix in ("{static}", "{attach}"):
                    value = value.removeprefix(prefix)
                path = posixpath.normpath(unquote(value.split("#")[0].split("?")[0]).lstrip("/"))
                references.setdefault(path, []).append((document, meta.line, meta.key))
        if kind == "testimonials":
            continue  # shown as text: no image of the body is published
        folder = posixpath.dirname(document.path.relative_to(context.content_dir).as_posix()) \
            if document.path.is_relative_to(context.content_dir) else ""
        for line, src in body_images(document):
            path = body_image_path(src, folder)
            if path is not None:
                references.setdefault(path, []).append((document, line, "body"))
    return references


def unreadable_images(context: CheckContext,
                      documents: list[tuple[Document, str]] | None = None) -> list[Problem]:
    """An error for each photo the build would fail to publish: on every field or line that
    shows it, as the build reports it, or on the photo itself when nothing shows it."""
    _ = context.gettext
    references = photo_references(documents or [], context)
    folder = context.content_dir / IMAGES_FOLDER
    candidates = {path.relative_to(context.content_dir).as_posix() for path in folder.rglob("*")
                  if path.is_file()} if folder.is_dir() else set()
    candidates |= set(references)
    max_pixels = int(context.settings.get("IMAGES_MAX_PIXELS") or Image.MAX_IMAGE_PIXELS)
    problems = []
    for relative in sorted(candidates):
        path = context.content_dir / relative
        if (is_hidden(Path(relative)) or Path(relative).suffix.lower() not in IMAGE_SUFFIXES
                or relative.startswith("../") or not path.is_file()):
            continue
        reason = image_problem(path, max_pixels)
        if reason is None:
            continue
        explained = {
            "not-an-image": _("it is not an image Pillow can read (JPEG, PNG, WebP, GIF...)"),
            "unreadable": _("the file is damaged or cut short"),
            "too-many-pixels": _("it has too many pixels; make it smaller than {limit} pixels "
                                 "in all").format(limit=max_pixels),
        }[reason]
        message = _("the image '{path}' cannot be published: {reason}").format(
            path=relative, reason=explained)
        shown_by = references.get(relative) or []
        problems += [Problem(document.display, line, field_name, message)
                     for document, line, field_name in shown_by]
        if not shown_by:
            problems.append(Problem(context.display_path(path), 1, "file", message))
    return problems
