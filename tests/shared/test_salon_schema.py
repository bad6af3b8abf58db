"""The salon is one schema.org node: the home page's HairSalon, the reviews page's and the events'
place and organizer carry the same @id, name and PostalAddress, built by passaparola/salon_schema."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html

from passaparola.salon_schema import postal_address, salon_node


def json_ld(page: Path) -> list[dict]:
    document = lxml.html.parse(str(page)).getroot()
    scripts = document.xpath("//script[@type='application/ld+json']/text()")
    found = []
    for text in scripts:
        data = json.loads(text)
        found.extend(data if isinstance(data, list) else [data])
    return found


def of_type(items: list[dict], kind: str) -> list[dict]:
    return [item for item in items if item.get("@type") == kind]


def test_every_page_names_the_same_salon_at_the_same_address(demo_site):
    home = of_type(json_ld(demo_site / "index.html"), "HairSalon")
    reviews = of_type(json_ld(demo_site / "recensioni" / "index.html"), "HairSalon")
    assert len(home) == 1 and len(reviews) == 1
    assert home[0]["address"]["@type"] == "PostalAddress"
    for key in ("@id", "name", "url", "address"):
        assert reviews[0][key] == home[0][key], key
    event_pages = sorted((demo_site / "eventi").glob("*/index.html"))
    assert event_pages, "the demo has events"
    events = [event for page in event_pages for event in of_type(json_ld(page), "Event")]
    assert events, "the demo's event pages carry JSON-LD"
    # A mixed event has a list of locations (the place and the online room).
    places = [place for event in events for place in
              (event["location"] if isinstance(event["location"], list) else [event["location"]])]
    at_the_salon = [place for place in places if place.get("name") == home[0]["name"]]
    assert at_the_salon, "some demo event takes place at the salon"
    for place in at_the_salon:
        assert place["address"] == home[0]["address"]
    for event in events:
        assert event["organizer"] == {"@type": "HairSalon", "name": home[0]["name"],
                                      "url": home[0]["url"]}


def test_the_english_pages_name_the_same_salon_as_the_italian_ones(demo_site):
    """One business in two languages: the same @id and web address, or search engines see two."""
    home = of_type(json_ld(demo_site / "index.html"), "HairSalon")[0]
    english = [of_type(json_ld(demo_site / "en" / page), "HairSalon")
               for page in ("index.html", "reviews/index.html")]
    assert all(len(found) == 1 for found in english)
    for found in english:
        assert (found[0]["@id"], found[0]["url"]) == (home["@id"], home["url"])
        assert found[0]["address"] == home["address"]
    events = [event for page in sorted((demo_site / "en" / "events").glob("*/index.html"))
              for event in of_type(json_ld(page), "Event")]
    assert events, "the demo has English events"
    assert all(event["organizer"]["url"] == home["url"] for event in events)


def test_an_address_leaves_out_the_parts_the_profile_does_not_have():
    assert postal_address({"street": "Via Roma 1", "city": "Bologna", "region": ""}) == {
        "@type": "PostalAddress", "streetAddress": "Via Roma 1", "addressLocality": "Bologna"}
    assert postal_address({}) is None


def test_a_salon_without_a_name_is_named_after_the_site():
    node = salon_node({"SITEURL": "https://example.org", "SITENAME": "Da Giada", "SALON": {}})
    assert node == {"@type": "HairSalon", "@id": "https://example.org/#salon", "name": "Da Giada",
                    "url": "https://example.org/"}
