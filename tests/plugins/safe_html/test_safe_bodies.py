"""Markup pasted into a tip or a page body never runs on the site or in its feeds.

An owner pastes an embed code or a snippet from a forum into her Markdown: the build keeps the
text and the harmless markup, and drops scripts, frames, forms, styles, event handlers and
``javascript:`` links (plugins/safe_html). Checked on the built pages and feed, not on the
sanitiser alone, so turning the plugin off or skipping bodies fails here.
"""

from __future__ import annotations

import pytest
from lxml import etree, html

from passaparola.build.driver import build
from tests.feeds_support import NS, xml
from tests.support import copy_project

PASTED = """
Testo sicuro con <b>grassetto</b> e un <a href="https://example.org/guida">link vero</a>.

<script>document.title = "rubato"</script>
<iframe src="https://video.example/embed/123" width="560"></iframe>
<p style="position:fixed;top:0" onclick="alert(1)">Paragrafo con stile</p>
<img src="/images/tips/ricci.jpg" alt="ricci" onerror="alert(2)">
<a href="javascript:alert(3)">clicca qui</a>
<form action="https://altrove.example/"><input name="carta"></form>
<object data="https://altrove.example/x.swf"></object>
"""

TIP = "Title: Incollato dal forum\nDate: 2026-11-24 10:00\nSummary: Un testo incollato.\n" \
      "Tags: prova\n" + PASTED
PAGE = "Title: Pagina incollata\n" + PASTED


@pytest.fixture(scope="module")
def pasted_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("safe-bodies") / "project")
    (project / "content" / "tips" / "incollato.md").write_text(TIP, encoding="utf-8")
    (project / "content" / "pages" / "incollata.md").write_text(PAGE, encoding="utf-8")
    return build(project).output_dir


def dangerous(root) -> list[str]:
    """Every element or attribute of ``root`` that could run code or load from elsewhere."""
    found = [element.tag for element in root.iter()
             if element.tag in ("script", "iframe", "form", "input", "object", "embed", "style")]
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.startswith("on") or name == "style" or value.strip().startswith("javascript:"):
                found.append(f"{element.tag}@{name}")
    return found


def test_a_pasted_tip_body_keeps_its_text_and_loses_what_could_run(pasted_site):
    main = html.parse(str(pasted_site / "consigli" / "incollato-dal-forum" / "index.html")
                      ).getroot().xpath("//main")[0]
    assert main.xpath(".//b[text()='grassetto']") and main.xpath(
        ".//a[@href='https://example.org/guida']"), "the harmless markup is kept"
    assert "Paragrafo con stile" in main.text_content() and "clicca qui" in main.text_content()
    assert dangerous(main) == []
    assert "rubato" not in etree.tostring(main, encoding="unicode")


def test_a_pasted_page_body_keeps_its_text_and_loses_what_could_run(pasted_site):
    main = html.parse(str(pasted_site / "pagina-incollata" / "index.html")).getroot().xpath(
        "//main")[0]
    assert main.xpath(".//b[text()='grassetto']")
    assert "Paragrafo con stile" in main.text_content()
    assert dangerous(main) == []
    assert "rubato" not in etree.tostring(main, encoding="unicode")


def test_the_feeds_carry_the_sanitised_body(pasted_site):
    items = [item for item in xml(pasted_site / "consigli" / "feed.xml").iter("item")
             if item.findtext("title") == "Incollato dal forum"]
    assert len(items) == 1
    content = html.fragment_fromstring(items[0].find("content:encoded", NS).text,
                                       create_parent="div")
    assert content.xpath(".//b[text()='grassetto']")
    assert dangerous(content) == []
