"""A published page keeps its address and feed id when its title changes; a new Slug redirects.

Done as the owner does it: real `invoke build` runs in a copy of the project, editing the tip's
file between them; the redirect is followed by real Chromium over HTTP.
"""

from __future__ import annotations

import json

from lxml import html

from passaparola.addresses import RECORD_FILE
from passaparola.dev.browser import launch_chromium, serve_directory
from passaparola.web import DEFAULT_PREVIEW_SITEURL
from tests.feeds_support import load_json, parsed
from tests.workflow_support import run_task

TIP = "content/tips/shampoo-secco.md"
OLD = "consigli/shampoo-secco-quando-aiuta-e-quando-e-meglio-evitarlo/"
OLD_TITLE = "Title: Shampoo secco: quando aiuta e quando è meglio evitarlo\n"


def built(project) -> None:
    result = run_task(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr


def edit_tip(project, old: str, new: str) -> None:
    path = project / TIP
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def feed_ids(output, url: str) -> tuple[list[str], list[str]]:
    """The ids the tips' Atom feed and JSON Feed give the item at ``url``."""
    absolute = f"{DEFAULT_PREVIEW_SITEURL}/{url}"
    atom = [e.id for e in parsed(output / "consigli" / "atom.xml").entries if e.id == absolute]
    json_feed = [i["id"] for i in load_json(output / "consigli" / "feed.json")["items"]
                 if i["id"] == absolute]
    return atom, json_feed


def h1(path) -> str:
    return html.parse(str(path)).getroot().xpath("//h1")[0].text_content().strip()


def test_a_new_title_keeps_the_address_and_the_feed_id(project_copy):
    built(project_copy)
    output = project_copy / "output"
    assert feed_ids(output, OLD) == ([f"{DEFAULT_PREVIEW_SITEURL}/{OLD}"],) * 2
    edit_tip(project_copy, OLD_TITLE, "Title: Shampoo secco, la guida completa\n")
    built(project_copy)
    assert h1(output / OLD / "index.html") == "Shampoo secco, la guida completa"
    assert feed_ids(output, OLD) == ([f"{DEFAULT_PREVIEW_SITEURL}/{OLD}"],) * 2
    assert not (output / "consigli" / "shampoo-secco-la-guida-completa").exists()
    # No page moved: the only rule is the English pages' 404 (the demo is in two languages).
    assert (output / "_redirects").read_text(encoding="utf-8").splitlines() == [
        "/en/* /en/404.html 404"]
    record = json.loads((project_copy / RECORD_FILE).read_text(encoding="utf-8"))
    assert record["tips/shampoo-secco.md"]["url"] == OLD


def test_a_new_slug_moves_the_page_and_the_old_address_redirects_to_it(project_copy):
    built(project_copy)
    edit_tip(project_copy, OLD_TITLE, OLD_TITLE + "Slug: shampoo-secco\n")
    built(project_copy)
    output = project_copy / "output"
    new = "consigli/shampoo-secco/"
    assert h1(output / new / "index.html") == OLD_TITLE[len("Title: "):].strip()
    assert f"/{OLD} /{new} 301" in (output / "_redirects").read_text(encoding="utf-8").splitlines()
    fallback = html.parse(str(output / OLD / "index.html")).getroot()
    assert fallback.xpath("//meta[@http-equiv='refresh']/@content") == [f"0; url=/{new}"]
    assert fallback.xpath("//link[@rel='canonical']/@href") == [f"{DEFAULT_PREVIEW_SITEURL}/{new}"]
    assert fallback.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert fallback.xpath("//main//a/@href") == [f"/{new}"]

    with serve_directory(output) as base:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                page = browser.new_page()
                page.goto(f"{base}/{OLD}")
                page.wait_for_url(f"{base}/{new}")
                assert page.locator("h1").inner_text().strip() == h1(output / new / "index.html")
            finally:
                browser.close()

    # The redirect stays in every later build, once the record keeps the old address.
    record = json.loads((project_copy / RECORD_FILE).read_text(encoding="utf-8"))
    assert record["tips/shampoo-secco.md"] == {"moved_from": [OLD], "slug": "shampoo-secco",
                                               "url": new}
    edit_tip(project_copy, "Spazzola per togliere il residuo.", "Spazzola via il residuo.")
    built(project_copy)
    assert f"/{OLD} /{new} 301" in (output / "_redirects").read_text(encoding="utf-8").splitlines()
    assert (output / OLD / "index.html").is_file()


def test_the_record_keeps_a_page_turned_back_into_a_draft_and_forgets_a_deleted_file(tmp_path):
    from types import SimpleNamespace

    from passaparola.addresses import updated_record

    content = tmp_path / "content"
    settings = {"PATH": str(content), "ARTICLE_PATHS": ["tips"], "PAGE_PATHS": ["pages"],
                "EVENTS_PATHS": ["events"]}
    record = {"tips/a.md": {"slug": "a", "url": "consigli/a/", "moved_from": []},
              "tips/b.md": {"slug": "b", "url": "consigli/b/", "moved_from": []},
              "tips/c.md": {"slug": "c", "url": "consigli/c/", "moved_from": []}}
    generated = {
        "tips/a.md": SimpleNamespace(source_path=str(content / "tips/a.md"), status="draft",
                                     slug="a-nuovo", url="consigli/a-nuovo/"),
        "tips/b.md": SimpleNamespace(source_path=str(content / "tips/b.md"), status="published",
                                     slug="b2", url="consigli/b2/"),
        "testimonials/x.md": SimpleNamespace(source_path=str(content / "testimonials/x.md"),
                                             status="published", slug="x", url="recensioni/x/"),
    }
    assert updated_record(record, generated, settings) == {
        "tips/a.md": record["tips/a.md"],
        "tips/b.md": {"slug": "b2", "url": "consigli/b2/", "moved_from": ["consigli/b/"]},
    }
