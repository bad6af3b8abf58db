"""Rules for the site-wide settings the owner edits in ``pelicanconf.py`` (besides ``SALON``).

A wrong ``DEFAULT_LANG`` would build a site half in one language and half in another; a brand
colour that is not a colour, or too pale for white text, would make buttons unreadable. They are
checked with the content, before Pelican runs, and reported like content mistakes:
``pelicanconf.py:LINE: SETTING: message`` in the owner's language, with how to fix it.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal

from passaparola.colors import (
    DEFAULT_BRAND_COLORS,
    TEXT_CONTRAST,
    WHITE,
    brand_colors,
    contrast_ratio,
    dark_scheme,
    parse_hex,
)
from passaparola.i18n import SUPPORTED_LANGUAGES, babel_locale, language_names, owner_language
from passaparola.rules.base import CheckContext, Problem
from passaparola.settings import PROJECT_DEFAULTS

SETTINGS_FILE = "pelicanconf.py"


def settings_lines(context: CheckContext) -> list[str]:
    """The lines of the project's ``pelicanconf.py`` ([] when it cannot be read)."""
    path = Path(context.display_root or ".") / SETTINGS_FILE
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def setting_line(lines: list[str], name: str, key: str | None = None) -> int:
    """The line (from 1) that sets ``name``, or its ``key`` inside the dictionary it opens."""
    assignment = re.compile(rf"^{re.escape(name)}\s*=")
    start = next((i for i, line in enumerate(lines) if assignment.match(line)), None)
    if start is None:
        return 1
    if key is not None:
        for index in range(start, len(lines)):
            if index > start and re.match(r"^[A-Z_]+\s*=", lines[index]):
                break  # the next setting: the key is not written in this one
            if f'"{key}"' in lines[index] or f"'{key}'" in lines[index]:
                return index + 1
    return start + 1


def check_site_settings(context: CheckContext) -> list[Problem]:
    """Every problem of ``DEFAULT_LANG`` and ``BRAND_COLORS``."""
    lines = settings_lines(context)
    settings = context.settings
    problems = _check_language(settings, lines, context)
    if "BRAND_COLORS" in settings:
        problems += _check_brand_colors(settings["BRAND_COLORS"], lines, context)
    return problems


def _check_language(settings: dict[str, Any], lines: list[str], context: CheckContext) -> list[Problem]:
    _ = context.gettext
    lang = settings.get("DEFAULT_LANG", PROJECT_DEFAULTS["DEFAULT_LANG"])
    if lang in SUPPORTED_LANGUAGES:
        return []
    suggestion = str(lang).strip().lower().replace("_", "-").split("-")[0]
    choices = _(" or ").join(f'DEFAULT_LANG = "{code}"' for code in SUPPORTED_LANGUAGES)
    hint = (_('write DEFAULT_LANG = "{code}"').format(code=suggestion)
            if suggestion in SUPPORTED_LANGUAGES else _("write {choices}").format(choices=choices))
    return [Problem(SETTINGS_FILE, setting_line(lines, "DEFAULT_LANG"), "DEFAULT_LANG", _(
        "'{value}' is not a language of the site; supported languages: {languages}: {hint}").format(
            value=lang, languages=language_names(context.lang), hint=hint))]


def _check_brand_colors(colors: Any, lines: list[str], context: CheckContext) -> list[Problem]:
    _ = context.gettext

    def problem(key: str | None, message: str) -> Problem:
        name = "BRAND_COLORS" + (f".{key}" if key else "")
        return Problem(SETTINGS_FILE, setting_line(lines, "BRAND_COLORS", key), name, message)

    if not isinstance(colors, dict):
        return [problem(None, _('must be a dictionary of colours, like {{"primary": "#8c2f57", '
                                '"accent": "#d9a441", "ink": "#2b2025", "paper": "#fdf8f4"}}'))]
    problems = []
    valid: dict[str, str] = {}
    for key, value in colors.items():
        if key not in DEFAULT_BRAND_COLORS:
            close = difflib.get_close_matches(str(key), list(DEFAULT_BRAND_COLORS), n=1)
            hint = (_("did you mean '{key}'?").format(key=close[0]) if close
                    else _("the colours are: {keys}").format(keys=", ".join(DEFAULT_BRAND_COLORS)))
            problems.append(problem(str(key), _("is not a brand colour; {hint}").format(hint=hint)))
            continue
        try:
            parse_hex(value)
        except (ValueError, TypeError):
            problems.append(problem(key, _(
                "'{value}' is not a colour: write # and six hexadecimal digits between quotes, "
                "like \"#8c2f57\" (a colour picker shows them)").format(value=value)))
            continue
        valid[key] = str(value)
    if problems:
        return problems
    return _check_contrast(brand_colors(valid), problem, context)


def _check_contrast(colors: dict[str, str], problem, context: CheckContext) -> list[Problem]:
    """White text on the primary colour, the primary colour on paper, ink on paper; both schemes."""
    _ = context.gettext
    problems = []
    darker = _("choose a darker colour")
    pairs = [
        ("primary", WHITE, colors["primary"],
         _("white text on {color} (buttons) has a contrast of {ratio}:1, less than {needed}:1: {fix}")),
        ("primary", colors["primary"], colors["paper"],
         _("{color} on the paper colour {paper} (links, headings) has a contrast of {ratio}:1, "
           "less than {needed}:1: {fix}")),
        ("ink", colors["ink"], colors["paper"],
         _("text in {color} on the paper colour {paper} has a contrast of {ratio}:1, less than "
           "{needed}:1: {fix}")),
    ]
    for key, foreground, background, message in pairs:
        ratio = contrast_ratio(foreground, background)
        if ratio < TEXT_CONTRAST:
            problems.append(problem(key, message.format(
                color=colors[key], paper=colors["paper"], ratio=_ratio(ratio, context.lang),
                needed=_ratio(TEXT_CONTRAST, context.lang), fix=darker)))
    dark = dark_scheme(colors)
    for foreground, background in ((dark["primary"], dark["surface"]), (dark["on-primary"], dark["primary"])):
        ratio = contrast_ratio(foreground, background)
        if ratio < TEXT_CONTRAST:
            problems.append(problem("primary", _(
                "in the dark scheme, {color} (made from your primary colour) on {background} has a "
                "contrast of {ratio}:1, less than {needed}:1: choose another primary colour").format(
                    color=foreground, background=background, ratio=_ratio(ratio, context.lang),
                    needed=_ratio(TEXT_CONTRAST, context.lang))))
    return problems


def _ratio(value: float, lang: str) -> str:
    """A contrast ratio as the owner writes numbers: ``2,3`` in Italian, ``2.3`` in English.

    Rounded down, so that a measured 4.49 never reads as the required 4.5.
    """
    truncated = int(value * 10) / 10
    return format_decimal(truncated, format="0.0", locale=babel_locale(owner_language(lang)))
