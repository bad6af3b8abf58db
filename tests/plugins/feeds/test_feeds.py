"""The demo site's feeds: every feed parses, items are complete and absolute, pages link to them."""

from __future__ import annotations

import json
import re

from lxml import html

from passaparola.build.driver import build
from passaparola.web import DEFAULT_PREVIEW_SITEURL
from plugins.feeds.jsonfeed import validate
from tests.feeds_support import (
    NS,
    RFC822_WITH_ZONE,
    RFC3339_WITH_ZONE,
    built_file,
    content_urls,
    feed_files,
    load_json,
    parsed,
    xml,
)
from tests.support import copy_project, html_pages

BASE = DEFAULT_PREVIEW_SITEURL


def feed_folders(site) -> list[str]:
    """The folders that must have feeds: the site, tips, each topic and each built section."""
    topics = sorted((site / "argomenti").glob("*/index.html"))
    assert topics, "the demo has topics"
    folders = ["", "consigli/"] + [f"argomenti/{p.parent.name}/" for p in topics]
    # Events and reviews get their feeds as soon as their sections exist.
    return folders + [f"{section}/" for section in ("eventi", "recensioni")
                      if (site / section / "index.html").is_file()]


def demo_feeds(site, formats: tuple[str, ...] = ("rss", "atom", "json")) -> list:
    """The demo's feed files of ``formats``, after checking they are exactly the expected ones.

    Tests that check "every feed" loop over this, so that none passes on an empty list.
    """
    found = feed_files(site)
    expected = {site / folder / name for folder in feed_folders(site) for name in FEED_NAMES}
    assert set(found) == expected
    return [path for path, fmt in found.items() if fmt in formats]


FEED_NAMES = ("feed.xml", "atom.xml", "feed.json")


def test_site_tips_and_every_topic_have_a_feed_in_each_format(demo_site):
    folders = feed_folders(demo_site)
    assert {"eventi/", "recensioni/"} <= set(folders), "the demo has events and reviews"
    for folder in folders:
        for name in ("feed.xml", "atom.xml", "feed.json"):
            assert (demo_site / folder / name).is_file(), folder + name
    assert len(feed_files(demo_site)) == 3 * len(folders)


def xml_and_json_items(output) -> list[tuple[object, dict]]:
    """(feed file, item) for every item of every feed, as plain dicts with the same keys."""
    items = []
    for path in demo_feeds(output, ("rss", "atom")):
        assert parsed(path).entries, path
        for entry in parsed(path).entries:
            items.append((path, {
                "id": entry.id, "url": entry.link, "title": entry.title, "author": entry.author,
                "summary": entry.summary, "content": entry.content[0].value,
                "tags": [tag.term for tag in entry.get("tags", [])],
                "published": entry.published_parsed, "updated": entry.updated_parsed}))
    for path in demo_feeds(output, ("json",)):
        assert load_json(path)["items"], path
        for item in load_json(path)["items"]:
            items.append((path, {
                "id": item["id"], "url": item["url"], "title": item["title"],
                "author": item["authors"][0]["name"], "summary": item["summary"],
                "content": item["content_html"], "tags": item.get("tags", []),
                "published": item["date_published"], "updated": item["date_modified"]}))
    return items


def test_every_rss_and_atom_feed_parses_with_feedparser_without_errors(demo_site):
    for path in demo_feeds(demo_site, ("rss", "atom")):
        feed = parsed(path)
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.version == ("rss20" if path.name == "feed.xml" else "atom10"), path
        assert feed.entries, path
        assert feed.feed.title.startswith("Salone Ciocche Ribelli"), path


def test_item_ids_are_absolute_permalinks_of_built_pages(demo_site):
    items = xml_and_json_items(demo_site)
    assert items
    for path, item in items:
        assert item["id"] == item["url"], (path, item["id"])
        assert built_file(demo_site, item["url"]).is_file(), item["url"]
    for path in feed_files(demo_site):
        ids = [item["id"] for p, item in items if p == path]
        assert len(ids) == len(set(ids)), path


