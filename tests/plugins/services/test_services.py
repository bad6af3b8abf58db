"""The price list, the team and the salon's offers in the demo site: every figure equals the files.

The content files are read here independently of the plugin (a plain header parser), prices
are formatted with Babel's own API, and the JSON-LD is read with extruct.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import extruct
import feedparser
from babel import Locale
from babel.numbers import format_currency
from lxml import html
from pelican.utils import slugify

from passaparola.build.driver import build
from tests.support import PROJECT, read_fields, set_setting

CONTENT = PROJECT / "content"
SITE = "http://localhost:8000"
SALON_BOOKING = "https://prenota.ciocheribelli.example/"


def body_text(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split("\n\n", 1)[1].split())


def plain_quotes(text: str) -> str:
    """Markdown's smarty extension curls apostrophes; compare texts with straight ones."""
    return text.replace("\u2019", "'")


def files(folder: str, content: Path = CONTENT) -> dict[str, dict[str, str]]:
    found = {p.stem: read_fields(p) for p in sorted((content / folder).glob("*.md"))}
    assert found, f"no file in content/{folder}"
    return found


def key(name: str) -> str:
    return slugify(name, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""),
                                     (r"[-\s]+", "-")])


def names(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def babel_price(fields: dict[str, str], lang: str) -> str:
    """The price as the page must show it: Babel's currency format, no cents on whole amounts."""
    amount = Decimal((fields.get("Price") or fields["Price-from"]).replace(",", "."))
    currency = fields.get("Currency", "EUR")
    if amount == amount.to_integral_value():
        pattern = Locale.parse(lang).currency_formats["standard"].pattern.replace(".00", "")
        text = format_currency(amount, currency, format=pattern, locale=lang, currency_digits=False)
    else:
        text = format_currency(amount, currency, locale=lang)
    if "Price-from" in fields:
        return {"it": f"da {text}", "en": f"from {text}"}[lang]
    return text


def page(site: Path, path: str) -> html.HtmlElement:
    return html.parse(str(site / path)).getroot()


def select(element: html.HtmlElement, selector: str) -> list[html.HtmlElement]:
    """Descendants matching ``tag.class tag.class ...`` (a small CSS subset, read as XPath)."""
    path = "."
    for step in selector.split():
        tag, _dot, name = step.partition(".")
        condition = (f"[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
                     if name else "")
        path += f"//{tag or '*'}{condition}"
    return element.xpath(path)


def salon_node(site: Path, path: str) -> dict:
    text = (site / path).read_text(encoding="utf-8")
    data = extruct.extract(text, base_url=f"{SITE}/", syntaxes=["json-ld"])["json-ld"]
    salons = [item for item in data if item.get("@type") == "HairSalon"]
    assert len(salons) == 1, data
    return salons[0]


def offers(salon: dict) -> dict[str, dict]:
    catalog = salon["hasOfferCatalog"]
    assert catalog["@type"] == "OfferCatalog"
    found = {}
    for group in catalog["itemListElement"]:
        for offer in group["itemListElement"]:
            found[offer["itemOffered"]["name"]] = {**offer, "category": group["name"]}
    return found


def reviews_naming(field: str, match) -> list[dict[str, str]]:
    return [f for f in files("testimonials").values()
            if f.get("Status", "published") == "published" and any(match(n) for n in names(f.get(field, "")))]


def average(ratings: list[int]) -> str:
    mean = (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return str(mean).replace(".", ",")


def test_demo_has_a_real_price_list_and_the_team_named_in_the_demo():
    services = files("services")
    assert len(services) >= 8
    assert len({f["Category"] for f in services.values()}) >= 3
    team = files("team")
    assert len(team) >= 3
    about = (CONTENT / "pages" / "chi-siamo.md").read_text(encoding="utf-8")
    for person in team.values():
        assert person["Title"].split()[0] in about


def test_every_offer_of_the_salon_equals_its_service_file(demo_site):
    services = files("services")
    for path in ("servizi/index.html", "index.html"):
        found = offers(salon_node(demo_site, path))
        assert set(found) == {f["Title"] for f in services.values()}
        for stem, fields in services.items():
            offer = found[fields["Title"]]
            assert offer["@type"] == "Offer"
            assert offer["category"] == fields["Category"]
            assert offer["priceCurrency"] == fields.get("Currency", "EUR")
            assert offer["url"] == f"{SITE}/servizi/#{key(fields['Title'])}"
            assert offer["itemOffered"]["@type"] == "Service"
            assert plain_quotes(offer["itemOffered"]["description"]) == body_text(
                CONTENT / "services" / f"{stem}.md")
            if "Price-from" in fields:
                assert "price" not in offer
                spec = offer["priceSpecification"]
                assert Decimal(spec["minPrice"]) == Decimal(fields["Price-from"].replace(",", "."))
                assert spec["priceCurrency"] == fields.get("Currency", "EUR")
            else:
                assert "priceSpecification" not in offer
                assert Decimal(offer["price"]) == Decimal(fields["Price"].replace(",", "."))


def test_every_employee_of_the_salon_equals_their_team_file(demo_site):
    team = files("team")
    services = {key(f["Title"]): f["Title"] for f in files("services").values()}
    employees = {p["name"]: p for p in salon_node(demo_site, "servizi/index.html")["employee"]}
    assert set(employees) == {f["Title"] for f in team.values()}
    for fields in team.values():
        person = employees[fields["Title"]]
        assert person["@type"] == "Person"
        assert person["jobTitle"] == fields["Role"]
        assert person["knowsAbout"] == [services[key(n)] for n in names(fields["Specialties"])]
        assert person["url"] == f"{SITE}/team/{key(fields['Title'])}/"
        # The demo has no staff photos: no image is claimed (see the photo test below).
        assert "image" not in person


def test_prices_and_durations_on_the_price_list_equal_babels_formatting(demo_site):
    root = page(demo_site, "servizi/index.html")
    services = files("services")
    for fields in services.values():
        card = root.get_element_by_id(key(fields["Title"]))
        price = select(card, ".service-price data")[0]
        assert price.text_content() == babel_price(fields, "it")
        assert Decimal(price.get("value")) == Decimal((fields.get("Price") or fields["Price-from"]
                                                       ).replace(",", "."))
        minutes = int(fields["Duration"])
        hours = f"{minutes // 60}H" if minutes >= 60 else ""
        assert select(card, "time")[0].get("datetime") == (
            "PT" + hours + (f"{minutes % 60}M" if minutes % 60 else ""))
    assert any("Price-from" in f for f in services.values()), "the demo shows no 'da 35 €' price"


def test_price_list_is_grouped_by_category_in_order(demo_site):
    root = page(demo_site, "servizi/index.html")
    services = sorted(files("services").values(), key=lambda f: int(f["Order"]))
    sections = select(root, "section.service-category")
    shown = [(select(s, "h2")[0].text_content(), [h.text_content() for h in select(s, "h3")])
             for s in sections]
    expected: dict[str, list[str]] = {}
    for fields in services:
        expected.setdefault(fields["Category"], []).append(fields["Title"])
    assert shown == list(expected.items())


def test_each_service_shows_its_people_rating_latest_reviews_and_booking_link(demo_site):
    root = page(demo_site, "servizi/index.html")
    team = sorted(files("team").values(), key=lambda f: int(f.get("Order", 0)))
    linked_any = False
    for fields in files("services").values():
        card = root.get_element_by_id(key(fields["Title"]))
        people = [f["Title"] for f in team
                  if key(fields["Title"]) in {key(n) for n in names(f.get("Specialties", ""))}]
        shown_people = [a.text_content() for dd in card.xpath(".//dd[a[contains(@href, '/team/')]]")
                        for a in select(dd, "a")]
        assert shown_people == people
        reviews = reviews_naming("Service", lambda n, t=fields["Title"]: key(n) == key(t))
        count = select(card, ".service-facts .count")
        if reviews:
            linked_any = True
            assert select(card, ".service-facts strong")[0].text_content() == average(
                [int(r["Rating"]) for r in reviews])
            assert str(len(reviews)) in count[0].text_content()
            newest = max(reviews, key=lambda r: r["Date"])
            quotes = select(card, ".review-quote blockquote")
            assert quotes and quotes[0].text_content().split()[:5] == body_words(newest)[:5]
        else:
            assert count == [] and select(card, ".review-quote") == []
        book = select(card, "a.service-book")
        assert len(book) == 1
        assert book[0].get("href") == fields.get("Booking", SALON_BOOKING)
    assert linked_any


def body_words(fields: dict[str, str]) -> list[str]:
    for path in (CONTENT / "testimonials").glob("*.md"):
        if read_fields(path) == fields:
            return body_text(path).split()
    raise AssertionError(fields)


def test_team_page_and_a_page_per_person_with_specialties_and_the_reviews_naming_them(demo_site):
    team_page = page(demo_site, "team/index.html")
    team = sorted(files("team").values(), key=lambda f: int(f.get("Order", 0)))
    assert [h.text_content() for h in select(team_page, ".person-card h2")] == [f["Title"] for f in team]
    for fields in team:
        person = page(demo_site, f"team/{key(fields['Title'])}/index.html")
        assert select(person, "h1")[0].text_content() == fields["Title"]
        assert select(person, ".person-role")[0].text_content() == fields["Role"]
        shown = [a.text_content() for a in select(person, ".person-services a")]
        assert [key(s) for s in shown] == [key(n) for n in names(fields["Specialties"])]
        first = fields["Title"].split()[0]
        reviews = reviews_naming("Staff", lambda n, f=fields, first=first: key(n) in {
            key(f["Title"]), key(first)})
        assert reviews, f"no demo review names {first}"
        quotes = select(person, ".review-quote")
        assert len(quotes) == min(len(reviews), 6)
        ratings = [int(r["Rating"]) for r in reviews]
        assert select(person, "section strong")[0].text_content() == average(ratings)


def test_nav_links_to_prices_and_team_on_every_page(demo_site):
    for path in ("index.html", "consigli/index.html", "team/marta-lanzoni/index.html"):
        nav = select(page(demo_site, path), "nav.site-nav a")
        hrefs = [a.get("href") for a in nav]
        assert "/servizi/" in hrefs and "/team/" in hrefs, hrefs


def test_services_and_people_are_not_feed_items(demo_site):
    feeds = sorted(demo_site.glob("**/*.xml"))
    assert feeds
    parsed = 0
    for feed in feeds:
        data = feedparser.parse(feed.read_bytes())
        for entry in data.entries:
            parsed += 1
            assert "/servizi/" not in entry.get("link", "") and "/team/" not in entry.get("link", "")
    for feed in sorted(demo_site.glob("**/feed.json")):
        for item in json.loads(feed.read_text(encoding="utf-8"))["items"]:
            parsed += 1
            assert "/servizi/" not in item["url"] and "/team/" not in item["url"]
    assert parsed > 0


def test_in_english_the_price_list_is_at_services_with_english_prices(project_copy):
    set_setting(project_copy, "DEFAULT_LANG", '"en"')
    output = project_copy / "output"
    build(project_copy, output_dir=output)
    assert not (output / "servizi").exists()
    root = page(output, "services/index.html")
    for fields in files("services", project_copy / "content").values():
        card = root.get_element_by_id(key(fields["Title"]))
        assert select(card, ".service-price data")[0].text_content() == babel_price(fields, "en")
    assert "€38" in root.text_content() and "from €55" in root.text_content()
    hrefs = [a.get("href") for a in select(page(output, "index.html"), "nav.site-nav a")]
    assert "/services/" in hrefs and "/team/" in hrefs
    assert offers(salon_node(output, "index.html"))["Piega"]["url"] == f"{SITE}/services/#piega"


def test_a_staff_photo_is_published_only_with_consent_and_a_tip_can_link_a_service(project_copy):
    content = project_copy / "content"
    (content / "images" / "team").mkdir()
    for name in ("giada.jpg", "luca.jpg"):
        (content / "images" / "team" / name).write_bytes(
            (content / "images" / "salone" / "vetrina.jpg").read_bytes())
    giada, luca = content / "team" / "giada-ferri.md", content / "team" / "luca-rambaldi.md"
    giada.write_text(giada.read_text(encoding="utf-8").replace(
        "Order:", "Image: images/team/giada.jpg\nImage_alt: Giada sorride in salone\nConsent: yes\nOrder:"),
        encoding="utf-8")
    luca.write_text(luca.read_text(encoding="utf-8").replace(
        "Order:", "Image: images/team/luca.jpg\nImage_alt: Luca al lavoro\nConsent: no\nOrder:"),
        encoding="utf-8")
    tip = content / "tips" / "shampoo-secco.md"
    tip.write_text(tip.read_text(encoding="utf-8") + "\n[Prenota una piega]({filename}/services/piega.md)\n",
                   encoding="utf-8")
    output = project_copy / "output"
    build(project_copy, output_dir=output)
    employees = {p["name"]: p for p in salon_node(output, "index.html")["employee"]}
    image = employees["Giada Ferri"]["image"]
    assert image.startswith(f"{SITE}/images/team/giada")
    assert (output / image.removeprefix(f"{SITE}/")).is_file()
    assert "image" not in employees["Luca Rambaldi"]
    giada_page = page(output, "team/giada-ferri/index.html")
    assert select(giada_page, ".person-photo img")[0].get("alt") == "Giada sorride in salone"
    assert select(page(output, "team/luca-rambaldi/index.html"), ".person-photo") == []
    published = [p.name for p in output.rglob("*") if p.is_file()]
    assert not any(name.startswith("luca") for name in published), "a photo without consent was published"
    tip_page = page(output, "consigli/shampoo-secco-quando-aiuta-e-quando-e-meglio-evitarlo/index.html")
    links = [a.get("href") for a in select(tip_page, "a")]
    assert "/servizi/#piega" in links
