"""The reviews section of the demo site: honest figures, consent everywhere, pages and home."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import extruct
import pytest
from lxml import html
from pelican import signals

from passaparola.build.driver import build
from tests.support import PROJECT, copy_project, read_fields, set_setting

TESTIMONIALS = PROJECT / "content" / "testimonials"
ANONYMOUS_IT = "Cliente del salone"


def demo_testimonials() -> list[dict[str, str]]:
    files = [read_fields(p) for p in sorted(TESTIMONIALS.glob("*.md"))]
    return [f for f in files if f.get("Status", "published") == "published"]


def expected_name(fields: dict[str, str], anonymous: str = ANONYMOUS_IT) -> str:
    consent = fields.get("Consent", "initials")
    words = fields["Reviewer"].split()
    if consent == "anonymous":
        return anonymous
    if consent == "full-name":
        return " ".join(words)
    # Initials only, one per part of the name: "Anna De Santis" is "A. D. S.".
    return " ".join(f"{word[0].upper()}." for word in words)


def expected_figures() -> tuple[str, int, dict[int, int]]:
    ratings = [int(f["Rating"]) for f in demo_testimonials()]
    average = (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return str(average), len(ratings), {stars: ratings.count(stars) for stars in range(5, 0, -1)}


def page(site: Path, path: str) -> html.HtmlElement:
    return html.parse(str(site / path)).getroot()


def json_ld(site: Path, path: str) -> list[dict]:
    text = (site / path).read_text(encoding="utf-8")
    return extruct.extract(text, base_url="http://localhost:8000/", syntaxes=["json-ld"])["json-ld"]


def test_demo_content_covers_every_consent_source_and_service():
    testimonials = demo_testimonials()
    assert len(testimonials) >= 12
    assert {f.get("Consent", "initials") for f in testimonials} == {"full-name", "initials", "anonymous"}
    assert {f.get("Source", "in-salon") for f in testimonials} == {
        "in-salon", "google", "facebook", "instagram", "email"}
    services = {s.strip() for f in testimonials for s in f.get("Service", "").split(",")}
    assert {"Taglio donna", "Colore naturale", "Piega", "Trattamento ricci"} <= services
    assert any(int(f["Rating"]) < 5 for f in testimonials)
    assert any("Reply" in f for f in testimonials)
    assert any(f.get("Photo_consent") == "yes" for f in testimonials)


def test_reviews_page_shows_the_average_count_and_histogram_computed_from_the_content(demo_site):
    average, count, histogram = expected_figures()
    doc = page(demo_site, "recensioni/index.html")
    summary = doc.find_class("rating-summary")[0]
    assert summary.find_class("rating-value")[0].text_content().strip() == average.replace(".", ",")
    assert summary.find_class("rating-count")[0].text_content().strip() == f"{count} recensioni"
    rows = summary.xpath(".//table[contains(@class, 'rating-histogram')]/tbody/tr")
    shown = {}
    for row in rows:
        label = row.xpath("./th")[0].text_content().strip()
        shown[int(label.split()[0])] = int(row.find_class("rating-histogram-count")[0].text_content())
    assert list(shown) == [5, 4, 3, 2, 1]
    assert shown == histogram
    assert [row.xpath("./th")[0].text_content().strip() for row in rows][-2:] == ["2 stelle", "1 stella"]


def test_reviews_json_ld_has_the_same_figures_and_every_review(demo_site):
    average, count, _histogram = expected_figures()
    nodes = json_ld(demo_site, "recensioni/index.html")
    salon = next(n for n in nodes if n.get("@type") == "HairSalon")
    assert salon["@id"] == "http://localhost:8000/#salon"
    assert salon["url"] == "http://localhost:8000/"
    assert salon["address"]["streetAddress"] == "Via del Pratello 41/B"
    assert salon["aggregateRating"] == {"@type": "AggregateRating", "ratingValue": float(average),
                                        "reviewCount": count, "bestRating": 5, "worstRating": 1}
    assert len(salon["review"]) == count
    expected = sorted((f["Date"][:10], int(f["Rating"]), expected_name(f)) for f in demo_testimonials())
    published = sorted((r["datePublished"], r["reviewRating"]["ratingValue"], r["author"]["name"])
                       for r in salon["review"])
    assert published == expected


def test_reviews_are_newest_first_and_paginated(demo_site):
    dates = sorted((f["Date"] for f in demo_testimonials()), reverse=True)
    shown = []
    for path in ("recensioni/index.html", "recensioni/pagina/2/index.html"):
        shown += [t.get("datetime")[:10] for t in page(demo_site, path).xpath(
            "//ol[@class='review-list']//time")]
    assert shown == [d[:10] for d in dates]
    first = page(demo_site, "recensioni/index.html")
    assert first.xpath("//nav[@class='pagination']//a[@rel='next']/@href") == ["/recensioni/pagina/2/"]


def test_each_service_has_a_static_filter_page_with_only_its_reviews(demo_site):
    testimonials = demo_testimonials()
    for service in ("Taglio donna", "Colore naturale", "Piega", "Trattamento ricci"):
        address = service.lower().replace(" ", "-")
        expected = sum(service in [s.strip() for s in f.get("Service", "").split(",")]
                       for f in testimonials)
        assert expected > 0, f"the demo has reviews of {service}"
        doc = page(demo_site, f"recensioni/{address}/index.html")
        cards = doc.xpath("//ol[@class='review-list']/li")
        assert len(cards) == expected, service
        for card in cards:
            assert service in card.xpath(".//ul[contains(@class, 'review-services')]//text()")
        current = doc.xpath("//nav[@class='review-filter']//a[@aria-current='page']")
        assert current[0].get("href") == f"/recensioni/{address}/"
        assert not doc.xpath("//script[@type='application/ld+json']")


def test_stars_have_text_for_screen_readers(demo_site):
    doc = page(demo_site, "recensioni/index.html")
    ratings = doc.find_class("testimonial-rating")
    assert len(ratings) == len(doc.xpath("//ol[@class='review-list']/li")) > 0
    for rating in ratings:
        glyphs = rating.find_class("stars")[0]
        assert glyphs.get("aria-hidden") == "true"
        text = rating.find_class("visually-hidden")[0].text_content()
        assert re.fullmatch(r"[1-5] stell[ae] su 5", text)
        assert glyphs.text_content().count("★") == int(text[0])


def test_each_testimonial_has_its_own_page_with_name_date_services_and_reply(demo_site):
    pages = sorted((demo_site / "recensioni").glob("20*/index.html"))
    assert len(pages) == len(demo_testimonials())
    replied = [f for f in demo_testimonials() if "Reply" in f][0]
    for path in pages:
        doc = html.parse(str(path)).getroot()
        assert doc.find_class("reviewer") and doc.xpath("//time[@datetime]")
        review = next(n for n in json_ld(demo_site, str(path.relative_to(demo_site)))
                      if n.get("@type") == "Review")
        assert review["itemReviewed"]["@id"] == "http://localhost:8000/#salon"
    address = re.sub(r"[^a-z0-9]+", "-", expected_name(replied).lower()).strip("-")
    reply_page = next(p for p in pages if p.parent.name.endswith(address))
    doc = html.parse(str(reply_page)).getroot()
    assert "La nostra risposta" in doc.find_class("testimonial-reply")[0].text_content()
    assert replied["Reply"][:30] in doc.find_class("testimonial-reply")[0].text_content()


def test_consented_photo_is_shown_with_its_alt_and_size(demo_site):
    with_photo = [f for f in demo_testimonials() if f.get("Photo_consent") == "yes"][0]
    images = page(demo_site, "recensioni/index.html").xpath("//img[@class='testimonial-photo']")
    assert len(images) == 1
    assert images[0].get("src") == "/" + with_photo["Photo"]
    assert images[0].get("alt") == with_photo["Photo_alt"]
    assert (images[0].get("width"), images[0].get("height")) == ("600", "400")
    assert (demo_site / with_photo["Photo"]).is_file()


def test_home_shows_recent_reviews_above_the_minimum_rating_and_the_menu_links_them(demo_site):
    doc = page(demo_site, "index.html")
    cards = doc.xpath("//section[contains(@class, 'home-reviews')]//article")
    newest = sorted((f for f in demo_testimonials() if int(f["Rating"]) >= 4),
                    key=lambda f: f["Date"], reverse=True)[:3]
    assert [c.find_class("reviewer")[0].text_content() for c in cards] == [
        expected_name(f) for f in newest]
    average, count, _histogram = expected_figures()
    figures = doc.find_class("home-reviews-figures")[0].text_content()
    assert figures == f"Media {average.replace('.', ',')} su 5 da {count} recensioni"
    assert doc.xpath("//nav[contains(@class, 'site-nav')]//a[@href='/recensioni/']/text()") == [
        "Recensioni"]
    reviews = page(demo_site, "recensioni/index.html")
    assert reviews.xpath("//nav[contains(@class, 'site-nav')]//a[@aria-current='page']/text()") == [
        "Recensioni"]


def test_home_selection_follows_its_settings(project_copy):
    set_setting(project_copy, "TESTIMONIALS_HOME_COUNT", "5")
    set_setting(project_copy, "TESTIMONIALS_HOME_MIN_RATING", "5")
    out = build(project_copy).output_dir
    cards = page(out, "index.html").xpath("//section[contains(@class, 'home-reviews')]//article")
    assert len(cards) == 5
    assert all(c.find_class("visually-hidden")[0].text_content() == "5 stelle su 5" for c in cards)


def test_names_appear_only_as_consented_in_every_output_file(demo_site):
    for fields in demo_testimonials():
        if fields.get("Consent", "initials") == "full-name":
            continue
        surname = fields["Reviewer"].split()[-1]
        for path in demo_site.rglob("*"):
            if path.is_file() and path.suffix in {".html", ".xml", ".json", ".ics", ".txt", ".js"}:
                assert surname not in path.read_text(encoding="utf-8"), (surname, path)
    review_pages = [demo_site / "index.html", *(demo_site / "recensioni").rglob("*.html")]
    for fields in demo_testimonials():
        if fields.get("Consent", "initials") != "full-name":
            first_name = fields["Reviewer"].split()[0]
            for path in review_pages:
                assert first_name not in path.read_text(encoding="utf-8"), (first_name, path)
    names = {n.text_content() for p in (demo_site / "recensioni").rglob("*.html")
             for n in page(demo_site, str(p.relative_to(demo_site))).find_class("reviewer")}
    assert names == {expected_name(f) for f in demo_testimonials()}


@pytest.fixture(scope="module")
def demo_objects(tmp_path_factory):
    """The testimonial objects and context of a real build of the demo content."""
    captured = {}

    def capture(generators):
        # The default language's run (the demo's English run comes after it: issue 23).
        captured.setdefault("context", generators[0].context)

    signals.all_generators_finalized.connect(capture)
    try:
        build(copy_project(tmp_path_factory.mktemp("objects") / "project"))
    finally:
        signals.all_generators_finalized.disconnect(capture)
    return captured["context"]


def test_feed_fields_and_context_carry_only_the_consented_name(demo_objects):
    by_date = {f["Date"][:16]: f for f in demo_testimonials()}
    testimonials = demo_objects["testimonials"]
    assert len(testimonials) == len(by_date)
    for testimonial in testimonials:
        fields = by_date[testimonial.date.strftime("%Y-%m-%d %H:%M")]
        name = expected_name(fields)
        assert testimonial.feed_author == testimonial.reviewer_name == name
        stars = int(fields["Rating"])
        assert testimonial.feed_summary.startswith("★" * stars + "☆" * (5 - stars))
        assert f"{stars} stell" in testimonial.feed_summary and name in testimonial.feed_summary
        assert "<" not in testimonial.feed_summary
        if fields.get("Consent", "initials") != "full-name":
            raw = fields["Reviewer"]
            assert raw not in repr(vars(testimonial)) and raw not in repr(testimonial.metadata)
            assert not hasattr(testimonial, "reviewer")
    assert demo_objects["review_schema"] == [t.review_schema for t in testimonials]
    aggregate = demo_objects["aggregate_rating"]
    average, count, histogram = expected_figures()
    assert (aggregate["ratingValue"], aggregate["reviewCount"]) == (float(average), count)
    assert aggregate["histogram"] == {str(k): v for k, v in histogram.items()}
    assert len(demo_objects["featured_testimonials"]) == 3


def test_english_site_shows_english_strings_under_reviews(project_copy):
    set_setting(project_copy, "DEFAULT_LANG", '"en"')
    out = build(project_copy).output_dir
    assert not (out / "recensioni").exists()
    doc = page(out, "reviews/index.html")
    assert doc.xpath("//h1/text()") == ["Reviews"]
    average, count, _histogram = expected_figures()
    assert doc.find_class("rating-value")[0].text_content() == average
    assert doc.find_class("rating-count")[0].text_content() == f"{count} reviews"
    text = doc.text_content()
    assert "5 stars out of 5" in text and "Salon customer" in text and "Left on Google" in text
    assert "Cliente del salone" not in text and "stelle" not in text
    assert (out / "reviews" / "taglio-donna" / "index.html").is_file()
    assert page(out, "index.html").xpath(
        "//nav[contains(@class, 'site-nav')]//a[@href='/reviews/']/text()") == ["Reviews"]
