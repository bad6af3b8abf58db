"""The kit's pictures: a story (9:16), a square post (1:1) and a portrait post (4:5) per item.

Each picture is the item's photo (when it has one) above a panel in the brand colours with a
kicker (kind, date or stars), the title, a few details and the salon's name. All text is laid
out inside a text box that keeps clear of the edges, and of the top and bottom 250 px of a story
where Instagram and WhatsApp draw their own bars. Text that does not fit shrinks; lines break
only between words, so a long Italian title is never cut mid-word and never overflows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont, ImageOps

from passaparola.kit.items import KitItem
from passaparola.kit.wrapping import wrap_words

# name -> (width, height) in pixels
FORMATS: dict[str, tuple[int, int]] = {"story": (1080, 1920), "square": (1080, 1080),
                                       "portrait": (1080, 1350)}
STORY_SAFE_MARGIN = 250  # free at top and bottom of a story: the apps' own bars go there
SIDE_MARGIN = 80
# Share of the height the photo takes, per format (the text panel has the rest).
PHOTO_SHARE = {"story": 0.42, "square": 0.42, "portrait": 0.45}
# Font sizes (px) at full scale; every size shrinks together until the text fits.
SIZES = {"kicker": 44, "stars": 76, "title": 96, "details": 44, "footer": 40}
MIN_SCALE = 0.3
SCALE_STEP = 0.04
LINE_SPACING = 1.12
BLOCK_GAP = 0.6  # gap between blocks, in lines of the block above


@dataclass
class Brand:
    """The salon's colours, fonts and name, from the settings."""

    primary: str
    accent: str
    ink: str
    paper: str
    font: str
    font_bold: str
    salon: str


@dataclass
class Block:
    """A run of text drawn in one font and colour, wrapped to the text box."""

    text: str
    size: str  # a key of SIZES
    bold: bool
    color: str


@dataclass
class PlacedLine:
    text: str
    x: int
    y: int
    font: ImageFont.FreeTypeFont
    color: str


