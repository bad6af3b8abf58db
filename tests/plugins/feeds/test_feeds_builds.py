"""Feeds of edited copies of the project: share images, other content kinds, edits, settings."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import html
from pelican import signals
from pelican.contents import Content
from pelican.generators import Generator
from PIL import Image

from passaparola.build.driver import build, load_settings
from passaparola.web import DEFAULT_PREVIEW_SITEURL
from plugins.feeds.jsonfeed import validate
from tests.feeds_support import (
    NS,
    built_file,
    connected,
    feed_files,
    load_json,
    parsed,
    xml,
    xml_feed_files,
)
from tests.support import copy_project, set_setting

BASE = DEFAULT_PREVIEW_SITEURL
ROME = ZoneInfo("Europe/Rome")
SHAMPOO = "consigli/shampoo-secco-quando-aiuta-e-quando-e-meglio-evitarlo/"
CARD = "images/feeds-test/card.png"


def _content(generator: Generator, text: str, **metadata) -> Content:
    metadata.setdefault("save_as", metadata["url"] + "index.html")
    return Content(text, metadata=metadata, settings=generator.settings,
                   context=generator.context, source_path=f"/virtual/{metadata['slug']}.md")


class OtherKindsGenerator(Generator):
    """Stands in for the events and testimonials plugins: the same context lists, as they make them."""

    def generate_context(self) -> None:
        self.context["events"] = [
            _content(self, "<p>Una serata per chi ha i ricci.</p>", title="Serata ricci",
                     slug="serata-ricci", url="eventi/serata-ricci/",
                     date=datetime(2026, 11, 22, 12, 0, tzinfo=ROME),
                     feed_summary="Giovedì 3 dicembre 2026, 19:00 · Via del Pratello 41/B, Bologna"),
            _content(self, "<p>In diretta.</p>", title="Diretta colore", slug="diretta-colore",
                     url="eventi/diretta-colore/", date=datetime(2026, 10, 1, 9, 0, tzinfo=ROME)),
        ]
        self.context["testimonials"] = [
            _content(self, "<p>Taglio perfetto, mi sono sentita ascoltata.</p>",
                     title="Finalmente il caschetto giusto", slug="caschetto",
                     url="recensioni/caschetto/", date=datetime(2026, 11, 21, 18, 0, tzinfo=ROME),
                     feed_summary="★★★★★ 5 su 5 · Giulia R.", feed_author="Giulia R."),
        ]

    def generate_output(self, writer) -> None:
        calendar = Path(self.output_path) / "calendar.ics"
        calendar.write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", encoding="utf-8")


def _other_kinds(pelican):
    return OtherKindsGenerator


def _share_images(generators) -> None:
    """Stands in for the images plugin: a share image on one tip and on one event."""
    context = generators[0].context
    card = Path(context["PATH"]) / CARD
    share = {"path": CARD, "width": 120, "height": 63, "mime": "image/png",
             "length": card.stat().st_size, "alt": "Una ciocca di capelli ricci"}
    for obj in context["articles"] + context.get("events", []):
        if obj.url in (SHAMPOO, "eventi/serata-ricci/"):
            obj.share_image = dict(share)


@pytest.fixture(scope="module")
def site_with_all_kinds(tmp_path_factory) -> Path:
    """A copy with events, testimonials, share images and a tip with ``Social``, built once."""
    project = copy_project(tmp_path_factory.mktemp("all-kinds") / "project")
    card = project / "content" / CARD
    card.parent.mkdir(parents=True)
    Image.new("RGB", (120, 63), "#8c2f57").save(card)
    tip = project / "content" / "tips" / "shampoo-secco.md"
    tip.write_text(tip.read_text(encoding="utf-8").replace(
        "Author: Giada Ferri\n", "Author: Giada Ferri\nSocial: Shampoo secco sì, ma con giudizio "
        "#capelli #bologna\n", 1), encoding="utf-8")
    # The stand-in generator is the only source of events and testimonials: the real plugins and
    # the demo's own files would otherwise join them, in an order that depends on which builds
    # this process ran before (Pelican connects each plugin's receivers once per process).
    for folder in ("events", "testimonials", "images/testimonials"):
        shutil.rmtree(project / "content" / folder)
    with connected(signals.get_generators, _other_kinds), \
            connected(signals.all_generators_finalized, _share_images):
        # The stand-in above replaces the real images plugin (which would give every item a share
        # card): leave it out, and let Pelican copy content/images/ as it would without it.
        stand_ins = ("images", "events", "testimonials")
        plugins = [name for name in load_settings(project)["PLUGINS"] if name not in stand_ins]
        return build(project, overrides={"PLUGINS": plugins,
                                         "STATIC_PATHS": ["images", "extra"]}).output_dir


def _rss_item(path: Path, url: str):
    items = [i for i in xml(path).iter("item") if i.findtext("link") == BASE + "/" + url]
    assert len(items) == 1, url
    return items[0]


def test_an_item_with_a_share_image_shows_it_everywhere_auto_sharers_look(site_with_all_kinds):
    out = site_with_all_kinds
    image_url = f"{BASE}/{CARD}"
    size = (out / CARD).stat().st_size
    for feed in ("feed.xml", "consigli/feed.xml", "argomenti/prodotti/feed.xml"):
        item = _rss_item(out / feed, SHAMPOO)
        enclosure = item.find("enclosure")
        assert (enclosure.get("url"), enclosure.get("type"), int(enclosure.get("length"))) == (
            image_url, "image/png", size)
        media = item.find("media:content", NS)
        assert dict(media.attrib) == {"url": image_url, "medium": "image", "type": "image/png",
                                      "fileSize": str(size), "width": "120", "height": "63"}
        thumbnail = item.find("media:thumbnail", NS)
        assert (thumbnail.get("url"), thumbnail.get("width")) == (image_url, "120")
        content = html.fragment_fromstring(item.find("content:encoded", NS).text,
                                           create_parent="div")
        first = content.xpath("(.//img)[1]")[0]
        assert (first.get("src"), first.get("alt")) == (image_url, "Una ciocca di capelli ricci")
        assert content[0].tag == "p" and content[0][0] is first
    atom = parsed(out / "consigli" / "atom.xml")
    entry = next(e for e in atom.entries if e.id == f"{BASE}/{SHAMPOO}")
    assert [(e.href, e.type, int(e.length)) for e in entry.enclosures] == [
        (image_url, "image/png", size)]
    assert entry.media_content[0]["medium"] == "image"
    item = next(i for i in load_json(out / "consigli" / "feed.json")["items"]
                if i["id"] == f"{BASE}/{SHAMPOO}")
    assert item["image"] == image_url
    assert item["content_html"].startswith(f'<p><img src="{image_url}"')


def test_items_without_a_share_image_emit_no_image_elements(site_with_all_kinds):
    out = site_with_all_kinds
    others = [i for i in xml(out / "feed.xml").iter("item")
              if i.findtext("link") not in (f"{BASE}/{SHAMPOO}", f"{BASE}/eventi/serata-ricci/")]
    assert others
    for item in others:
        assert item.find("enclosure") is None
        assert item.find("media:content", NS) is None and item.find("media:thumbnail", NS) is None
    for item in load_json(out / "feed.json")["items"]:
        assert ("image" in item) == (item["url"] in (f"{BASE}/{SHAMPOO}",
                                                     f"{BASE}/eventi/serata-ricci/"))


def test_social_text_is_the_summary_auto_sharers_post(site_with_all_kinds):
    out = site_with_all_kinds
    social = "Shampoo secco sì, ma con giudizio #capelli #bologna"
    assert _rss_item(out / "consigli" / "feed.xml", SHAMPOO).findtext("description") == social
    entry = next(e for e in parsed(out / "atom.xml").entries if e.id == f"{BASE}/{SHAMPOO}")
    assert entry.summary == social


def test_events_and_testimonials_get_their_own_feeds_and_join_the_site_feed(site_with_all_kinds):
    out = site_with_all_kinds
    for folder in ("eventi", "recensioni"):
        for name in ("feed.xml", "atom.xml", "feed.json"):
            assert (out / folder / name).is_file(), folder + name
    events = parsed(out / "eventi" / "feed.xml")
    assert not events.bozo
    assert [e.title for e in events.entries] == ["Serata ricci", "Diretta colore"]
    assert events.entries[0].summary.startswith("Giovedì 3 dicembre 2026, 19:00 · Via del Pratello")
    assert events.entries[0].enclosures[0].href == f"{BASE}/{CARD}"
    review = load_json(out / "recensioni" / "feed.json")["items"][0]
    assert review["authors"] == [{"name": "Giulia R."}]
    assert review["summary"] == "★★★★★ 5 su 5 · Giulia R."
    everything = parsed(out / "feed.xml")
    assert [e.title for e in everything.entries[:4]] == [
        "Serata ricci", "Finalmente il caschetto giusto",
        "Acconciatura da cerimonia: come prepararsi nelle settimane prima",
        "Shampoo secco: quando aiuta e quando è meglio evitarlo"]
    assert everything.entries[1].author == "Giulia R."
    for path in feed_files(out):
        if path.suffix == ".json":
            assert validate(load_json(path)) == [], path
        else:
            assert not parsed(path).bozo, path


def test_follow_page_lists_section_feeds_and_the_calendar_when_events_exist(site_with_all_kinds):
    out = site_with_all_kinds
    doc = html.parse(str(out / "segui" / "index.html")).getroot()
    addresses = doc.xpath("//textarea[@readonly]/text()")
    for relative in ("feed.xml", "eventi/feed.xml", "recensioni/atom.xml", "consigli/feed.json"):
        assert f"{BASE}/{relative}" in addresses
    assert f"{BASE}/calendar.ics" in addresses
    assert built_file(out, f"{BASE}/calendar.ics").is_file()
    assert "Aggiungi calendario sottoscritto" in doc.text_content()
    headings = [h.text_content() for h in doc.xpath("//section[@class='feed-group']/h3")]
    assert headings == ["Tutte le novità", "Consigli", "Eventi", "Recensioni"]


def _item(out: Path, fmt: str) -> dict:
    if fmt == "json":
        item = next(i for i in load_json(out / "consigli" / "feed.json")["items"]
                    if i["url"] == f"{BASE}/{SHAMPOO}")
        return {"id": item["id"], "published": item["date_published"],
                "updated": item["date_modified"], "content": item["content_html"]}
    entry = next(e for e in parsed(out / "consigli" / f"{fmt}.xml").entries
                 if e.link == f"{BASE}/{SHAMPOO}")
    return {"id": entry.id, "published": entry.published, "updated": entry.updated,
            "content": entry.content[0].value}


def test_editing_a_post_changes_its_updated_time_when_modified_is_set_but_never_its_id(
        project_copy):
    tip = project_copy / "content" / "tips" / "shampoo-secco.md"
    formats = ("feed", "atom", "json")
    before = {fmt: _item(build(project_copy).output_dir, fmt) for fmt in formats}

    # The documented rule: an edit without `Modified:` changes the text, not the update time.
    tip.write_text(tip.read_text(encoding="utf-8").replace(
        "perfetto il giorno dopo una piega", "ideale il giorno dopo una piega"), encoding="utf-8")
    out = build(project_copy).output_dir
    quiet = {fmt: _item(out, fmt) for fmt in formats}
    for fmt in formats:
        assert "ideale il giorno dopo" in quiet[fmt]["content"]
        assert quiet[fmt]["updated"] == before[fmt]["updated"]

    tip.write_text(tip.read_text(encoding="utf-8").replace(
        "Date: 2026-11-13 10:00\n", "Date: 2026-11-13 10:00\nModified: 2026-11-24 18:30\n"),
        encoding="utf-8")
    out = build(project_copy).output_dir
    after = {fmt: _item(out, fmt) for fmt in formats}
    for fmt in formats:
        assert after[fmt]["id"] == before[fmt]["id"] == f"{BASE}/{SHAMPOO}"
        assert after[fmt]["published"] == before[fmt]["published"]
        assert after[fmt]["updated"] != before[fmt]["updated"]
    assert after["atom"]["updated"] == after["json"]["updated"] == "2026-11-24T18:30:00+01:00"
    rss = xml(out / "consigli" / "feed.xml")
    assert rss.findtext("channel/lastBuildDate") == "Tue, 24 Nov 2026 18:30:00 +0100"


def test_a_websub_hub_is_announced_in_every_format_when_set(project_copy):
    hub = "https://hub.example/"
    set_setting(project_copy, "FEEDS_WEBSUB_HUB", repr(hub))
    out = build(project_copy).output_dir
    rss = xml(out / "feed.xml")
    links = {link.get("rel"): link.get("href")
             for link in rss.findall("channel/atom:link", NS)}
    assert links == {"self": f"{BASE}/feed.xml", "hub": hub}
    atom = parsed(out / "consigli" / "atom.xml")
    assert {(link.rel, link.href) for link in atom.feed.links} >= {
        ("hub", hub), ("self", f"{BASE}/consigli/atom.xml")}
    assert load_json(out / "feed.json")["hubs"] == [{"type": "WebSub", "url": hub}]


def test_without_a_hub_no_hub_link_is_written(demo_site):
    for path in xml_feed_files(demo_site):
        assert b'rel="hub"' not in path.read_bytes(), path
    assert "hubs" not in load_json(demo_site / "feed.json")


def test_settings_choose_the_formats_and_how_many_items(project_copy):
    set_setting(project_copy, "FEEDS_FORMATS", '("rss",)')
    set_setting(project_copy, "FEEDS_MAX_ITEMS", "3")
    out = build(project_copy).output_dir
    files = feed_files(out)
    assert files and set(files.values()) == {"rss"}
    assert len(parsed(out / "feed.xml").entries) == 3
    head = html.parse(str(out / "index.html")).getroot()
    assert head.xpath("//head/link[@rel='alternate'][@type]/@href") == ["/feed.xml"]


def test_an_english_site_puts_its_feeds_under_english_sections(project_copy):
    set_setting(project_copy, "DEFAULT_LANG", '"en"')
    out = build(project_copy).output_dir
    for relative in ("feed.xml", "tips/atom.xml", "topics/colore/feed.json", "follow/index.html"):
        assert (out / relative).is_file(), relative
    assert parsed(out / "tips" / "feed.xml").feed.title == "Salone Ciocche Ribelli · Tips"
    follow = html.parse(str(out / "follow" / "index.html")).getroot()
    assert follow.xpath("//h1")[0].text_content() == "Follow us"
    assert load_json(out / "feed.json")["language"] == "en"
