"""The salon on the built site: hours and contacts on every page, schema.org data."""

from __future__ import annotations

from pathlib import Path

import extruct
import pytest
from jinja2 import Environment
from lxml import html

from passaparola.build.driver import build, load_settings
from passaparola.rules.salon import read_salon
from passaparola.web import site_base_url
from plugins.salon.salon import hair_salon, provide_salon
from tests.plugins.sitemap.test_sitemap import sitemap_of
from tests.support import PROJECT, html_pages, set_setting


@pytest.fixture(scope="module")
def settings() -> dict:
    return load_settings(PROJECT)


@pytest.fixture(scope="module")
def salon(settings) -> dict:
    return settings["SALON"]


def json_ld_of(page: Path, base_url: str) -> list[dict]:
    return extruct.extract(page.read_text(encoding="utf-8"), base_url=base_url,
                           syntaxes=["json-ld"])["json-ld"]


def hair_salon_of(page: Path, base_url: str) -> dict:
    salons = [item for item in json_ld_of(page, base_url) if item.get("@type") == "HairSalon"]
    assert len(salons) == 1, page
    return salons[0]


def test_home_page_json_ld_matches_every_salon_setting(demo_site, settings, salon):
    base = site_base_url(settings)
    data = hair_salon_of(demo_site / "index.html", base)
    assert data["@context"] == "https://schema.org"
    assert data["@id"] == f"{base}/#salon"
    assert data["url"] == f"{base}/"
    assert data["name"] == salon["name"]
    assert data["description"] == salon["description"]
    assert data["telephone"] == salon["phone"]
    assert data["email"] == salon["email"]
    assert data["priceRange"] == salon["price_range"]
    assert data["address"] == {
        "@type": "PostalAddress", "streetAddress": salon["street"], "postalCode": salon["postcode"],
        "addressLocality": salon["city"], "addressRegion": salon["region"],
        "addressCountry": salon["country"]}
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": salon["latitude"],
                           "longitude": salon["longitude"]}
    assert sorted(data["sameAs"]) == sorted(salon["social"].values())
    assert data["image"] == f"{base}/{salon['image']}"
    assert (demo_site / salon["image"]).is_file()
    assert data["potentialAction"] == {"@type": "ReserveAction", "target": salon["booking_url"]}
    # Ratings come from the testimonials plugin: the same figures as its reviews page's node.
    reviews_page = hair_salon_of(demo_site / "recensioni" / "index.html", base)
    assert reviews_page["@id"] == data["@id"]
    assert data["aggregateRating"] == reviews_page["aggregateRating"]
    assert data["aggregateRating"]["@type"] == "AggregateRating"
    assert data["review"] == reviews_page["review"]
    assert len(data["review"]) == data["aggregateRating"]["reviewCount"]


def test_json_ld_opening_hours_give_back_the_weekly_hours_and_closures(demo_site, settings, salon):
    specs = hair_salon_of(demo_site / "index.html", site_base_url(settings))["openingHoursSpecification"]
    weekly: dict[str, list[str]] = {}
    closures = []
    for spec in specs:
        assert spec["@type"] == "OpeningHoursSpecification"
        if "validFrom" in spec:
            assert (spec["opens"], spec["closes"]) == ("00:00", "00:00")  # closed all day
            closures.append({"start": spec["validFrom"], "end": spec["validThrough"],
                             "note": spec["description"]})
            continue
        for day in spec["dayOfWeek"]:
            weekly.setdefault(day.lower(), []).append(f"{spec['opens']}-{spec['closes']}")
    assert {day: sorted(ranges) for day, ranges in weekly.items()} == salon["opening_hours"]
    assert closures == salon["closures"]


def test_contacts_page_has_the_same_json_ld_and_other_pages_none(demo_site, settings):
    base = site_base_url(settings)
    assert hair_salon_of(demo_site / "contatti" / "index.html", base) == hair_salon_of(
        demo_site / "index.html", base)
    for page in ("chi-siamo/index.html", "consigli/index.html", "cerca/index.html"):
        assert not [i for i in json_ld_of(demo_site / page, base) if i.get("@type") == "HairSalon"]


def test_json_ld_includes_ratings_and_reviews_when_testimonials_provide_them(settings):
    profile, _ = read_salon(settings)
    rating = {"ratingValue": 4.8, "reviewCount": 12, "bestRating": 5, "worstRating": 1,
              "histogram": {5: 10, 4: 2}}
    reviews = [{"@type": "Review", "reviewRating": {"@type": "Rating", "ratingValue": 5},
                "author": {"@type": "Person", "name": "Anna"}, "reviewBody": "Bravissime"}]
    data = hair_salon(settings, profile, rating, reviews)
    assert data["aggregateRating"] == {"@type": "AggregateRating", "ratingValue": 4.8,
                                       "reviewCount": 12, "bestRating": 5, "worstRating": 1}
    assert data["review"] == reviews


def test_the_template_function_reads_ratings_from_the_render_context(settings):
    class FakeGenerator:  # only what provide_salon reads: settings, context and a Jinja env
        def __init__(self):
            self.settings, self.context, self.env = dict(settings), {}, Environment()

    generator = FakeGenerator()
    provide_salon(generator)
    template = generator.env.from_string("{{ salon_json_ld() }}")
    with_ratings = template.render(aggregate_rating={"ratingValue": 5, "reviewCount": 1},
                                   review_schema=[{"@type": "Review"}])
    assert '"aggregateRating":{"@type":"AggregateRating","ratingValue":5,"reviewCount":1}' in with_ratings
    assert '"review":[{"@type":"Review"}]' in with_ratings
    assert "aggregateRating" not in template.render()


