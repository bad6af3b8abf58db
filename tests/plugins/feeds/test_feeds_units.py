"""The feeds plugin's pieces on their own: the JSON Feed checker, summaries, absolute HTML."""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest

from plugins.feeds.feeds import absolute_html, item_summary, share_image, shorten
from plugins.feeds.formats import FeedImage
from plugins.feeds.jsonfeed import JSON_FEED_VERSION, validate

SETTINGS = {"SITEURL": "https://www.salone.example", "FEEDS_SUMMARY_MAX_CHARS": 40}
ITEM_URL = "https://www.salone.example/consigli/ricci/"

VALID_FEED = {
    "version": JSON_FEED_VERSION,
    "title": "Salone",
    "home_page_url": "https://www.salone.example/",
    "hubs": [{"type": "WebSub", "url": "https://hub.example/"}],
    "items": [{"id": ITEM_URL, "url": ITEM_URL, "content_html": "<p>Ciao</p>",
               "date_published": "2026-11-20T09:00:00+01:00", "tags": ["ricci"],
               "authors": [{"name": "Giada"}], "image": "https://www.salone.example/a.jpg"}],
}


def test_the_json_feed_checker_accepts_a_valid_feed():
    assert validate(VALID_FEED) == []


@pytest.mark.parametrize(("break_it", "problem"), [
    (lambda f: f.pop("title"), "feed.title is required"),
    (lambda f: f.update(version="1.1"), "feed.version must be"),
    (lambda f: f["items"][0].pop("id"), "feed.items[0].id is required"),
    (lambda f: f["items"][0].pop("content_html"), "needs content_html or content_text"),
    (lambda f: f["items"][0].update(date_published="2026-11-20T09:00:00"), "RFC 3339"),
    (lambda f: f["items"][0].update(url="/consigli/ricci/"), "items[0].url must be an absolute URL"),
    (lambda f: f["items"][0].update(tags="ricci"), "tags must be a list of strings"),
    (lambda f: f["items"][0].update(authors=[{}]), "needs one of name"),
    (lambda f: f["hubs"][0].pop("type"), "feed.hubs[0].type is required"),
    (lambda f: f["items"].append(dict(f["items"][0])), "duplicate ids"),
    (lambda f: f.update(titel="x"), "feed.titel is not a JSON Feed 1.1 field"),
])
def test_the_json_feed_checker_names_each_kind_of_mistake(break_it, problem):
    feed = copy.deepcopy(VALID_FEED)
    break_it(feed)
    assert any(problem in line for line in validate(feed)), validate(feed)


def test_summaries_are_shortened_on_a_word_boundary():
    text = "Cappello, spray con filtro UV e un risciacquo con acqua dolce dopo ogni bagno."
    short = shorten(text, 40)
    assert short == "Cappello, spray con filtro UV e un…"
    assert len(short) <= 40 and text.startswith(short[:-1])
    assert shorten("Breve.", 40) == "Breve."


def test_social_text_comes_first_then_the_kinds_feed_summary_then_the_summary():
    html_summary = "<p>Il <strong>riccio</strong> chiede acqua, pazienza e meno sfregamento, sempre.</p>"
    assert item_summary(SimpleNamespace(summary=html_summary), SETTINGS) == (
        "Il riccio chiede acqua, pazienza e meno…")
    assert item_summary(SimpleNamespace(summary=html_summary, feed_summary="3 dicembre, 19:00"),
                        SETTINGS) == "3 dicembre, 19:00"
    assert item_summary(SimpleNamespace(summary=html_summary, feed_summary="x",
                                        social="Ricci felici #bologna #capelli"),
                        SETTINGS) == "Ricci felici #bologna #capelli"


def test_every_url_in_the_content_becomes_absolute():
    content = ('<p>Vedi <a href="/contatti/">contatti</a>, <a href="#lavaggio">sotto</a> e '
               '<a href="../colore/">il colore</a>.</p>'
               '<img src="/images/a.jpg" srcset="/images/a-480.jpg 480w, b.jpg 2x" alt="">'
               '<a href="mailto:ciao@salone.example">scrivici</a> <a href="tel:+39051">chiama</a>'
               '<a href="https://altro.example/x">fuori</a>')
    result = absolute_html(content, ITEM_URL, SETTINGS)
    for expected in ('href="https://www.salone.example/contatti/"',
                     f'href="{ITEM_URL}#lavaggio"',
                     'href="https://www.salone.example/consigli/colore/"',
                     'src="https://www.salone.example/images/a.jpg"',
                     'srcset="https://www.salone.example/images/a-480.jpg 480w, '
                     f'{ITEM_URL}b.jpg 2x"',
                     'href="mailto:ciao@salone.example"', 'href="tel:+39051"',
                     'href="https://altro.example/x"'):
        assert expected in result


def test_a_site_in_a_subfolder_keeps_its_subfolder_in_absolute_urls():
    settings = {"SITEURL": "https://amici.example/salone"}
    result = absolute_html('<a href="/contatti/">c</a>', "https://amici.example/salone/x/", settings)
    assert result == '<a href="https://amici.example/salone/contatti/">c</a>'


def test_the_share_image_goes_first_and_leading_text_stays_after_it():
    image = FeedImage(url="https://www.salone.example/c.jpg", mime="image/jpeg", length=10,
                      width=1200, height=630, alt='Ricci "definiti" & lucidi')
    result = absolute_html("Testo iniziale <p>Poi</p>", ITEM_URL, SETTINGS, image)
    assert result == ('<p><img src="https://www.salone.example/c.jpg" '
                      'alt=\'Ricci "definiti" &amp; lucidi\' width="1200" height="630"></p>'
                      'Testo iniziale <p>Poi</p>')


@pytest.mark.parametrize("data", [
    None, {}, {"path": "images/a.jpg"}, {"path": "images/a.jpg", "mime": "image/jpeg", "length": 0},
    {"path": "images/a.jpg", "mime": "text/html", "length": 10},
    {"path": "images/a.jpg", "mime": "image/jpeg", "length": "many"},
])
def test_a_share_image_without_a_true_size_or_image_type_is_left_out(data):
    assert share_image(SimpleNamespace(share_image=data, url="x/"), SETTINGS) is None


def test_a_complete_share_image_becomes_an_absolute_feed_image():
    data = {"path": "images/a.jpg", "mime": "image/jpeg", "length": 1234, "width": 1200,
            "height": 630, "alt": "Un caschetto"}
    assert share_image(SimpleNamespace(share_image=data, url="x/"), SETTINGS) == FeedImage(
        url="https://www.salone.example/images/a.jpg", mime="image/jpeg", length=1234,
        width=1200, height=630, alt="Un caschetto")


def test_scripts_and_event_handlers_never_reach_a_feed_item():
    content = ('<p onclick="alert(1)">Testo &lt;script&gt;alert(2)&lt;/script&gt;</p>'
               '<script>alert(3)</script><a href="javascript:alert(4)">x</a>'
               '<img src="/a.jpg" onerror="alert(5)" alt="">')
    result = absolute_html(content, ITEM_URL, SETTINGS)
    assert result == ('<p>Testo &lt;script&gt;alert(2)&lt;/script&gt;</p><a>x</a>'
                      '<img src="https://www.salone.example/a.jpg" alt="">')