def test_items_have_title_author_tags_summary_and_content(demo_site):
    items = xml_and_json_items(demo_site)
    assert any("/consigli/" in item["id"] for _path, item in items)
    for path, item in items:
        assert item["title"] and item["author"], (path, item["id"])
        assert item["summary"] and "<" not in item["summary"], (path, item["id"])
        assert item["content"].startswith("<"), (path, item["id"])
        if "/consigli/" in item["id"]:
            assert item["tags"], (path, item["id"])


def test_every_url_in_item_content_is_absolute_and_internal_ones_exist(demo_site):
    checked = 0
    for path, item in xml_and_json_items(demo_site):
        for url in content_urls(item["content"]):
            assert re.match(r"^(https?:|mailto:|tel:)", url), (path, item["id"], url)
            if url.startswith(BASE + "/"):
                assert built_file(demo_site, url.split("#")[0]).is_file(), url
            checked += 1
    assert checked > 0


def test_content_urls_in_the_raw_feeds_have_no_relative_links(demo_site):
    for path in demo_feeds(demo_site):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'(href|src)=(\\?"|&quot;)/', text), path


def test_dates_carry_a_time_zone_in_every_format(demo_site):
    feeds = feed_files(demo_site)
    assert list(feeds) == demo_feeds(demo_site)
    for path, fmt in feeds.items():
        if fmt == "rss":
            root = xml(path)
            dates = root.xpath("//item/pubDate/text() | //channel/lastBuildDate/text()")
            assert dates and all(RFC822_WITH_ZONE.match(d) for d in dates), path
            updated = root.xpath("//item/atom:updated/text()", namespaces=NS)
            assert updated and all(RFC3339_WITH_ZONE.match(d) for d in updated), path
        elif fmt == "atom":
            root = xml(path)
            dates = root.xpath("//atom:published/text() | //atom:updated/text()", namespaces=NS)
            assert dates and all(RFC3339_WITH_ZONE.match(d) for d in dates), path
        else:
            items = load_json(path)["items"]
            assert items, path
            for item in items:
                assert RFC3339_WITH_ZONE.match(item["date_published"]), path
                assert RFC3339_WITH_ZONE.match(item["date_modified"]), path


def test_a_feed_is_dated_by_its_newest_item(demo_site):
    for path in demo_feeds(demo_site, ("rss", "atom")):
        feed = parsed(path)
        assert feed.entries, path
        assert feed.feed.updated_parsed == max(e.updated_parsed for e in feed.entries), path


def test_a_tip_with_modified_is_updated_then_and_published_on_its_date(demo_site):
    url = f"{BASE}/consigli/ricci-definiti-e-niente-crespo-il-lavaggio-passo-per-passo/"
    entry = next(e for e in parsed(demo_site / "consigli" / "atom.xml").entries if e.id == url)
    assert (entry.published, entry.updated) == ("2026-07-03T10:30:00+02:00",
                                                "2026-09-18T16:00:00+02:00")
    item = next(i for i in load_json(demo_site / "consigli" / "feed.json")["items"] if i["id"] == url)
    assert (item["date_published"], item["date_modified"]) == ("2026-07-03T10:30:00+02:00",
                                                               "2026-09-18T16:00:00+02:00")


def test_items_are_newest_first(demo_site):
    for path in demo_feeds(demo_site, ("rss", "atom")):
        published = [entry.published_parsed for entry in parsed(path).entries]
        assert published, path
        assert published == sorted(published, reverse=True), path


def test_json_feeds_follow_the_json_feed_1_1_spec(demo_site):
    for path in demo_feeds(demo_site, ("json",)):
        data = load_json(path)
        assert validate(data) == [], path
        assert data["feed_url"] == BASE + "/" + str(path.relative_to(demo_site))


