"""The keyboard walk over every page of the demo, both languages, on a phone in the light scheme.

See test_quality_accessibility.py for what the walk checks; this walk is a file of its own so that
the suite's two workers run the long walks side by side.
"""

from __future__ import annotations

import pytest

from passaparola.dev.browser import PHONE
from passaparola.dev.quality.site import page_paths
from tests.e2e.test_quality_accessibility import keyboard_problems

pytestmark = pytest.mark.browser


def test_every_link_and_button_of_every_page_is_reached_by_tab_in_order_with_a_visible_focus_on_a_phone(
        demo_site, demo_site_url, chromium):
    problems = keyboard_problems(chromium, demo_site_url, page_paths(demo_site), PHONE)

    assert problems == [], "\n".join(problems)
