"""In a real Chromium at phone width, a visitor books a service from the price list.

The booking button of each service must lead to that service's own ``Booking`` link, or to the
salon's booking link when the file gives none; the booking site is answered locally (no network).
Every button is reachable, has a visible focus ring and fits the phone's width, in both schemes.
"""

from __future__ import annotations

import pytest

from passaparola.dev.browser import PHONE, serve_directory
from tests.plugins.services.test_services import SALON_BOOKING, files, key

BOOKED = "<!doctype html><title>Prenotazione</title><p>Prenotazione</p>"


@pytest.fixture(scope="module")
def site_url(demo_site):
    with serve_directory(demo_site) as base_url:
        yield base_url


def book(chromium, site_url: str, title: str, scheme: str = "light") -> tuple[str, dict[str, str]]:
    """Open the price list on a phone, press the service's button; where it led, and its look."""
    context = chromium.new_context(viewport=PHONE, color_scheme=scheme, has_touch=True, is_mobile=True)
    requested: list[str] = []

    def booking_site(route):
        requested.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=BOOKED)

    context.route("https://prenota.ciocheribelli.example/**", booking_site)
    page = context.new_page()
    page.goto(f"{site_url}/servizi/")
    button = page.locator(f"[id='{key(title)}'] a.service-book")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    button.focus()
    look = button.evaluate("""b => { const s = getComputedStyle(b);
        return {outline: s.outlineStyle, outlineWidth: s.outlineWidth, color: s.color,
                background: s.backgroundColor, name: b.innerText + '|' + b.textContent,
                pageWidth: String(document.documentElement.scrollWidth)}; }""")
    look["right"] = str(box["x"] + box["width"]) if box else "none"
    button.tap()
    page.wait_for_url("https://prenota.ciocheribelli.example/**")
    landed = page.url
    context.close()
    assert requested and requested[-1] == landed
    return landed, look


def test_each_booking_button_goes_to_its_services_booking_link_on_a_phone(chromium, site_url):
    services = files("services")
    own = [f for f in services.values() if "Booking" in f]
    default = [f for f in services.values() if "Booking" not in f]
    assert own and default, "the demo needs a service with its own link and one without"
    for fields in (own[0], default[0]):
        landed, _look = book(chromium, site_url, fields["Title"])
        assert landed == fields.get("Booking", SALON_BOOKING)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_booking_button_fits_the_phone_and_shows_its_focus(chromium, site_url, scheme):
    fields = next(iter(files("services").values()))
    _landed, look = book(chromium, site_url, fields["Title"], scheme)
    assert int(look["pageWidth"]) <= PHONE["width"], "the price list scrolls sideways on a phone"
    assert float(look["right"]) <= PHONE["width"]
    assert look["outline"] == "solid" and look["outlineWidth"] == "3px"
    assert look["color"] != look["background"]
    assert fields["Title"] in look["name"]
