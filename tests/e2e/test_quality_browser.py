"""Real-browser gate: every page of the demo site in Debian's Chromium, at phone and desktop width.

No console error (a Content-Security-Policy violation is one), no uncaught exception, no failed
request, no request to any host but the local server, no horizontal scrolling on the phone.
"""

from __future__ import annotations

import re

import lxml.html
import pytest

from passaparola.build.driver import load_settings
from passaparola.dev.browser import DESKTOP, PHONE, serve_directory
from passaparola.dev.quality.browser_checks import LoadWatcher, horizontal_overflow
from passaparola.dev.quality.site import html_files, page_paths
from plugins.headers.headers import DEFAULT_CSP, csp_directives, policy_text
from tests.support import PROJECT, html_page

pytestmark = pytest.mark.browser


def load_problems(browser, base_url: str, paths: list[str], viewport: dict[str, int],
                  check_overflow: bool) -> list[str]:
    """Visit each path in one page of a fresh context; every problem, prefixed by its path."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    watcher = LoadWatcher(base_url)
    watcher.watch(page)
    problems = []
    for path in paths:
        found = watcher.visit(page, path)
        if check_overflow:
            found += horizontal_overflow(page)
        problems += [f"{path}: {problem}" for problem in found]
    context.close()
    return problems


def test_every_page_loads_cleanly_and_fits_the_width_of_a_phone(demo_site, demo_site_url, chromium):
    paths = page_paths(demo_site)

    problems = load_problems(chromium, demo_site_url, paths, PHONE, check_overflow=True)

    assert problems == [], "\n".join(problems)


def test_every_page_loads_cleanly_on_a_desktop_screen(demo_site, demo_site_url, chromium):
    paths = page_paths(demo_site)

    problems = load_problems(chromium, demo_site_url, paths, DESKTOP, check_overflow=False)

    assert problems == [], "\n".join(problems)


def test_every_page_carries_the_content_security_policy_of_the_headers_file(demo_site):
    headers = (demo_site / "_headers").read_text(encoding="utf-8")
    header_policy = re.search(r"^\s+Content-Security-Policy: (.+)$", headers, re.MULTILINE).group(1)
    # The project's own policy: pelicanconf.py may add a source a capability needs to DEFAULT_CSP.
    meta_policy = policy_text(csp_directives(load_settings(PROJECT)), for_meta=True)

    assert "script-src 'self'" in header_policy and "unsafe-inline" not in header_policy
    assert "frame-ancestors 'none'" in header_policy and "frame-ancestors" not in meta_policy
    assert header_policy.startswith(meta_policy)
    for file in html_files(demo_site):
        tree = lxml.html.parse(str(file))
        metas = tree.xpath('//head/meta[@http-equiv="Content-Security-Policy"]/@content')
        assert metas == [meta_policy], file
        # Inline script code is forbidden; JSON-LD data blocks are allowed.
        for script in tree.xpath("//script[not(@src)]"):
            assert script.get("type") == "application/ld+json", file
        assert tree.xpath("//@style") == [], f"{file} has an inline style attribute"


def test_the_policy_can_be_set_or_turned_off_in_the_settings():
    assert policy_text(csp_directives({"HEADERS_CSP": {"default-src": ["'none'"]}})) == "default-src 'none'"
    assert csp_directives({"HEADERS_CSP": None}) == {}
    assert csp_directives({"HEADERS_CSP": {"script-src": ["'self'"]},
                           "HEADERS_CSP_EXTRA": {"script-src": ["'self'", "'wasm-unsafe-eval'"]}}) == {
        "script-src": ["'self'", "'wasm-unsafe-eval'"]}
    with pytest.raises(ValueError, match="HEADERS_CSP"):
        csp_directives({"HEADERS_CSP": {"script-src": "'self'; 'unsafe-inline'"}})


def test_the_browser_gate_reports_csp_violations_errors_failed_and_foreign_requests_and_overflow(
        bad_site, chromium):
    csp = f'<meta http-equiv="Content-Security-Policy" content="{policy_text(DEFAULT_CSP, True)}">'
    bad_site("csp/index.html", html_page(
        '<p>Inline code is blocked:</p><script>document.title = "ran";</script>', head=csp))
    bad_site("style/index.html", html_page('<p style="color: red">Inline style</p>', head=csp))
    bad_site("broken/index.html", html_page(
        '<img src="/manca.png" alt="missing"><script src="/js/throws.js"></script>'))
    bad_site("js/throws.js", "throw new Error('boom from our own script');\n")
    bad_site("foreign/index.html", html_page(
        '<img src="http://example.invalid/pixel.png" alt="tracker">'))
    bad_site("wide/index.html", html_page('<div class="wide">Too wide</div>',
                                          head='<link rel="stylesheet" href="/wide.css">'))
    bad_site("wide.css", ".wide { width: 600px; }\n")
    bad_site("index.html", html_page("<p>This one is fine.</p>"))

    with serve_directory(bad_site.root) as base:
        problems = load_problems(chromium, base, ["/", "/csp/", "/style/", "/broken/", "/foreign/",
                                                  "/wide/"], PHONE, check_overflow=True)

    text = "\n".join(problems)
    assert not any(p.startswith("/: ") for p in problems), text
    assert re.search(r"^/csp/: console error: .*Content Security Policy", text, re.MULTILINE), text
    assert re.search(r"^/style/: console error: .*Content Security Policy", text, re.MULTILINE), text
    assert "/broken/: HTTP 404:" in text and "/manca.png" in text
    assert "/broken/: uncaught exception: " in text and "boom from our own script" in text
    assert "/foreign/: request to another host: http://example.invalid/pixel.png" in text
    assert "/foreign/: failed request: http://example.invalid/pixel.png" in text
    assert re.search(r"^/wide/: scrolls horizontally by \d+px at 390px wide; sticking out: div.wide",
                     text, re.MULTILINE), text