def test_share_images_appear_in_every_place_auto_sharers_look(demo_site):
    """Holds for every item that has a share image, and checks the ones without emit none.

    Each format must show the same number of images per folder, and the demo has some.
    """
    images: dict[tuple[str, str], int] = {}
    feeds = feed_files(demo_site)
    assert list(feeds) == demo_feeds(demo_site)
    for path, fmt in feeds.items():
        key = (fmt, str(path.parent.relative_to(demo_site)))
        images[key] = 0
        if fmt == "rss":
            for item in xml(path).iter("item"):
                enclosure = item.find("enclosure")
                media = item.findall("media:content", NS)
                thumbnails = item.findall("media:thumbnail", NS)
                if enclosure is None:
                    assert not media and not thumbnails, path
                    continue
                images[key] += 1
                image = built_file(demo_site, enclosure.get("url"))
                assert int(enclosure.get("length")) == image.stat().st_size, image
                assert enclosure.get("type").startswith("image/")
                assert [(m.get("url"), m.get("medium"), m.get("type")) for m in media] == [
                    (enclosure.get("url"), "image", enclosure.get("type"))]
                assert [t.get("url") for t in thumbnails] == [enclosure.get("url")]
                content = html.fragment_fromstring(
                    item.find("content:encoded", NS).text, create_parent="div")
                assert content.xpath("(.//img)[1]/@src") == [enclosure.get("url")]
        elif fmt == "json":
            for item in load_json(path)["items"]:
                if "image" in item:
                    assert built_file(demo_site, item["image"]).is_file()
                    images[key] += 1
        else:
            for entry in xml(path).findall("atom:entry", NS):
                for link in entry.findall("atom:link[@rel='enclosure']", NS):
                    image = built_file(demo_site, link.get("href"))
                    assert int(link.get("length")) == image.stat().st_size
                    images[key] += 1
    folders = {folder for _fmt, folder in images}
    for folder in folders:
        assert images["rss", folder] == images["atom", folder] == images["json", folder], folder
    assert images["rss", "."] > 0, "the demo's items have share images"


def test_every_page_links_to_the_site_feeds_for_autodiscovery(demo_site):
    for page in html_pages(demo_site):
        doc = html.parse(str(page)).getroot()
        links = doc.xpath("//head/link[@rel='alternate'][@type]")
        types = {link.get("type"): link.get("href") for link in links[:3]}
        # The demo's English pages link the English feeds (issue 23).
        prefix = "/en" if page.relative_to(demo_site).parts[0] == "en" else ""
        assert types == {"application/rss+xml": f"{prefix}/feed.xml",
                         "application/atom+xml": f"{prefix}/atom.xml",
                         "application/feed+json": f"{prefix}/feed.json"}, page
        for link in links:
            assert (demo_site / link.get("href").lstrip("/")).is_file(), (page, link.get("href"))
            assert link.get("title"), page


def test_section_and_topic_pages_also_link_to_their_own_feeds(demo_site):
    def hrefs(relative: str) -> list[str]:
        doc = html.parse(str(demo_site / relative)).getroot()
        return doc.xpath("//head/link[@rel='alternate'][@type]/@href")

    assert "/consigli/feed.xml" in hrefs("consigli/index.html")
    tip = next((demo_site / "consigli").glob("*/index.html")).relative_to(demo_site)
    assert "/consigli/atom.xml" in hrefs(str(tip))
    topic = next((demo_site / "argomenti").glob("*/index.html"))
    assert f"/argomenti/{topic.parent.name}/feed.json" in hrefs(str(topic.relative_to(demo_site)))
    assert hrefs("chi-siamo/index.html") == ["/feed.xml", "/atom.xml", "/feed.json"]


