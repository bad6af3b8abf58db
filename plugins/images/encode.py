"""The Pillow work of the images plugin, run in worker processes: photos and share cards.

Everything here is a plain function of its arguments (paths, numbers, strings), so that it can
run in a ``ProcessPoolExecutor``. Results go into a cache folder named after a hash of the
inputs; the main process copies them into the site. Every image is written from pixels only:
the ``info`` of a decoded image (EXIF, XMP, comments, ICC, camera serials) never reaches a saved
file.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import shutil
import textwrap
import time
import warnings
from pathlib import Path
from typing import Any

import PIL
from PIL import Image, ImageCms, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError, features

# The codec libraries whose versions change the bytes Pillow writes (or the cards it draws).
CODEC_LIBRARIES = ("jpg", "webp", "zlib", "freetype2", "littlecms2")


def _encoder_digest() -> str:
    """A digest of what makes every cached file: this module's code, Pillow and its codecs.

    Cache keys start with it, so any change to the encoder (a quality, a drawing step, a
    Pillow upgrade) makes new entries instead of reusing results of the old encoder.
    """
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for part in (PIL.__version__, *(features.version(name) or "-" for name in CODEC_LIBRARIES)):
        digest.update(b"\0" + str(part).encode())
    return digest.hexdigest()


ENCODER_DIGEST = _encoder_digest()
CARD_SIZE = (1200, 630)
TITLE_RIGHT = 1020  # the title column ends here, clear of the corner decoration
META_FILE = "meta.json"


class ImageProblem(Exception):
    """An image that cannot be published: ``reason`` is one of ``REASONS``, ``detail`` says more."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


REASONS = ("not-an-image", "unreadable", "too-many-pixels")


