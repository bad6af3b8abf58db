"""Event pages, the events list, the month calendars and the home page, as visitors and search
engines read them; and in a browser whose clock is later than the build."""

from __future__ import annotations

from datetime import datetime

import extruct
import pytest
from lxml import html

from passaparola.build.driver import build
from passaparola.dev.browser import PHONE, launch_chromium, serve_directory
from tests.support import copy_project, set_setting

# The build's idea of "now" is fixed, so these tests do not depend on the day they run.
BUILD_NOW = "2026-11-25T22:00:00+01:00"


@pytest.fixture(scope="module")
def events_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("events") / "project")
    return build(project, overrides={"EVENTS_NOW": BUILD_NOW}).output_dir


def parse(path):
    return html.parse(str(path)).getroot()


def slugs_in(list_element) -> list[str]:
    return [a.get("href").rstrip("/").split("/")[-1] for a in list_element.xpath(".//h3/a")]


def test_events_page_lists_upcoming_first_in_date_order_then_past_latest_first(events_site):
    page = parse(events_site / "eventi" / "index.html")
    upcoming = slugs_in(page.xpath("//ol[@data-events-upcoming]")[0])
    past = slugs_in(page.xpath("//ol[@data-events-past]")[0])
    assert upcoming == ["caffe-e-consigli-del-primo-martedi", "in-diretta-ricci-in-inverno-senza-crespo",
                        "festa-di-strada-in-via-del-pratello", "webinar-passare-al-grigio-senza-traumi",
                        "laboratorio-di-trecce-per-genitori",
                        "cute-sana-la-tricologa-ines-duarte-in-collegamento-da-lisbona",
                        "mattinata-di-pieghe-per-la-primavera"]
    assert past == ["serata-sul-colore-naturale", "in-diretta-proteggere-i-capelli-in-vacanza"]
    cancelled = page.xpath("//li[contains(@class, 'event-cancelled')]//strong")[0]
    assert cancelled.text_content() == "Annullato"


def test_home_page_shows_the_next_three_events_leaving_out_the_cancelled_one(events_site):
    home = parse(events_site / "index.html")
    assert slugs_in(home.xpath("//section[contains(@class, 'home-events')]")[0]) == [
        "caffe-e-consigli-del-primo-martedi", "in-diretta-ricci-in-inverno-senza-crespo",
        "festa-di-strada-in-via-del-pratello"]
    assert home.xpath("//nav//a[@href='/eventi/']")


def test_event_page_says_when_where_how_much_and_links_to_calendars(events_site):
    page = parse(events_site / "eventi" / "laboratorio-di-trecce-per-genitori" / "index.html")
    facts = page.xpath("//dl[@class='event-facts']")[0].text_content()
    assert "giovedì 21 gennaio 2027, 18:00–20:00, Ora Italia" in facts
    assert "Via del Pratello 41/B" in facts and "15,00\xa0€" in facts
    assert "https://incontri.ciocheribelli.example/trecce" in facts
    banner = page.xpath("//p[contains(@class, 'event-status-banner')]")[0].text_content()
    assert "Nuova data" in banner and "giovedì 14 gennaio 2027" in banner
    ics = page.xpath("//a[@download]/@href")[0]
    assert ics == "/eventi/laboratorio-di-trecce-per-genitori/laboratorio-di-trecce-per-genitori.ics"
    assert (events_site / ics.lstrip("/")).is_file()
    google = page.xpath("//a[starts-with(@href, 'https://calendar.google.com/')]/@href")[0]
    assert "dates=20270121T180000%2F20270121T200000" in google and "ctz=Europe%2FRome" in google


def test_recurring_event_page_lists_its_next_dates_without_the_skipped_one(events_site):
    page = parse(events_site / "eventi" / "caffe-e-consigli-del-primo-martedi" / "index.html")
    dates = [t.get("datetime") for t in page.xpath("//section[@class='event-dates']//time")]
    assert dates == ["2026-12-01T08:00:00+01:00", "2027-02-02T08:00:00+01:00",
                     "2027-03-02T08:00:00+01:00", "2027-04-06T08:00:00+02:00",
                     "2027-05-04T08:00:00+02:00"]


def json_ld_events(path) -> list[dict]:
    data = extruct.extract(path.read_text(encoding="utf-8"), syntaxes=["json-ld"], uniform=True)
    items = []
    for block in data["json-ld"]:
        items.extend(block if isinstance(block, list) else [block])
    return [i for i in items if i.get("@type") == "Event"]


