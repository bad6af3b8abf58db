"""The brand colours: how readable they are, and the dark scheme made from them.

The owner picks four colours in ``BRAND_COLORS`` for the light scheme. Text must stay readable
(WCAG 2.1: a contrast ratio of at least 4.5:1), and a visitor whose phone is in dark mode must see
her colours too, not the demo's. :func:`contrast_ratio` measures a pair (the settings check uses
it), and :func:`dark_scheme` derives the dark scheme's colours from her primary colour: the same
hue, lightened until it reads on a dark paper of that same hue. The formulas are WCAG's relative
luminance and the HLS colour model of the standard library's ``colorsys``.
"""

from __future__ import annotations

import colorsys
import re

# Colours as the owner may write them: #rgb, #rrggbb (with an optional alpha digit pair ignored).
HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
WHITE = "#ffffff"
# WCAG 2.1 AA: normal text (1.4.3) and user-interface parts such as the focus ring (1.4.11).
TEXT_CONTRAST = 4.5
UI_CONTRAST = 3.0
# The theme's colours when BRAND_COLORS leaves one out (the same defaults as theme/assets/css).
DEFAULT_BRAND_COLORS = {"primary": "#8c2f57", "accent": "#d9a441", "ink": "#2b2025",
                        "paper": "#fdf8f4"}


def parse_hex(value: str) -> tuple[float, float, float]:
    """``#8c2f57`` -> (r, g, b) in 0..1; raises ValueError for anything but a hex colour."""
    text = str(value).strip()
    if not HEX_COLOR.match(text):
        raise ValueError(value)
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def to_hex(rgb: tuple[float, float, float]) -> str:
    """(r, g, b) in 0..1 -> ``#rrggbb``."""
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in rgb)


def relative_luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of a hex colour, 0 (black) to 1 (white)."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in parse_hex(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two hex colours, from 1 (same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _hls(color: str) -> tuple[float, float, float]:
    return colorsys.rgb_to_hls(*parse_hex(color))


def _from_hls(hue: float, lightness: float, saturation: float) -> str:
    return to_hex(colorsys.hls_to_rgb(hue, lightness, saturation))


def _lighten_until(color: str, background: str, ratio: float, start: float) -> str:
    """``color``'s hue and saturation at the lowest lightness >= ``start`` that reads on ``background``."""
    hue, lightness, saturation = _hls(color)
    lightness = max(lightness, start)
    while lightness < 1.0:
        candidate = _from_hls(hue, lightness, saturation)
        if contrast_ratio(candidate, background) >= ratio:
            return candidate
        lightness = min(1.0, lightness + 0.01)
    return WHITE


def brand_colors(settings_colors: dict[str, str] | None) -> dict[str, str]:
    """The four brand colours, the theme's defaults filling those BRAND_COLORS leaves out."""
    return {**DEFAULT_BRAND_COLORS, **{k: str(v) for k, v in (settings_colors or {}).items()}}


def dark_scheme(colors: dict[str, str]) -> dict[str, str]:
    """The dark scheme's colours (paper, surface, line, ink, muted, primary, on-primary, focus).

    Paper, surface and lines are very dark greys tinted with the primary's hue; the primary is the
    same hue lightened until it reads on the surface (the lighter of the two dark backgrounds) with
    at least 4.5:1; text on a primary button is the dark paper, so it reads with the same ratio.
    """
    hue, _lightness, saturation = _hls(colors["primary"])
    tint = min(saturation, 0.16)
    paper = _from_hls(hue, 0.085, tint)
    surface = _from_hls(hue, 0.125, tint)
    line = _from_hls(hue, 0.21, min(saturation, 0.13))
    ink = _from_hls(hue, 0.94, min(saturation, 0.35))
    muted = _lighten_until(_from_hls(hue, 0.7, min(saturation, 0.15)), surface, TEXT_CONTRAST, 0.7)
    # A softer primary than the light scheme's (saturation capped): bright pinks glare on black.
    primary_source = _from_hls(hue, 0.5, min(saturation, 0.75))
    primary = _lighten_until(primary_source, surface, TEXT_CONTRAST, 0.72)
    focus = _lighten_until(colors["accent"], surface, UI_CONTRAST, 0.0)
    return {"paper": paper, "surface": surface, "line": line, "ink": ink, "muted": muted,
            "primary": primary, "on-primary": paper, "focus": focus}