def test_every_page_has_the_week_tap_to_call_and_whatsapp_without_javascript(demo_site):
    for page in html_pages(demo_site):
        doc = html.parse(str(page)).getroot()
        bar = doc.xpath("//div[@class='salon-bar']")
        assert len(bar) == 1, page
        line = " ".join(bar[0].xpath(".//*[@data-salon-today]")[0].text_content().split())
        if page.relative_to(demo_site).parts[0] == "en":  # the demo's English pages (issue 23)
            assert line == ("Hours: Tue–Wed 9:00 AM–1:00 PM, 2:30 PM–7:00 PM · Thu 10:00 AM–8:00 PM · "
                            "Fri 9:00 AM–7:00 PM · Sat 8:30 AM–5:00 PM"), page
            continue
        assert line == ("Orari: mar–mer 09:00–13:00, 14:30–19:00 · gio 10:00–20:00 · "
                        "ven 09:00–19:00 · sab 08:30–17:00"), page
        assert bar[0].xpath(".//a[@href='tel:+390510004127']"), page
        assert bar[0].xpath(".//a[@href='https://wa.me/393330004127']"), page
        footer = [(d.findtext("dt"), d.findtext("dd")) for d in doc.xpath("//dl[@class='salon-week']/div")]
        assert footer[:2] == [("Lunedì", "Chiuso"), ("Martedì", "09:00–13:00, 14:30–19:00")], page
        assert len(footer) == 7, page


def test_contacts_page_has_an_accessible_hours_table_closures_and_map_links(demo_site, salon):
    doc = html.parse(str(demo_site / "contatti" / "index.html")).getroot()
    table = doc.xpath("//table[contains(@class, 'salon-hours-table')]")[0]
    assert table.xpath("caption") and table.xpath("thead//th[@scope='col']")
    rows = {row.xpath("th[@scope='row']")[0].text_content(): row.xpath("td")[0].text_content()
            for row in table.xpath("tbody/tr")}
    assert rows == {"Lunedì": "Chiuso", "Martedì": "09:00–13:00, 14:30–19:00",
                    "Mercoledì": "09:00–13:00, 14:30–19:00", "Giovedì": "10:00–20:00",
                    "Venerdì": "09:00–19:00", "Sabato": "08:30–17:00", "Domenica": "Chiuso"}
    closures = [" ".join(li.text_content().split()) for li in doc.xpath("//ul[@class='salon-closures']/li")]
    assert closures == ["24 dicembre 2026 – 27 dicembre 2026: Chiuso per le feste di Natale",
                        "9 agosto 2027 – 23 agosto 2027: Chiuso per ferie estive"]
    links = doc.xpath("//section[@class='salon-contacts']//a/@href")
    assert "geo:44.496,11.3322?q=44.496,11.3322(Salone%20Ciocche%20Ribelli)" in links
    assert ("https://www.openstreetmap.org/?mlat=44.496&mlon=11.3322#map=18/44.496/11.3322") in links
    assert salon["booking_url"] in links and "mailto:" + salon["email"] in links
    address = " ".join(doc.xpath("//address[@class='salon-address']")[0].text_content().split())
    assert address == "Salone Ciocche Ribelli Via del Pratello 41/B 40122 Bologna (BO) Italia"
    assert "Come arrivare" in doc.text_content()  # how to get there: from the page's own text


def test_no_page_loads_anything_from_another_host(demo_site):
    loaded = "//script/@src | //link[@rel='stylesheet']/@href | //img/@src | //iframe/@src"
    sources = 0
    for page in html_pages(demo_site):
        doc = html.parse(str(page)).getroot()
        for source in doc.xpath(loaded):
            assert source.startswith("/"), (page, source)
            sources += 1
    assert sources > 0, "the demo's pages load styles and images"


def test_published_site_uses_its_real_address_and_a_non_public_page_stays_out(project_copy):
    page = project_copy / "content" / "pages" / "bozza.md"
    page.write_text("Title: Bozza\nStatus: hidden\n\nNon ancora pronta.\n", encoding="utf-8")
    out = build(project_copy, "publishconf.py").output_dir
    assert (out / "bozza" / "index.html").is_file()
    entries = sitemap_of(out)
    assert "https://www.ciocheribelli.example/" in entries
    assert "https://www.ciocheribelli.example/bozza/" not in entries
    assert "Sitemap: https://www.ciocheribelli.example/sitemap.xml" in (out / "robots.txt").read_text()
    data = hair_salon_of(out / "index.html", "https://www.ciocheribelli.example/")
    assert data["@id"] == "https://www.ciocheribelli.example/#salon"


def test_english_site_shows_hours_and_contacts_in_english(project_copy):
    set_setting(project_copy, "DEFAULT_LANG", '"en"')
    out = build(project_copy).output_dir
    doc = html.parse(str(out / "contatti" / "index.html")).getroot()
    line = " ".join(doc.xpath("//*[@data-salon-today]")[0].text_content().split())
    assert line.startswith("Hours: Tue–Wed 9:00 AM–1:00 PM, 2:30 PM–7:00 PM · Thu 10:00 AM–8:00 PM")
    rows = [" ".join(r.text_content().split()) for r in doc.xpath("//table//tbody/tr")]
    assert rows[0] == "Monday Closed" and rows[3] == "Thursday 10:00 AM–8:00 PM"
    assert "Open in your maps app" in doc.text_content()
    assert hair_salon_of(out / "contatti" / "index.html", "http://localhost:8000/")["openingHoursSpecification"]
    assert "http://localhost:8000/search/" in sitemap_of(out)
