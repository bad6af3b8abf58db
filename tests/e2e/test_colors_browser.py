"""In a real Chromium in dark mode, the site uses the owner's own primary colour, readably.

Her ``BRAND_COLORS["primary"]`` (a green, nothing like the demo's plum) must give the dark
scheme its links and buttons, each with a text contrast of at least 4.5:1 as the browser paints it.
"""

from __future__ import annotations

import colorsys
import re

import pytest

from passaparola.build.driver import build
from passaparola.colors import contrast_ratio, dark_scheme, parse_hex, to_hex
from passaparola.dev.browser import PHONE, serve_directory
from passaparola.owner.start import SettingsFile
from tests.support import copy_project

HER_COLORS = {"primary": "#1d6b46", "accent": "#c98a1b", "ink": "#1f2a24", "paper": "#f7faf8"}


def painted(page, selector: str, prop: str) -> str:
    """A computed colour (``rgb(r, g, b)``) as ``#rrggbb``."""
    value = page.eval_on_selector(selector, f"e => getComputedStyle(e).{prop}")
    red, green, blue = (int(n) for n in re.findall(r"\d+", value)[:3])
    return to_hex((red / 255, green / 255, blue / 255))


def hue(color: str) -> float:
    return colorsys.rgb_to_hls(*parse_hex(color))[0]


@pytest.fixture(scope="module")
def her_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("colors") / "project")
    conf = SettingsFile(project / "pelicanconf.py")
    for name, value in HER_COLORS.items():
        conf.set_key("BRAND_COLORS", name, value)
    conf.save()
    return build(project, output_dir=project / "output").output_dir


def test_the_dark_scheme_uses_her_primary_colour_with_readable_text(her_site, chromium):
    expected = dark_scheme(HER_COLORS)
    with serve_directory(her_site) as base:
        context = chromium.new_context(viewport=PHONE, color_scheme="dark")
        page = context.new_page()
        page.goto(base + "/")
        background = painted(page, "body", "backgroundColor")
        link = painted(page, "main a:not(.button)", "color")
        button_text = painted(page, ".hero .button", "color")
        button = painted(page, ".hero .button", "backgroundColor")
        light = chromium.new_context(viewport=PHONE, color_scheme="light").new_page()
        light.goto(base + "/")
        light_link = painted(light, "main a:not(.button)", "color")
        context.close()
    assert light_link == HER_COLORS["primary"]
    assert link == expected["primary"] and background == expected["paper"]
    assert abs(hue(link) - hue(HER_COLORS["primary"])) < 0.02, "the dark primary is not her colour"
    assert abs(hue(background) - hue(HER_COLORS["primary"])) < 0.02
    assert contrast_ratio(link, background) >= 4.5
    assert contrast_ratio(button_text, button) >= 4.5
