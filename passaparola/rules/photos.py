"""Photos in ``content/images/`` that the build could not publish, found before it starts.

The images plugin decodes every photo while building and fails on one it cannot read; the rules
open each photo first (its header, the PNG chunks, the end of a JPEG), so that `check` reports a
HEIC saved as ``.jpg``, a file cut short by a failed copy or a photo with too many pixels, with
the build's own words. Decoding every photo in full is the plugin's job (and its cache's).
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from passaparola.rules.base import CheckContext, Problem
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


def unreadable_images(context: CheckContext) -> list[Problem]:
    """An error for each photo of content/images/ the build would fail to publish."""
    _ = context.gettext
    folder = context.content_dir / IMAGES_FOLDER
    if not folder.is_dir():
        return []
    max_pixels = int(context.settings.get("IMAGES_MAX_PIXELS") or Image.MAX_IMAGE_PIXELS)
    problems = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(context.content_dir)
        if is_hidden(relative) or not path.is_file() or path.suffix.lower() not in IMAGE_SUFFIXES:
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
        problems.append(Problem(context.display_path(path), 1, "file", _(
            "the image '{path}' cannot be published: {reason}").format(
                path=relative.as_posix(), reason=explained)))
    return problems
