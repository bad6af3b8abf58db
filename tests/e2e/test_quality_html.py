"""HTML validity gate: the Nu HTML Checker (npm vnu-jar, pinned) over every page and stylesheet."""

from __future__ import annotations

from passaparola.dev.quality.site import css_files, html_files
from passaparola.dev.quality.vnu import check_files, check_site, errors
from tests.support import html_page


def test_every_page_and_stylesheet_of_the_demo_site_is_valid_html_and_css(demo_site):
    assert html_files(demo_site) and css_files(demo_site)

    problems = errors(check_site(demo_site))

    assert problems == [], "\n".join(str(p) for p in problems)


def test_the_checker_reports_invalid_elements_attributes_and_css(bad_site):
    page = bad_site("index.html", html_page('<p>ok</p><blink>no</blink><div><li>orphan</li></div>'
                                            '<img src="a.jpg">'))
    style = bad_site("theme/site.css", "a { colr: red; width: 10pxx; }\n")
    good = bad_site("ok.html", html_page("<p>Tutto a posto.</p>"))

    problems = errors(check_files([page, style, good], root=bad_site.root))

    by_file: dict[str, list[str]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem.text)
    assert set(by_file) == {"index.html", "theme/site.css"}
    page_errors = " ".join(by_file["index.html"])
    assert "blink" in page_errors and "li" in page_errors and "alt" in page_errors
    assert any("colr" in text for text in by_file["theme/site.css"])
