"""The follow page ("Seguici") starts with what a person wants, then the feeds, readable on a phone.

Social profiles, the calendar subscription and the newsletter (when ``SALON["newsletter"]`` is
set) come before the feeds; every address is shown whole on a phone, wrapped, never cut off.
"""

from __future__ import annotations

import pytest
from lxml import html

from passaparola.build.driver import build
from passaparola.dev.browser import PHONE, serve_directory
from passaparola.owner.start import SettingsFile
from tests.support import copy_project

NEWSLETTER = "https://newsletter.lunacapelli.example/iscriviti"


@pytest.fixture(scope="module")
def project_with_newsletter(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("follow") / "project")
    conf = SettingsFile(project / "pelicanconf.py")
    conf.set_key("SALON", "newsletter", NEWSLETTER)
    conf.save()
    return project


@pytest.fixture(scope="module")
def site_with_newsletter(project_with_newsletter):
    """Built for publishing: the calendar has its real https address (webcal needs one)."""
    return build(project_with_newsletter, "publishconf.py",
                 output_dir=project_with_newsletter / "public").output_dir


@pytest.fixture(scope="module")
def preview_with_newsletter(project_with_newsletter):
    """Built for the preview, whose pages load their stylesheet from the local server."""
    return build(project_with_newsletter, output_dir=project_with_newsletter / "output").output_dir


def test_social_calendar_and_newsletter_come_before_the_feeds(site_with_newsletter):
    doc = html.parse(str(site_with_newsletter / "segui" / "index.html")).getroot()
    sections = [h.get("id") for h in doc.xpath("//main//h2")]
    assert sections[:4] == ["follow-social", "follow-calendar", "follow-newsletter", "follow-feeds"]
    assert doc.xpath(f"//section[@aria-labelledby='follow-newsletter']//a[@href='{NEWSLETTER}']")
    social = doc.xpath("//section[@aria-labelledby='follow-social']//a/@href")
    assert social and all(url.startswith("https://") for url in social)
    subscribe = doc.xpath("//section[@aria-labelledby='follow-calendar']//a[starts-with(@href, 'webcal://')]")
    assert subscribe and subscribe[0].get("href").endswith("/calendar.ics")


def test_without_a_newsletter_the_page_offers_none(demo_site):
    doc = html.parse(str(demo_site / "segui" / "index.html")).getroot()
    assert doc.xpath("//h2[@id='follow-feeds']")
    assert not doc.xpath("//*[@id='follow-newsletter']")


def test_every_address_is_shown_whole_on_a_phone(preview_with_newsletter, chromium):
    with serve_directory(preview_with_newsletter) as base:
        context = chromium.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(base + "/segui/")
        fields = page.eval_on_selector_all(
            "textarea[readonly]", "all => all.map(f => ({value: f.value, wide: f.scrollWidth, "
            "width: f.clientWidth, tall: f.scrollHeight, height: f.clientHeight}))")
        page_fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        context.close()
    assert fields and page_fits
    for field in fields:
        assert field["wide"] <= field["width"], f"{field['value']} is cut off on the right"
        assert field["tall"] <= field["height"] + 1, f"{field['value']} needs scrolling to be read"
