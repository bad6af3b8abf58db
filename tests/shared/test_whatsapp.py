"""One wa.me link maker (passaparola/web.whatsapp_url) for the salon's chat link, the link page
and the share buttons: the number as the owner writes it becomes digits, the text is encoded."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from lxml import html

from passaparola.build.driver import load_settings
from passaparola.web import whatsapp_url
from tests.support import PROJECT, html_pages


def test_a_number_written_as_the_owner_likes_becomes_digits():
    assert whatsapp_url("+39 333 123-4567") == "https://wa.me/393331234567"


def test_no_number_and_no_text_is_no_link():
    assert whatsapp_url("") == ""
    assert whatsapp_url(None) == ""  # an optional SALON key left out


def test_a_text_alone_opens_the_share_sheet_with_the_text_encoded():
    url = whatsapp_url(text="Pieghe & ricci? https://example.org/a b")
    assert url.startswith("https://wa.me/?text=")
    assert parse_qs(urlsplit(url).query)["text"] == ["Pieghe & ricci? https://example.org/a b"]


def test_every_chat_link_of_the_demo_goes_to_the_salons_number(demo_site):
    number = load_settings(PROJECT)["SALON"]["whatsapp"]
    expected = whatsapp_url(number)
    assert expected
    chats = [href for page in html_pages(demo_site)
             for href in html.parse(str(page)).getroot().xpath("//a/@href")
             if href.startswith("https://wa.me/") and "?text=" not in href]
    assert chats, "the demo shows the salon's WhatsApp"
    assert set(chats) == {expected}