def text_box(fmt: str, has_photo: bool) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the area the text may use in a picture of ``fmt``."""
    width, height = FORMATS[fmt]
    top_margin = STORY_SAFE_MARGIN if fmt == "story" else SIDE_MARGIN
    bottom = height - (STORY_SAFE_MARGIN if fmt == "story" else SIDE_MARGIN)
    top = max(top_margin, int(height * PHOTO_SHARE[fmt]) + SIDE_MARGIN // 2) if has_photo \
        else top_margin
    return SIDE_MARGIN, top, width - SIDE_MARGIN, bottom


@lru_cache(maxsize=64)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    ascent, descent = font.getmetrics()
    return int((ascent + descent) * LINE_SPACING)


def layout(blocks: list[Block], footer: Block, box: tuple[int, int, int, int], brand: Brand,
           centre: bool) -> list[PlacedLine] | None:
    """Every line placed inside ``box`` at the largest scale that fits, or None if none does.

    The footer sits at the bottom of the box; the other blocks go from the top (or are centred
    in the space left, with ``centre``).
    """
    left, top, right, bottom = box
    width = right - left
    scale = 1.0
    while scale >= MIN_SCALE - 1e-9:
        placed = _place(blocks, footer, box, brand, scale, width, centre)
        if placed is not None:
            return placed
        scale -= SCALE_STEP
    return None


def _font_of(block: Block, brand: Brand, scale: float) -> ImageFont.FreeTypeFont:
    return _font(brand.font_bold if block.bold else brand.font, max(12, int(SIZES[block.size] * scale)))


def _place(blocks: list[Block], footer: Block, box: tuple[int, int, int, int], brand: Brand,
           scale: float, width: int, centre: bool) -> list[PlacedLine] | None:
    left, top, right, bottom = box
    footer_font = _font_of(footer, brand, max(scale, 0.6))
    footer_lines = wrap_words(footer.text, footer_font.getlength, width)
    if not footer_lines:
        return None
    footer_height = _line_height(footer_font) * len(footer_lines)
    available = bottom - top - footer_height - _line_height(footer_font)
    runs: list[tuple[Block, ImageFont.FreeTypeFont, list[str]]] = []
    height = 0
    for index, block in enumerate(blocks):
        font = _font_of(block, brand, scale)
        lines = wrap_words(block.text, font.getlength, width)
        if lines is None:
            return None
        runs.append((block, font, lines))
        height += _line_height(font) * len(lines)
        if index < len(blocks) - 1:
            height += int(_line_height(font) * BLOCK_GAP)
    if height > available:
        return None
    y = top + (available - height) // 2 if centre else top
    placed = []
    for block, font, lines in runs:
        for line in lines:
            placed.append(PlacedLine(line, left, y, font, block.color))
            y += _line_height(font)
        y += int(_line_height(font) * BLOCK_GAP)
    y = bottom - footer_height
    for line in footer_lines:
        placed.append(PlacedLine(line, left, y, footer_font, footer.color))
        y += _line_height(footer_font)
    return placed


def blocks_for(item: KitItem, brand: Brand, labels: dict[str, str]) -> list[Block]:
    """The kicker, title and details of an item, in the order they are drawn."""
    kicker = labels.get(item.kind, "")
    details: list[str] = []
    if item.event:
        facts = item.event
        kicker = facts.date_words[:1].upper() + facts.date_words[1:]  # it starts the line
        details.append(facts.time_words or labels["all_day"])
        if facts.mode in ("offline", "mixed") and facts.location:
            details.append(facts.location)
        if facts.mode in ("online", "mixed"):
            details.append(facts.mode_label)
        if facts.price_label:
            details.append(facts.price_label)
        if facts.status_label:
            kicker = f"{facts.status_label.upper()} · {facts.date_words}"
    elif item.kind == "testimonial":
        stars = "★" * item.rating + "☆" * (5 - item.rating)
        return [Block(stars, "stars", True, brand.accent),
                Block(item.title, "title", True, brand.paper),
                Block(f"«{item.quote}»", "details", False, brand.paper),
                Block(f"— {item.reviewer}", "details", True, brand.paper)]
    blocks = [Block(kicker, "kicker", True, brand.accent),
              Block(item.title, "title", True, brand.paper)]
    if details:
        blocks.append(Block("\n".join(details), "details", False, brand.paper))
    return blocks


def _cover(photo: str, size: tuple[int, int]) -> Image.Image:
    with Image.open(photo) as source:
        upright = ImageOps.exif_transpose(source).convert("RGB")
    return ImageOps.fit(upright, size, method=Image.Resampling.LANCZOS, centering=(0.5, 0.4))


def draw(item: KitItem, fmt: str, brand: Brand, labels: dict[str, str],
         with_text: bool = True) -> Image.Image:
    """The picture of ``item`` in ``fmt``; ``with_text=False`` leaves the text out (for tests that
    measure where the text is by comparing both)."""
    width, height = FORMATS[fmt]
    image = Image.new("RGB", (width, height), brand.primary)
    canvas = ImageDraw.Draw(image)
    box = text_box(fmt, bool(item.photo))
    if item.photo:
        photo_height = int(height * PHOTO_SHARE[fmt])
        image.paste(_cover(item.photo, (width, photo_height)), (0, 0))
        canvas.rectangle((0, photo_height, width, photo_height + 12), fill=brand.accent)
    else:
        canvas.rectangle((0, 0, width, 24), fill=brand.accent)
        canvas.rectangle((0, height - 24, width, height), fill=brand.accent)
    if not with_text:
        return image
    footer = Block(brand.salon, "footer", True, brand.accent)
    blocks = blocks_for(item, brand, labels)
    placed = layout(blocks, footer, box, brand, centre=not item.photo)
    while placed is None and len(blocks[1].text.split()) > 1:
        # Even at the smallest size it does not fit: shorten the title by whole words.
        words = blocks[1].text.rstrip(" …").split()[:-1]
        blocks[1].text = " ".join(words) + " …"
        placed = layout(blocks, footer, box, brand, centre=not item.photo)
    for line in placed or []:
        canvas.text((line.x, line.y), line.text, font=line.font, fill=line.color, anchor="la")
    return image


def brand_from(settings: dict[str, Any], project_fonts: tuple[str, str]) -> Brand:
    """The brand of the site: BRAND_COLORS, the theme's fonts and the salon's name."""
    colors = {"primary": "#8c2f57", "accent": "#d9a441", "ink": "#2b2025", "paper": "#fdf8f4",
              **(settings.get("BRAND_COLORS") or {})}
    salon = (settings.get("SALON") or {}).get("name") or settings.get("SITENAME", "")
    return Brand(primary=colors["primary"], accent=colors["accent"], ink=colors["ink"],
                 paper=colors["paper"], font=project_fonts[0], font_bold=project_fonts[1],
                 salon=salon)