def test_json_ld_describes_mode_status_place_offers_and_organizer(events_site):
    folder = events_site / "eventi"
    mixed = json_ld_events(folder / "laboratorio-di-trecce-per-genitori" / "index.html")[0]
    assert mixed["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert mixed["eventStatus"] == "https://schema.org/EventRescheduled"
    assert mixed["previousStartDate"] == "2027-01-14T18:00:00+01:00"
    place, virtual = mixed["location"]
    assert place["address"]["@type"] == "PostalAddress" and place["address"]["postalCode"] == "40122"
    assert virtual == {"@type": "VirtualLocation", "url": "https://incontri.ciocheribelli.example/trecce"}
    assert mixed["offers"]["price"] == "15.00" and mixed["offers"]["priceCurrency"] == "EUR"
    assert mixed["organizer"]["name"] == "Salone Ciocche Ribelli"
    cancelled = json_ld_events(folder / "webinar-passare-al-grigio-senza-traumi" / "index.html")[0]
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    assert cancelled["startDate"] == "2026-12-15T21:00:00+01:00"  # the original date stays
    assert cancelled["location"]["@type"] == "VirtualLocation"
    all_day = json_ld_events(folder / "festa-di-strada-in-via-del-pratello" / "index.html")[0]
    assert (all_day["startDate"], all_day["endDate"]) == ("2026-12-13", "2026-12-13")
    assert all_day["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    coffee = json_ld_events(folder / "caffe-e-consigli-del-primo-martedi" / "index.html")
    assert len(coffee) == 5 and coffee[0]["isAccessibleForFree"] is True


def test_month_calendar_is_a_table_with_linked_events_and_month_navigation(events_site):
    page = parse(events_site / "calendario" / "2027-03" / "index.html")
    table = page.xpath("//table[@class='calendar']")[0]
    assert table.xpath("./caption")[0].text_content() == "marzo 2027"
    assert [th.get("scope") for th in table.xpath(".//thead/tr/th")] == ["col"] * 7
    assert table.xpath(".//thead/tr/th[1]/abbr/@title") == ["lunedì"]
    links = {a.get("href"): a.text_content() for a in table.xpath(".//td//a")}
    assert links == {
        "/eventi/caffe-e-consigli-del-primo-martedi/": "08:00 Caffè e consigli del primo martedì",
        "/eventi/mattinata-di-pieghe-per-la-primavera/": "10:00 Mattinata di pieghe per la primavera"}
    assert page.xpath("//a[@rel='prev']/@href") == ["/calendario/2027-02/"]
    assert page.xpath("//a[@rel='next']/@href") == ["/calendario/2027-04/"]
    january = parse(events_site / "calendario" / "2027-01" / "index.html")
    assert "Caffè" not in january.xpath("//table")[0].text_content()  # the skipped Tuesday


def test_calendar_month_pages_exist_only_for_months_with_events(events_site):
    months = sorted(p.name for p in (events_site / "calendario").iterdir() if p.is_dir())
    assert months == ["2026-07", "2026-10", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04",
                      "2027-05"]


def test_english_site_has_english_dates_and_events_urls(project_copy):
    set_setting(project_copy, "DEFAULT_LANG", '"en"')
    out = build(project_copy, overrides={"EVENTS_NOW": BUILD_NOW}).output_dir
    page = parse(out / "events" / "laboratorio-di-trecce-per-genitori" / "index.html")
    facts = page.xpath("//dl[@class='event-facts']")[0].text_content()
    assert "Thursday, January 21, 2027, 6:00\u202fPM–8:00\u202fPM (Italy Time)" in facts
    assert "Upcoming events" in (out / "events" / "index.html").read_text(encoding="utf-8")
    assert (out / "calendar" / "2027-03" / "index.html").is_file()
    assert b"X-WR-CALNAME:Events of Salone Ciocche Ribelli" in (out / "calendar.ics").read_bytes()


def test_in_the_browser_an_event_that_just_ended_moves_to_the_past(events_site):
    from playwright.sync_api import sync_playwright

    with serve_directory(events_site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        live = "in-diretta-ricci-in-inverno-senza-crespo"
        item = f"li:has(a[href='/eventi/{live}/'])"
        # First, the browser's clock at the build: the split is the build's.
        page.clock.set_fixed_time(datetime.fromisoformat(BUILD_NOW))
        page.goto(base + "/eventi/")
        assert page.locator(f"[data-events-upcoming] {item}").count() == 1
        ended = page.locator(item).get_attribute("data-event-end")
        # Then a minute after the live stream ended: the page corrects itself.
        page.clock.set_fixed_time(datetime.fromisoformat(ended).timestamp() + 60)
        page.reload()
        assert page.locator(f"[data-events-past] {item}").count() == 1
        assert page.locator("[data-events-past] > li").first.get_attribute("data-event-end") == ended
        assert page.locator("[data-events-upcoming] li:has(a[href*='caffe'])").count() == 1
        # The month calendar and its next-month link.
        page.goto(base + "/calendario/2026-12/")
        assert page.locator("table.calendar a", has_text="Festa di strada").count() == 1
        page.click("a[rel='next']")
        page.wait_for_url(base + "/calendario/2027-01/")
        assert page.locator("h1").inner_text() == "Eventi di gennaio 2027"
        assert page.locator("table.calendar a", has_text="Laboratorio di trecce").count() == 1
        # On a phone the month table scrolls inside its own box; the page never scrolls sideways.
        phone = browser.new_page(viewport=PHONE)
        for path in ("/calendario/2026-12/", "/eventi/", "/eventi/laboratorio-di-trecce-per-genitori/"):
            phone.goto(base + path)
            assert phone.evaluate("document.documentElement.scrollWidth") == PHONE["width"], path
        browser.close()


def test_events_page_works_without_javascript(events_site):
    # Without JS the build-time split is all there is, and every event is reachable.
    page = parse(events_site / "eventi" / "index.html")
    assert len(page.xpath("//ol[@data-events-upcoming]/li")) + len(
        page.xpath("//ol[@data-events-past]/li")) == 9
    assert page.xpath("//p[@data-events-empty='upcoming']")[0].get("hidden") is not None
    assert page.xpath("//p[@data-events-empty='past']")[0].get("hidden") is not None
