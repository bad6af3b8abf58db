"""axe-core's WCAG 2.1 A and AA rules on every page of the demo, both languages, in the
dark scheme on a desktop.

See test_quality_accessibility.py for the gate; this pass is a file of its own so that the suite's
two workers run the long passes side by side.
"""

from __future__ import annotations

import pytest

from passaparola.dev.browser import DESKTOP
from passaparola.dev.quality.site import page_paths
from tests.e2e.test_quality_accessibility import axe_problems

pytestmark = pytest.mark.browser


def test_every_page_has_no_wcag_violations_in_the_dark_scheme_on_a_desktop(
        demo_site, demo_site_url, chromium):
    problems = axe_problems(chromium, demo_site_url, page_paths(demo_site), DESKTOP, "dark")

    assert problems == [], "\n".join(problems)
