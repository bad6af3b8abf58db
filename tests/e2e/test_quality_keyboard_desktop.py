"""The keyboard walk over the demo, both languages, on a desktop in the dark scheme.

Every page is loaded; Tab goes through each page that shows a kind of control (its tag, classes,
attributes and ancestors, in its language) that no page before it showed, so every kind of link,
button and field of the site is walked where it first appears (the axe and Nu gates still read
every page).

See test_quality_accessibility.py for what the walk checks; this walk is a file of its own so that
the suite's two workers run the long walks side by side.
"""

from __future__ import annotations

import pytest

from passaparola.dev.browser import DESKTOP
from passaparola.dev.quality.site import page_paths
from tests.e2e.test_quality_accessibility import keyboard_problems

pytestmark = pytest.mark.browser


def test_every_kind_of_link_and_button_of_the_site_is_reached_by_tab_in_order_in_the_dark_scheme_on_a_desktop(
        demo_site, demo_site_url, chromium):
    walked: list[str] = []
    problems = keyboard_problems(chromium, demo_site_url, page_paths(demo_site), DESKTOP, "dark",
                                 each_kind_once=True, walked=walked)

    assert "/" in walked and len(walked) > 1, walked
    assert problems == [], "\n".join(problems)