def _file_digest(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _store(cache_dir: Path, key: str, write) -> dict[str, Any]:
    """Run ``write(folder)`` into a temporary folder and move it into the cache as ``key``.

    The rename makes the entry appear whole or not at all, even with several builds at once.
    The entry is immutable from then on: its files are made read-only, and their digests are
    recorded so that :func:`cached_meta` can tell when something wrote into one anyway (the
    published images are hard links to these files).
    """
    final = cache_dir / key
    temporary = cache_dir / f".{key}.tmp-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    meta = write(temporary)
    meta["sha256"] = {name: _file_digest(temporary / name) for name in meta["files"]}
    (temporary / META_FILE).write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
    for stored in temporary.iterdir():
        stored.chmod(READ_ONLY)
    try:
        temporary.rename(final)
    except OSError:  # another build stored the same entry first: it is identical
        shutil.rmtree(temporary, ignore_errors=True)
    return meta


READ_ONLY = 0o444


def cached_meta(cache_dir: Path, key: str) -> dict[str, Any] | None:
    """The stored result for ``key``, or None when it has not been made yet or is not intact.

    Every file of the entry is checked against the digest recorded when it was made: an entry
    that was written into (through a published hard link, by hand) is dropped, to be made again.
    """
    folder = cache_dir / key
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        digests = meta["sha256"]
        intact = set(digests) == set(meta["files"]) and all(
            _file_digest(folder / name) == digest for name, digest in digests.items())
    except (OSError, ValueError, KeyError, TypeError):
        intact = False
    if not intact:
        _drop_entry(folder)
        return None
    return meta


def _drop_entry(folder: Path) -> None:
    """Remove a cache entry; renamed aside first, so no build ever sees it half-removed."""
    if not folder.exists():
        return
    aside = folder.with_name(f".{folder.name}.drop-{os.getpid()}-{time.monotonic_ns()}")
    try:
        folder.rename(aside)
    except OSError:  # another build dropped it first
        return
    shutil.rmtree(aside, ignore_errors=True)


def _open_upright(source: Path, max_pixels: int) -> Image.Image:
    """The decoded picture, turned as its EXIF orientation says, in sRGB, with no metadata."""
    previous_limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max_pixels  # Pillow reads its limit from here; restored below
    try:
        return _decode_upright(source, max_pixels)
    finally:
        Image.MAX_IMAGE_PIXELS = previous_limit


def _decode_upright(source: Path, max_pixels: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Pillow only warns between the limit and twice the limit: make that an error too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as opened:
                if opened.width * opened.height > max_pixels:
                    raise ImageProblem("too-many-pixels", f"{opened.width}×{opened.height}")
                opened.load()
                image = ImageOps.exif_transpose(opened)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageProblem("too-many-pixels", str(error)) from None
    except UnidentifiedImageError:
        raise ImageProblem("not-an-image") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageProblem("unreadable", str(error)) from None
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if has_alpha else "RGB"
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        # Keep the colours of wide-gamut photos right once their profile is dropped.
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            image = ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                              ImageCms.createProfile("sRGB"), outputMode=mode)
    image = image.convert(mode)
    image.info = {}
    return image


# Encoder effort, chosen by measuring size against time on 2000×1333 photos and on the cards
# (numbers in the README): WebP method 2 takes less than half the time of method 4 for 2-7 % more
# bytes and a PSNR within 0.4 dB; baseline JPEG has the very pixels of progressive JPEG, up to 3 %
# more bytes, in under half the time (visitors get the WebP; the JPEGs are the fallback and the
# copy social networks fetch). Cards stay lossless PNG: zlib's run-length strategy takes a sixth of
# the time of ``optimize`` (level 9) for 7-15 % more bytes, which only social networks download.
WEBP_METHOD = 2
PNG_COMPRESS_LEVEL = 6
PNG_COMPRESS_TYPE = 3  # zlib's Z_RLE


def _save(image: Image.Image, path: Path, fmt: str, quality: int) -> int:
    """Write pixels only (no EXIF, XMP, ICC or comment); returns the number of bytes."""
    image.info = {}
    if fmt == "WEBP":
        image.save(path, "WEBP", quality=quality, method=WEBP_METHOD)
    elif fmt == "JPEG":
        image.save(path, "JPEG", quality=quality, optimize=True)
    else:
        image.save(path, "PNG", compress_level=PNG_COMPRESS_LEVEL, compress_type=PNG_COMPRESS_TYPE)
    return path.stat().st_size


def derivative_widths(width: int, widths: list[int]) -> list[int]:
    """The widths to publish for a picture ``width`` pixels wide: never wider than the original."""
    chosen = sorted({w for w in widths if w < width})
    if any(w >= width for w in widths) or not chosen:
        chosen.append(width)
    return chosen


def chained_resize(image: Image.Image, widths: set[int] | list[int]) -> dict[int, Image.Image]:
    """``image`` resized to each of ``widths``, each one made from the next larger copy.

    Each height is computed from the original's proportions, so the sizes are exactly those of a
    resize from the original; the pixels differ by less than the eye can see (PSNR above 50 dB)
    while the smaller copies cost a fraction of a resize from the full picture.
    """
    width, height = image.size
    sized: dict[int, Image.Image] = {}
    larger = image
    for w in sorted(widths, reverse=True):
        if w == width:
            sized[w] = image
            continue
        h = max(1, round(height * w / width))
        sized[w] = larger.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
        larger = sized[w]
    return sized


def encode_photo(source: str, cache_dir: str, key: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Make every published file of one photo into the cache entry ``key``.

    Returns the entry's metadata plus ``encoded`` (how many files were encoded), or
    ``{"error": reason, "detail": text}`` when the file cannot be published.
    """
    try:
        image = _open_upright(Path(source), int(spec["max_pixels"]))
    except ImageProblem as problem:
        return {"error": problem.reason, "detail": problem.detail}

    def write(folder: Path) -> dict[str, Any]:
        alpha = image.mode == "RGBA"
        fallback, ext, mime = ("PNG", "png", "image/png") if alpha else ("JPEG", "jpg", "image/jpeg")
        width, height = image.size
        files: dict[str, list[int]] = {}

        def emit(name: str, picture: Image.Image, fmt: str, quality: int) -> None:
            files[name] = [picture.width, picture.height, _save(picture, folder / name, fmt, quality)]

        emit(f"full.{ext}", image, fallback, spec["jpeg_quality"])
        all_widths = set(derivative_widths(width, spec["widths"])) | set(
            derivative_widths(width, [spec["share_width"]]))
        sized = chained_resize(image, all_widths)
        for w in sorted(all_widths):
            emit(f"w{w}.{ext}", sized[w], fallback, spec["jpeg_quality"])
        for w in derivative_widths(width, spec["widths"]):
            emit(f"w{w}.webp", sized[w], "WEBP", spec["webp_quality"])
        return {"width": width, "height": height, "ext": ext, "mime": mime, "files": files,
                "widths": derivative_widths(width, spec["widths"]),
                "share_width": derivative_widths(width, [spec["share_width"]])[-1]}

    meta = _store(Path(cache_dir), key, write)
    return {**meta, "encoded": len(meta["files"])}


# --- share cards -----------------------------------------------------------------------------

def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    if len(color) == 3:
        color = "".join(c * 2 for c in color)
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _text_width(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont) -> float:
    return draw.textlength(text, font=font)


def wrap_lines(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont,
               max_width: int, max_lines: int) -> tuple[list[str], bool]:
    """Break ``text`` into lines no wider than ``max_width`` as measured with ``font``.

    Returns the lines and whether they all fit in ``max_lines``; when they do not, the last line
    ends with an ellipsis at a word boundary.
    """
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        # A single word wider than the line (rare in Italian) is cut with a hyphen.
        while _text_width(draw, word, font) > max_width:
            cut = len(word) - 1
            while cut > 1 and _text_width(draw, word[:cut] + "-", font) > max_width:
                cut -= 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut] + "-")
            word = word[cut:]
        candidate = f"{current} {word}".strip()
        if _text_width(draw, candidate, font) <= max_width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines, True
    kept = lines[:max_lines]
    last = kept[-1]
    while last and _text_width(draw, last + " …", font) > max_width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last.rstrip(",;:.-–—") + " …"
    return kept, False


def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """The font at ``path`` in ``size`` px, loaded once per process (and again if the file changes)."""
    stat = os.stat(path)
    return _loaded_font(path, size, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _loaded_font(path: str, size: int, _mtime_ns: int, _length: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def _fit_title(draw: ImageDraw.ImageDraw, title: str, font_path: str, max_width: int,
               max_height: int) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """The largest font size (80 to 44 px) at which the title fits, wrapped; else ellipsized."""
    for size in range(80, 43, -4):
        font = _font(font_path, size)
        line_height = round(size * 1.18)
        max_lines = max(1, max_height // line_height)
        lines, fits = wrap_lines(draw, title, font, max_width, max_lines)
        if fits:
            return font, lines, line_height
    return font, lines, line_height


def _star(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    import math

    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else outer * 0.45
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def card_background(primary: tuple[int, int, int], accent: tuple[int, int, int],
                    paper: tuple[int, int, int]) -> Image.Image:
    """The part of every card that depends only on the colours: the wash, the rings, the bar."""
    width, height = CARD_SIZE
    dark = _mix(primary, (0, 0, 0), 0.45)
    # A diagonal wash from the brand colour to a deeper shade, drawn once at low resolution.
    wash = Image.linear_gradient("L").rotate(90).resize((width, height), Image.Resampling.BICUBIC)
    card = Image.composite(Image.new("RGB", CARD_SIZE, dark), Image.new("RGB", CARD_SIZE, primary),
                           wash)
    draw = ImageDraw.Draw(card)
    # Soft rings in the corner, a quiet nod to the scissors of the logo.
    # They stay right of the title column (which ends at x = 1020) so text never crosses them.
    for index, radius in enumerate((175, 125, 75)):
        ring = _mix(primary, paper, 0.10 + 0.05 * index)
        draw.ellipse((width + 10 - radius, -30 - radius, width + 10 + radius, -30 + radius),
                     outline=ring, width=12)
    draw.rectangle((0, 0, 18, height), fill=accent)
    return card


# Drawing the background is most of a card's drawing time and every card of a site has the same
# colours: each worker process draws it once (a pure function of the colours) and copies it.
_cached_background = functools.lru_cache(maxsize=8)(card_background)


def render_card(spec: dict[str, Any], cached: bool = True) -> Image.Image:
    """Draw a 1200×630 share card: kicker, wrapped title, optional stars, the salon's name.

    ``cached=False`` draws the background afresh instead of copying this process's drawing
    (the same pixels: the tests compare both).
    """
    width, height = CARD_SIZE
    primary, accent = _rgb(spec["colors"]["primary"]), _rgb(spec["colors"]["accent"])
    paper = _rgb(spec["colors"].get("paper", "#fdf8f4"))
    background = _cached_background if cached else card_background
    card = background(primary, accent, paper).copy()
    draw = ImageDraw.Draw(card)
    margin = 84
    regular, bold = spec["font"], spec["font_bold"]
    top = 78
    if spec.get("kicker"):
        kicker_font = _font(bold, 30)
        draw.text((margin, top), spec["kicker"].upper(), font=kicker_font, fill=accent)
        top += 62
    if spec.get("stars"):
        for index in range(5):
            fill = accent if index < spec["stars"] else _mix(primary, paper, 0.3)
            draw.polygon(_star(margin + 26 + index * 62, top + 24, 27), fill=fill)
        top += 78
    footer_top = height - 118
    available = footer_top - 36 - top
    title_font, lines, line_height = _fit_title(draw, spec["title"], bold, TITLE_RIGHT - margin,
                                                available)
    # A short title sits in the middle of the free space instead of leaving a hole below it.
    block = line_height * len(lines)
    title_top = top + max(0, (available - block) // 2)
    for index, line in enumerate(lines):
        draw.text((margin, title_top + index * line_height), line, font=title_font, fill=paper)
    draw.line((margin, footer_top, width - margin, footer_top), fill=_mix(primary, paper, 0.35),
              width=2)
    footer_font = _font(regular, 32)
    draw.text((margin, footer_top + 30), spec["footer"], font=footer_font, fill=paper)
    if spec.get("footer_right"):
        right_font = _font(bold, 30)
        text_width = draw.textlength(spec["footer_right"], font=right_font)
        draw.text((width - margin - text_width, footer_top + 31), spec["footer_right"],
                  font=right_font, fill=accent)
    return card


def encode_card(cache_dir: str, key: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Draw and store one share card as the cache entry ``key``."""

    def write(folder: Path) -> dict[str, Any]:
        card = render_card(spec)
        length = _save(card, folder / "card.png", "PNG", 0)
        return {"width": card.width, "height": card.height, "ext": "png", "mime": "image/png",
                "files": {"card.png": [card.width, card.height, length]}}

    meta = _store(Path(cache_dir), key, write)
    return {**meta, "encoded": 1}


def run_batch(jobs: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Run ``(function, *args)`` jobs one after the other (in a worker process); their results."""
    return [job[0](*job[1:]) for job in jobs]


def short_title(text: str, limit: int = 140) -> str:
    """A title cut to ``limit`` characters at a word boundary (cards never need more)."""
    return textwrap.shorten(" ".join(text.split()), width=limit, placeholder=" …")
