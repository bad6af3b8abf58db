"""Customer text is shown as text: HTML and script payloads never become markup, in a real browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree, html
from playwright.sync_api import sync_playwright

from passaparola.build.driver import build
from passaparola.dev.browser import launch_chromium, serve_directory

SCRIPT = '<script>window.__pwned = "script"; alert("script")</script>'
IMAGE = "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\">"
LINK = '<a href="javascript:window.__pwned=1;alert(1)">clicca</a>'
MARKDOWN_LINK = "[clicca qui](javascript:alert(document.domain))"
REVIEWER = f"Mario {IMAGE} Rossi"
SERVICE = "Piega <img src=x onerror=alert(1)> speciale"
BODY = f"Ottimo taglio {SCRIPT}\n\n{IMAGE} e poi {LINK}\n\n{MARKDOWN_LINK}"
REPLY = f"Grazie! {SCRIPT} {LINK}"
TITLE = f"</title>{SCRIPT}"

PAYLOAD_FILE = f"""Title: {TITLE}
Date: 2026-11-24 18:00
Rating: 5
Reviewer: {REVIEWER}
Consent: full-name
Service: Taglio, {SERVICE}
Reply: {REPLY}

{BODY}
"""
# What the visitor must read, literally, on the pages that show each field.
EXPECTED_TEXT = [SCRIPT, IMAGE, LINK, MARKDOWN_LINK, REVIEWER, SERVICE]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    from tests.support import copy_project

    project = copy_project(tmp_path_factory.mktemp("xss") / "project")
    (project / "content" / "testimonials" / "ostile.md").write_text(PAYLOAD_FILE, encoding="utf-8")
    return build(project).output_dir


def pages_showing_the_payload(site: Path) -> list[str]:
    """Pages whose visible content has the payload (the contacts page only carries it in JSON-LD)."""
    found = []
    for path in sorted(site.rglob("*.html")):
        doc = html.parse(str(path)).getroot()
        for data in doc.xpath("//script[@type='application/ld+json']"):
            data.getparent().remove(data)
        if "Mario" in etree.tostring(doc, encoding="unicode"):
            found.append("/" + str(path.relative_to(site)).removesuffix("index.html"))
    return found


def test_payload_pages_are_the_list_the_service_pages_the_testimonial_and_home(hostile_site):
    pages = pages_showing_the_payload(hostile_site)
    assert "/" in pages and "/recensioni/" in pages and "/recensioni/taglio/" in pages
    assert "/recensioni/piega-speciale/" in pages
    assert "/recensioni/2026-11-24-mario-rossi/" in pages


def test_no_payload_becomes_markup_in_the_html(hostile_site):
    pages = pages_showing_the_payload(hostile_site)
    assert "/recensioni/2026-11-24-mario-rossi/" in pages and "/" in pages
    for path in pages:
        doc = html.parse(str(hostile_site / path.lstrip("/") / "index.html")).getroot()
        assert not doc.xpath("//*[@onerror]"), path
        assert not doc.xpath("//a[starts-with(normalize-space(@href), 'javascript:')]"), path
        scripts = doc.xpath("//script[not(@src)]")
        assert all(s.get("type") == "application/ld+json" for s in scripts), path
        for script in scripts:
            json.loads(script.text)


def test_json_ld_carries_the_payload_as_text(hostile_site):
    doc = html.parse(str(hostile_site / "recensioni" / "index.html")).getroot()
    data = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)
    review = next(r for r in data["review"] if r["author"]["name"] == REVIEWER)
    assert SCRIPT in review["reviewBody"] and IMAGE in review["reviewBody"]
    assert review["name"] == TITLE


def test_chromium_runs_no_payload_and_shows_it_as_text(hostile_site):
    pages = pages_showing_the_payload(hostile_site)
    dialogs: list[str] = []
    with serve_directory(hostile_site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in pages:
            page.goto(base + path, wait_until="load")
            assert page.evaluate("typeof window.__pwned") == "undefined", path
            assert page.locator("img[onerror], [onerror]").count() == 0, path
            assert page.locator("a[href^='javascript:']").count() == 0, path
            text = page.inner_text("main")
            assert REVIEWER in text, path
            if path.startswith("/recensioni/2026-11-24"):
                for expected in EXPECTED_TEXT:
                    assert expected in text, (path, expected)
                assert page.title().startswith(TITLE), path
                assert f"Grazie! {SCRIPT} {LINK}" in text
            elif path != "/":
                assert SCRIPT in text and IMAGE in text and SERVICE in text, path
        browser.close()
    assert dialogs == []


def test_feeds_carry_the_payload_as_text_and_no_markup(hostile_site):
    atom = hostile_site / "recensioni" / "atom.xml"
    assert atom.is_file(), "the feeds capability writes a feed of the reviews section"
    namespace = {"a": "http://www.w3.org/2005/Atom"}
    entry = next(e for e in etree.parse(str(atom)).findall("a:entry", namespace)
                 if REVIEWER in e.findtext("a:author/a:name", namespaces=namespace))
    summary = entry.findtext("a:summary", namespaces=namespace)
    assert REVIEWER in summary and SCRIPT in summary
    content = html.fragment_fromstring(entry.findtext("a:content", namespaces=namespace),
                                       create_parent="div")
    assert SCRIPT in content.text_content() and IMAGE in content.text_content()
    assert not content.xpath("//script | //*[@onerror] | //a[starts-with(@href, 'javascript:')]")
