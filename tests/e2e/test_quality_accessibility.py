"""Accessibility gate: axe-core (npm, pinned) on every page, the keyboard on every kind of control.

axe runs with WCAG 2.1 A and AA rules in the light scheme on a phone and in the dark scheme on a
desktop, so both layouts and both colour schemes are covered. The keyboard walk presses Tab
through every page: every rendered link, button and field is reached in DOM order, with a
visible focus outline (3:1 against its background) and on screen while focused. The outline
must be the theme's own: the browser's default ring changes with the browser version, so a control
left to it (Pagefind's search field once was) fails the walk in either scheme.

The two walks and the two axe passes over the demo are in files of their own
(test_quality_keyboard_*.py, test_quality_axe_*.py): the suite runs each file on one worker, and
these are among its longest tests, so apart they run side by side.
"""

from __future__ import annotations

import pytest

from passaparola.dev.browser import DESKTOP, PHONE, serve_directory
from passaparola.dev.quality.browser_checks import (
    TABBABLE_JS,
    LoadWatcher,
    axe_violations,
    keyboard_walk,
)
from tests.support import html_page

pytestmark = pytest.mark.browser


def axe_problems(browser, base_url: str, paths: list[str], viewport: dict[str, int],
                 scheme: str) -> list[str]:
    """axe's violations on each page; the context bypasses the CSP to inject axe's script."""
    context = browser.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    problems = []
    for path in paths:
        page.goto(base_url + path)
        problems += [f"{path}: {problem}" for problem in axe_violations(page)]
    context.close()
    return problems


# What decides how a control behaves under the keyboard walk, read on the page as loaded (scripts
# add controls too): its language, tag and classes, the attributes the theme's CSS and the focus
# order depend on, and the tags and classes of every ancestor up to <html> (its background and
# layout come from there: the theme has no inline styles, test_quality_browser.py sees to that).
CONTROL_KINDS_JS = """() => {
  const lang = document.documentElement.lang;
  const describe = (el) => el.tagName.toLowerCase() + '.' + [...el.classList].sort().join('.');
  const kinds = new Set();
  for (const el of window.__passaparolaTabbable) {
    const chain = [];
    for (let node = el.parentElement; node; node = node.parentElement) chain.push(describe(node));
    const href = el.getAttribute('href') || '';
    kinds.add([lang, describe(el), el.getAttribute('tabindex'), el.getAttribute('type'),
               el.getAttribute('role'), el.getAttribute('aria-current'), el.hidden,
               /^https?:/.test(href), chain.join('<')].join(' '));
  }
  return [...kinds];
}"""


def keyboard_problems(browser, base_url: str, paths: list[str], viewport: dict[str, int],
                      scheme: str = "light", each_kind_once: bool = False,
                      walked: list[str] | None = None) -> list[str]:
    """The keyboard walk's problems on each page.

    With ``each_kind_once`` every page is loaded but Tab is pressed only through the pages that
    show a kind of control (CONTROL_KINDS_JS) no page before them showed: every kind of control
    of the site, in each language, is walked on the first page where it appears. The paths
    walked are appended to ``walked``.
    """
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    # Scripts add controls after load (Pagefind's search field and buttons): wait for them, as
    # the load gate does, until no request has been in flight for a moment. Playwright's
    # "networkidle" waits half a second on every page even when nothing is left to load.
    # What goes wrong while loading is the load gate's to report (test_quality_browser.py).
    settled = LoadWatcher(base_url)
    settled.watch(page)
    problems = []
    seen: set[str] = set()
    for path in paths:
        settled.visit(page, path)
        if each_kind_once:
            page.evaluate(TABBABLE_JS)
            kinds = set(page.evaluate(CONTROL_KINDS_JS))
            if kinds <= seen:
                continue
            seen |= kinds
        if walked is not None:
            walked.append(path)
        problems += [f"{path}: {problem}" for problem in keyboard_walk(page)]
    context.close()
    return problems


def test_axe_reports_missing_alternative_text_unnamed_links_and_low_contrast(bad_site, chromium):
    bad_site("index.html", html_page(
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">'
        '<a href="/x/"></a>'
        '<p class="faint">Barely readable</p>',
        head='<link rel="stylesheet" href="/faint.css">'))
    bad_site("faint.css", ".faint { color: #ccc; background: #fff; }\n")

    with serve_directory(bad_site.root) as base:
        problems = axe_problems(chromium, base, ["/"], PHONE, "light")

    text = "\n".join(problems)
    assert "axe image-alt" in text and "axe link-name" in text and "axe color-contrast" in text


