"""Site search: a Pagefind index of the content pages, a search page that works on a static host."""

from __future__ import annotations

import json
import re

import pytest
from lxml import html

from passaparola.build.driver import build
from passaparola.dev.browser import DESKTOP, serve_directory
from tests.support import html_pages, tree_hashes

# What a strict host would send. Pagefind's search engine is WebAssembly, which Chromium only
# compiles under a CSP with 'wasm-unsafe-eval'; everything else is 'self' only.
STRICT_CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
              "img-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; "
              "base-uri 'none'; frame-ancestors 'none'")


def main_text(page) -> str:
    doc = html.parse(str(page)).getroot()
    return " ".join(m.text_content() for m in doc.xpath("//main[@data-pagefind-body]")).lower()


def test_the_index_covers_exactly_the_content_pages(demo_site):
    entry = json.loads((demo_site / "pagefind" / "pagefind-entry.json").read_text())
    tips = [t for t in (demo_site / "consigli").glob("*/index.html") if t.parent.name != "pagina"]
    # One page per testimonial (dated slugs); service and pagination pages are listings.
    reviews = [t for t in (demo_site / "recensioni").glob("*/index.html")
               if re.match(r"\d{4}-\d\d-\d\d-", t.parent.name)]
    events = [e for e in (demo_site / "eventi").glob("*/index.html") if e.parent.name != "pagina"]
    pages = [demo_site / "chi-siamo" / "index.html", demo_site / "contatti" / "index.html"]
    # The price list (one page for every service) and one page per person of the team.
    pages += [demo_site / "servizi" / "index.html", *(demo_site / "team").glob("*/index.html")]
    assert tips and reviews and events
    assert entry["languages"]["it"]["page_count"] == len(tips) + len(events) + len(reviews) + len(pages)
    for part in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "pagefind-worker.js"):
        assert (demo_site / "pagefind" / part).is_file(), part


def test_every_page_marks_only_its_main_content_for_the_index(demo_site):
    for page in html_pages(demo_site):
        doc = html.parse(str(page)).getroot()
        marked = doc.xpath("//*[@data-pagefind-body]")
        assert [m.tag for m in marked] == ["main"], page


def test_the_search_page_works_without_javascript_and_offers_the_topics(demo_site):
    doc = html.parse(str(demo_site / "cerca" / "index.html")).getroot()
    note = doc.xpath("//p[@class='search-nojs']")[0].text_content()
    assert "JavaScript" in note
    topics = doc.xpath("//section[@class='search-topics']//a/@href")
    assert topics and all(t.startswith("/argomenti/") for t in topics)
    assert not doc.xpath("//script[not(@src) and not(@type='application/ld+json')]")
    assert doc.xpath("//link[@rel='stylesheet' and @href='/pagefind/pagefind-ui.css']")


def test_every_page_has_a_search_form_leading_to_the_search_page(demo_site):
    for page in html_pages(demo_site):
        doc = html.parse(str(page)).getroot()
        form = doc.xpath("//form[@role='search']")
        assert len(form) == 1, page
        # The demo's English pages search the English index (issue 23).
        action = "/en/search/" if page.relative_to(demo_site).parts[0] == "en" else "/cerca/"
        assert form[0].get("action") == action and form[0].get("method") == "get", page
        assert form[0].xpath(".//input[@name='q' and @type='search']"), page


def test_the_index_is_the_same_when_the_site_is_built_again(demo_site, project_copy):
    again = build(project_copy).output_dir
    assert tree_hashes(again / "pagefind") == tree_hashes(demo_site / "pagefind")


@pytest.fixture(scope="module")
def browser(chromium):
    """The shared module-wide Chromium of conftest.py."""
    return chromium


def search_in_browser(browser, demo_site, query: str, csp: str | None = None) -> tuple[list[str], list[str]]:
    """The result links for ``query`` on the search page, and any CSP violation seen."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    if csp:
        def add_csp(route):
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers, "content-security-policy": csp})
        page.route("**/*", add_csp)
    with serve_directory(demo_site) as base_url:
        page.goto(f"{base_url}/cerca/?q={query}")
        page.locator(".pagefind-ui__result-link").first.wait_for()
        page.wait_for_load_state("networkidle")
        links = page.locator(".pagefind-ui__result-link").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
    context.close()
    return links, violations


def test_searching_a_word_of_one_tip_finds_that_tip(browser, demo_site):
    word = "salsedine"
    having = [p for p in demo_site.rglob("*.html") if "pagefind" not in p.parts
              and re.search(rf"\b{word}\b", main_text(p))
              and p.parent.parent.name == "consigli"]
    assert len(having) == 1  # the word is in one tip only: the search must find just that one
    expected = "/" + having[0].parent.relative_to(demo_site).as_posix() + "/"
    links, violations = search_in_browser(browser, demo_site, word)
    assert links == [expected]
    assert violations == []


def site_wide_csp(site) -> str:
    """The Content-Security-Policy the built ``_headers`` file gives every path (``/*``)."""
    block = (site / "_headers").read_text(encoding="utf-8").split("\n\n")
    rules = next(b for b in block if b.startswith("/*\n")).splitlines()[1:]
    headers = dict(line.strip().split(": ", 1) for line in rules)
    return headers["Content-Security-Policy"]


def test_search_runs_under_a_strict_content_security_policy(browser, demo_site):
    links, violations = search_in_browser(browser, demo_site, "ricci", csp=STRICT_CSP)
    assert any("/consigli/" in link for link in links)
    assert violations == []


def test_search_runs_under_the_sites_own_headers(browser, demo_site):
    # As a host reading _headers serves it: the policy on every response, the worker script too.
    links, violations = search_in_browser(browser, demo_site, "ricci", csp=site_wide_csp(demo_site))
    assert any("/consigli/" in link for link in links)
    assert violations == []


def test_events_and_testimonials_from_other_plugins_are_searchable():
    from types import SimpleNamespace

    from plugins.search.search import SEARCH_STATE_KEY, remember_searchable_pages

    context = {
        "articles": [SimpleNamespace(save_as="consigli/a/index.html")],
        "pages": [SimpleNamespace(save_as="contatti/index.html")],
        "events": [SimpleNamespace(save_as="eventi/serata-ricci/index.html")],
        "testimonials": [SimpleNamespace(save_as=""), SimpleNamespace(save_as="")],
        "drafts": [SimpleNamespace(save_as="drafts/consigli/b/index.html")],
    }
    generator = SimpleNamespace(context=context, settings={"SECTION_SLUGS": {"reviews": "recensioni"}})
    remember_searchable_pages([generator])
    assert generator.settings[SEARCH_STATE_KEY] == [
        "consigli/a/index.html", "contatti/index.html", "eventi/serata-ricci/index.html",
        "recensioni/index.html"]


def test_the_preview_skips_the_index_and_a_normal_build_makes_it(project_copy):
    from passaparola.build.driver import build

    preview = build(project_copy, overrides={"PREVIEW": True}, output_dir=project_copy / "preview")
    assert not (preview.output_dir / "pagefind").exists()
    normal = build(project_copy)
    assert (normal.output_dir / "pagefind" / "pagefind.js").is_file()
