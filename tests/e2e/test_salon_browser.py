"""In a real Chromium, the header says whether the salon is open, by the salon's own clock."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from passaparola.dev.browser import PHONE, serve_directory

ROME = ZoneInfo("Europe/Rome")


@pytest.fixture(scope="module")
def browser(chromium):
    """The shared module-wide Chromium of conftest.py."""
    return chromium


def header_at(browser, base_url: str, moment: datetime, path: str = "/",
              timezone_id: str = "Europe/Rome") -> dict[str, str]:
    """The badge and today's line as a visitor sees them at ``moment``."""
    context = browser.new_context(viewport=PHONE, timezone_id=timezone_id)
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    page.goto(base_url + path)
    badge = page.locator("[data-salon-badge]")
    badge.wait_for(state="visible")
    seen = {"badge": badge.inner_text(), "today": page.locator("[data-salon-today]").inner_text(),
            "today_row": page.locator(".salon-hours-table tr.is-today th").all_inner_texts()}
    context.close()
    return seen


@pytest.fixture(scope="module")
def site_url(demo_site):
    with serve_directory(demo_site) as base_url:
        yield base_url


def test_inside_opening_hours_on_a_weekday_the_badge_says_open(browser, site_url):
    seen = header_at(browser, site_url, datetime(2026, 12, 1, 10, 15, tzinfo=ROME))  # a Tuesday
    assert seen["badge"] == "Aperto ora"
    assert seen["today"] == "Oggi: 09:00–13:00, 14:30–19:00"


def test_during_the_lunch_break_the_badge_says_closed(browser, site_url):
    seen = header_at(browser, site_url, datetime(2026, 12, 1, 13, 30, tzinfo=ROME))
    assert seen["badge"] == "Chiuso"
    assert seen["today"] == "Oggi: 09:00–13:00, 14:30–19:00"


def test_at_closing_time_the_salon_is_closed(browser, site_url):
    seen = header_at(browser, site_url, datetime(2026, 12, 4, 19, 0, tzinfo=ROME))  # Friday 09–19
    assert seen["badge"] == "Chiuso"


def test_on_a_closed_weekday_the_header_says_closed_today(browser, site_url):
    seen = header_at(browser, site_url, datetime(2026, 11, 30, 11, 0, tzinfo=ROME))  # a Monday
    assert seen == {"badge": "Chiuso", "today": "Oggi chiuso", "today_row": []}


def test_on_a_special_closure_day_the_header_shows_the_closure_note(browser, site_url):
    seen = header_at(browser, site_url, datetime(2026, 12, 24, 11, 0, tzinfo=ROME))  # a Thursday
    assert seen["badge"] == "Chiuso"
    assert seen["today"] == "Chiuso per le feste di Natale"


def test_the_salons_time_zone_counts_not_the_visitors(browser, site_url):
    # 04:30 in New York is 10:30 in Bologna, on a Tuesday: open.
    seen = header_at(browser, site_url, datetime(2026, 12, 1, 10, 30, tzinfo=ROME),
                     timezone_id="America/New_York")
    assert seen["badge"] == "Aperto ora"


def test_the_contacts_page_points_out_todays_row(browser, site_url):
    seen = header_at(browser, site_url, datetime(2026, 12, 3, 18, 0, tzinfo=ROME), "/contatti/")
    assert seen["badge"] == "Aperto ora"
    assert seen["today_row"] == ["Giovedì"]


def test_without_javascript_the_header_shows_the_week_and_no_guess(browser, site_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/")
    assert not page.locator("[data-salon-badge]").is_visible()
    assert page.locator("[data-salon-today]").inner_text().startswith("Orari: mar–mer 09:00–13:00")
    context.close()


def test_english_site_says_open_now_and_closed(browser, project_copy):
    from passaparola.build.driver import build
    from tests.support import set_setting

    set_setting(project_copy, "DEFAULT_LANG", '"en"')
    out = build(project_copy).output_dir
    with serve_directory(out) as base_url:
        open_ = header_at(browser, base_url, datetime(2026, 12, 1, 10, 15, tzinfo=ROME))
        closed = header_at(browser, base_url, datetime(2027, 8, 10, 10, 15, tzinfo=ROME))
    narrow_space = "\u202f"  # CLDR's English times: "9:00 AM" with a narrow no-break space
    assert open_["badge"] == "Open now"
    assert open_["today"].replace(narrow_space, " ") == "Today: 9:00 AM–1:00 PM, 2:30 PM–7:00 PM"
    assert (closed["badge"], closed["today"]) == ("Closed", "Chiuso per ferie estive")