def test_tab_reaches_the_skip_link_first_then_the_booking_button_and_every_menu_link(
        demo_site_url, chromium):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(demo_site_url + "/")

    problems = keyboard_walk(page)
    # keyboard_walk leaves the list of elements it reached in DOM order on the page.
    order = page.evaluate("""() => {
      const list = window.__passaparolaTabbable;
      const at = (el) => list.indexOf(el);
      return {
        skip: at(document.querySelector('.skip-link')),
        book: at(document.querySelector('.site-header .header-book')),
        menu: [...document.querySelectorAll('.site-header nav a')].map(at),
        skipVisibleWhenFocused: (() => {
          document.querySelector('.skip-link').focus();
          return document.querySelector('.skip-link').getBoundingClientRect().top >= 0;
        })(),
      };
    }""")
    context.close()

    assert problems == []
    assert order["skip"] == 0
    assert order["book"] > 0
    assert order["menu"] and all(index > order["book"] for index in order["menu"])
    assert order["skipVisibleWhenFocused"]


def test_the_keyboard_walk_reports_positive_tabindex_hidden_focus_low_contrast_and_off_screen_links(
        bad_site, chromium):
    style = '<link rel="stylesheet" href="/keys.css">'
    bad_site("keys.css", ".no-ring:focus { outline: none; }\n"
                         ".faint-ring:focus { outline: 3px solid #f4f4f4; }\n"
                         ".away { position: absolute; left: -9999px; }\n")
    bad_site("order/index.html", html_page('<a href="/a/">A</a> <a href="/b/" tabindex="3">B</a>'))
    bad_site("ring/index.html", html_page('<a class="no-ring" href="/a/">No ring</a>', head=style))
    bad_site("faint/index.html", html_page('<a class="faint-ring" href="/a/">Faint</a>', head=style))
    bad_site("away/index.html", html_page('<a class="away" href="/a/">Away</a>', head=style))
    bad_site("default/index.html", html_page('<a href="/a/">Default</a>'))
    bad_site("fine.css", ":focus-visible { outline: 3px solid #6b3a00; }\n")
    bad_site("fine/index.html", html_page('<a href="/a/">A</a> <button type="button">B</button>',
                                          head='<link rel="stylesheet" href="/fine.css">'))

    with serve_directory(bad_site.root) as base:
        problems = keyboard_problems(chromium, base, ["/order/", "/ring/", "/faint/", "/away/",
                                                      "/default/", "/fine/"], PHONE)

    text = "\n".join(problems)
    assert '/order/: Tab #1 reached a "B", element #2 in DOM order' in text
    assert '/ring/: a "No ring" shows no focus outline' in text
    assert '/faint/: a "Faint": focus outline contrast' in text
    assert '/away/: a "Away" is off screen while focused' in text
    assert '/default/: a "Default" shows the browser\'s default focus ring' in text
    assert "/fine/" not in text


def search_results_path(site) -> str:
    """The search page with a query that finds pages: the first topic the page offers."""
    from html.parser import HTMLParser

    class FirstTopic(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.in_topics, self.topics = False, []

        def handle_starttag(self, tag, attrs) -> None:
            self.in_topics |= tag == "ul" and ("class", "tags") in attrs

        def handle_data(self, data) -> None:
            if self.in_topics and data.strip():
                self.topics.append(data.strip())

    parser = FirstTopic()
    parser.feed((site / "cerca" / "index.html").read_text(encoding="utf-8"))
    assert parser.topics, "the search page lists no topic to search for"
    return "/cerca/?q=" + parser.topics[0]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_control_of_the_search_ui_has_the_themes_focus_ring_in_both_schemes(
        demo_site, demo_site_url, chromium, scheme):
    context = chromium.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    reached = []
    problems = []
    for path in ["/cerca/", search_results_path(demo_site)]:
        page.goto(demo_site_url + path, wait_until="networkidle")
        page.wait_for_selector(".pagefind-ui__search-input")
        if "?q=" in path:
            page.wait_for_selector(".pagefind-ui__result-link")
        problems += [f"{path}: {problem}" for problem in keyboard_walk(page)]
        reached += page.evaluate("() => window.__passaparolaTabbable.map(el => el.className)")
    context.close()

    pagefind_controls = [name for name in reached if "pagefind-ui__" in name]
    assert any("search-input" in name for name in pagefind_controls)
    assert any("search-clear" in name for name in pagefind_controls)
    assert any("result-link" in name for name in pagefind_controls)
    assert problems == [], "\n".join(problems)