def test_follow_page_lists_every_feed_with_a_copyable_address(demo_site):
    doc = html.parse(str(demo_site / "segui" / "index.html")).getroot()
    assert doc.xpath("//h1")[0].text_content().strip() == "Seguici"
    addresses = doc.xpath("//textarea[@readonly]/text()")
    for path in feed_files(demo_site):
        relative = str(path.relative_to(demo_site))
        if not relative.startswith("argomenti/"):
            assert f"{BASE}/{relative}" in addresses, relative
    for field in doc.xpath("//textarea[@readonly]"):
        assert doc.xpath(f"//label[@for='{field.get('id')}']"), field.get("id")
        assert doc.xpath(f"//button[@data-copy-target='{field.get('id')}' and @hidden]")
    topic_links = doc.xpath("//details[contains(@class,'feed-topics')]//a[@type]/@href")
    assert len(topic_links) == 3 * len(list((demo_site / "argomenti").glob("*/index.html")))
    text = doc.text_content()
    assert "lettore di feed" in text and "incolla l'indirizzo RSS" in text


def test_follow_page_offers_the_calendar_of_the_events(demo_site):
    doc = html.parse(str(demo_site / "segui" / "index.html")).getroot()
    calendar = doc.xpath("//textarea[@id='calendar-ics']/text()")
    assert (demo_site / "eventi" / "index.html").is_file(), "the demo has events"
    assert calendar, "events exist, so the calendar should be offered"
    assert built_file(demo_site, calendar[0]).is_file()


def test_footer_links_to_the_follow_page(demo_site):
    doc = html.parse(str(demo_site / "index.html")).getroot()
    assert doc.xpath("//footer//a[@href='/segui/']")


def test_two_builds_of_the_same_content_write_identical_feeds(demo_site, tmp_path):
    again = build(copy_project(tmp_path / "again")).output_dir
    first = {p.relative_to(demo_site): p.read_bytes() for p in feed_files(demo_site)}
    second = {p.relative_to(again): p.read_bytes() for p in feed_files(again)}
    assert first == second
    assert (demo_site / "segui" / "index.html").read_bytes() == (
        again / "segui" / "index.html").read_bytes()


def test_an_item_in_another_language_than_its_feed_says_so_in_every_format(demo_site):
    """The English feeds carry the reviews written in Italian (as the English pages show them):
    each says its text is Italian, so readers and auto-sharers do not take it for English."""
    import feedparser
    from lxml import etree

    items = json.loads((demo_site / "en" / "feed.json").read_text(encoding="utf-8"))["items"]
    italian = {item["url"] for item in items if item["language"] == "it"}
    english = {item["url"] for item in items if item["language"] == "en"}
    assert italian and english
    assert all("/en/reviews/" in url for url in italian)
    assert any("/en/tips/" in url for url in english)

    atom = etree.parse(str(demo_site / "en" / "atom.xml")).getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    marked = {entry.findtext("a:id", namespaces=ns) for entry in atom.findall("a:entry", ns)
              if entry.get(lang) == "it"}
    assert marked == italian
    parsed = feedparser.parse(str(demo_site / "en" / "atom.xml"))
    assert not parsed.bozo
    assert {e.id for e in parsed.entries if e.content[0].language == "it"} == italian
    assert {e.id for e in parsed.entries if e.content[0].language == "en"} == english

    rss = etree.parse(str(demo_site / "en" / "feed.xml")).getroot()
    dc = "{http://purl.org/dc/elements/1.1/}language"
    assert {item.findtext("link") for item in rss.iter("item") if item.findtext(dc) == "it"} == italian
    parsed = feedparser.parse(str(demo_site / "en" / "feed.xml"))
    assert {e.link for e in parsed.entries if e.get("language") == "it"} == italian

    # The Italian feeds hold only Italian text: no item says a language of its own.
    default = (demo_site / "feed.xml").read_text(encoding="utf-8")
    assert "dc:language" not in default and 'xml:lang="it"' not in (
        demo_site / "atom.xml").read_text(encoding="utf-8").split("<entry", 1)[1]
