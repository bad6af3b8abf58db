"""Budgets gate: home, a tip, an event and the reviews page on a throttled phone in Chromium.

≤ 200 KB transferred (images below the fold left out), ≤ 1 render-blocking stylesheet, no
render-blocking script, and an LCP image that is preloaded or loaded eagerly. The pages are found
in the build through the localised section folders: an event page and the reviews page are
measured as soon as their capabilities build them.
"""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from passaparola.build.driver import load_settings
from passaparola.dev.browser import serve_directory
from passaparola.dev.quality.budgets import budget_pages, measure
from plugins.language.language import section_slugs
from tests.support import PROJECT, html_page

pytestmark = pytest.mark.browser


def noisy_png(width: int, height: int) -> bytes:
    """A PNG that does not compress: random pixels."""
    pixels = random.Random(7).randbytes(width * height * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), pixels).save(buffer, "PNG")
    return buffer.getvalue()


def test_home_tip_event_and_reviews_pages_stay_within_budget_on_a_throttled_phone(
        demo_site, demo_site_url, chromium):
    pages = budget_pages(demo_site, section_slugs(load_settings(PROJECT)))
    assert pages["home"] and pages["tip"]
    measured = [path for path in pages.values() if path]

    figures = [measure(chromium, demo_site_url, path) for path in measured]

    problems = [problem for figure in figures for problem in figure.problems()]
    assert problems == [], "\n".join(problems)
    for figure in figures:
        assert figure.requests >= 2 and figure.transfer_bytes > 0
        assert len(figure.blocking_css) == 1 and figure.blocking_js == []


def test_budget_gate_reports_heavy_pages_blocking_styles_and_scripts_and_a_lazy_lcp_image(
        bad_site, chromium):
    (bad_site.root / "photo.png").write_bytes(noisy_png(330, 330))
    bad_site("a.css", "img { display: block; width: 100%; }\n")
    bad_site("b.css", "p { margin: 0; }\n")
    bad_site("sync.js", "document.documentElement.dataset.sync = 'yes';\n")
    bad_site("index.html", html_page(
        '<img src="/photo.png" alt="A heavy photo" loading="lazy" width="330" height="330">',
        head='<link rel="stylesheet" href="/a.css"><link rel="stylesheet" href="/b.css">'
             '<script src="/sync.js"></script>'))

    with serve_directory(bad_site.root) as base:
        figure = measure(chromium, base, "/")

    text = "\n".join(figure.problems())
    assert "/: transfers" in text and "over 200 KB" in text
    assert "/: 2 render-blocking stylesheets" in text
    assert "/: render-blocking scripts: /sync.js" in text
    assert "/: the LCP image /photo.png is lazy-loaded and not preloaded" in text


def test_images_below_the_fold_do_not_count_and_a_preloaded_lcp_image_passes(bad_site, chromium):
    (bad_site.root / "far.png").write_bytes(noisy_png(330, 330))
    (bad_site.root / "hero.png").write_bytes(noisy_png(60, 60))
    bad_site("site.css", "img { display: block; } .spacer { height: 3000px; }\n")
    bad_site("index.html", html_page(
        '<img src="/hero.png" alt="Hero" loading="lazy" width="360" height="360">'
        '<div class="spacer"></div><img src="/far.png" alt="Far below" width="330" height="330">',
        head='<link rel="stylesheet" href="/site.css">'
             '<link rel="preload" as="image" href="/hero.png">'))

    with serve_directory(bad_site.root) as base:
        figure = measure(chromium, base, "/")

    assert figure.problems() == []
    assert figure.lcp_url == "/hero.png" and figure.lcp_preloaded
    assert figure.below_fold_image_bytes > 200 * 1024
