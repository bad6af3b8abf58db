"""The demo site builds, in Italian by default and in English by changing one setting."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from lxml import html

from passaparola.build.driver import BuildFailed, build, check
from tests.support import html_pages, set_setting, tree_hashes


def test_demo_site_has_home_tips_tags_pages_and_404(demo_site):
    for path in ("index.html", "consigli/index.html", "argomenti/index.html", "404.html",
                 "chi-siamo/index.html", "contatti/index.html"):
        assert (demo_site / path).is_file(), path
    tips = sorted((demo_site / "consigli").glob("*/index.html"))
    assert len(tips) >= 8


def test_every_page_has_one_h1_a_skip_link_and_italian_lang(demo_site):
    for page in html_pages(demo_site):
        doc = html.parse(str(page)).getroot()
        # The demo is in two languages: English under /en/ (issue 23), Italian everywhere else.
        expected = "en" if page.relative_to(demo_site).parts[0] == "en" else "it"
        assert doc.get("lang") == expected, page
        assert len(doc.findall(".//h1")) == 1, page
        assert doc.xpath("//a[@class='skip-link' and @href='#contenuto']"), page
        assert doc.xpath("//main[@id='contenuto']"), page


def test_dates_are_written_in_italian_by_babel(demo_site):
    page = (demo_site / "consigli" / "capelli-in-inverno-elettricita-statica-cappelli-e-aria-secca"
            / "index.html").read_text(encoding="utf-8")
    assert "6 novembre 2026" in page
    assert 'datetime="2026-11-06T09:30:00+01:00"' in page


def test_ui_strings_are_italian(demo_site):
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert "Prenota un appuntamento" in home
    assert "Ultimi consigli" in home
    assert "Book an appointment" not in home


def test_english_site_by_changing_only_default_lang(project_copy, tmp_path):
    # A site in one language (the demo's second language and its translations removed first).
    conf = project_copy / "pelicanconf.py"
    conf.write_text("\n".join(line for line in conf.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("LANGUAGES = ")) + "\n", encoding="utf-8")
    for translation in (project_copy / "content").rglob("*.en.md"):
        translation.unlink()
    set_setting(project_copy, "DEFAULT_LANG", '"en"')
    result = build(project_copy)
    out = result.output_dir
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in home
    assert "Book an appointment" in home
    tip = out / "tips" / "capelli-in-inverno-elettricita-statica-cappelli-e-aria-secca" / "index.html"
    assert "November 6, 2026" in tip.read_text(encoding="utf-8")
    assert (out / "topics" / "index.html").is_file()


BROKEN_FILES = {
    "content/tips/data-sbagliata.md": ("Title: Data sbagliata\nDate: 2026-13-45\n"
                                       "Summary: x\n\nTesto.\n", "Date"),
    "content/tips/senza-titolo.md": ("Date: 2026-05-01\nSummary: x\n\nTesto.\n", "Title"),
    "content/tips/link-rotto.md": ("Title: Link rotto\nDate: 2026-05-01\nSummary: x\n\n"
                                   "Vedi [qui]({filename}/tips/non-esiste.md).\n", "body"),
    "content/pages/campo-ignoto.md": ("Title: Campo\nTitel: refuso\n\nTesto.\n", "Titel"),
}


def test_broken_content_fails_the_build_listing_every_file_and_field(project_copy):
    for relative, (text, _field) in BROKEN_FILES.items():
        (project_copy / relative).write_text(text, encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    lines = [str(p) for p in failure.value.problems]
    for relative, (_text, field) in BROKEN_FILES.items():
        assert any(line.startswith(f"{relative}:") and f": {field}: " in line for line in lines), (
            relative, field, lines)


def test_failed_build_leaves_previous_output_untouched(project_copy):
    good = build(project_copy)
    before = tree_hashes(good.output_dir)
    (project_copy / "content/tips/rotto.md").write_text(
        "Title: Rotto\nDate: ieri\n\nTesto.\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(project_copy)
    assert tree_hashes(good.output_dir) == before
    leftovers = [p.name for p in project_copy.iterdir() if p.name.startswith(".output")]
    assert leftovers == []


def test_command_line_build_exits_non_zero_and_names_file_and_field(project_copy):
    (project_copy / "content/tips/rotto.md").write_text(
        "Title: Rotto\nDate: 31/02/2026\n\nTesto.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "passaparola", "build", "--project",
                          str(project_copy)], capture_output=True, text=True, cwd=project_copy)
    assert run.returncode == 1
    assert "content/tips/rotto.md:2: Date: '31/02/2026' non è una data" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_a_pelican_warning_fails_the_build(project_copy):
    # Two tips with one slug pass the content rules file by file; Pelican warns about the clash
    # and writes only one of them. That warning must fail the build.
    (project_copy / "content/tips/doppione.md").write_text(
        "Title: Doppione\nDate: 2026-05-01\nSlug: shampoo-secco-quando-aiuta-e-quando-e-meglio-"
        "evitarlo\nSummary: x\n\nTesto.\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    assert re.search(r"shampoo-secco", str(failure.value))


def test_a_page_whose_slug_takes_a_section_address_fails_naming_file_and_slug(project_copy):
    (project_copy / "content/pages/intrusa.md").write_text(
        "Title: Intrusa\nSlug: consigli\n\nTesto.\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    lines = [str(p) for p in failure.value.problems]
    assert lines == ["content/pages/intrusa.md:2: Slug: /consigli/ è già un indirizzo del sito (una "
                     "sezione, o le pagine in un'altra lingua): scegli un altro Slug"]
    # check says it too, before any page is written (it used to be caught by the build alone)
    assert [str(p) for p in check(project_copy) if p.level == "error"] == lines


@pytest.mark.parametrize(("title", "expected"), [
    ("]]>", "non dà un indirizzo di pagina utilizzabile"),
    ("é" * 300, "è troppo lungo per farne l'indirizzo"),
])
def test_a_title_that_cannot_make_an_address_asks_for_a_slug(project_copy, title, expected):
    (project_copy / "content/pages/strana.md").write_text(f"Title: {title}\n\nTesto.\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    assert [str(p) for p in failure.value.problems] == [
        f"content/pages/strana.md:1: Title: {failure.value.problems[0].message}"]
    assert expected in failure.value.problems[0].message


@pytest.mark.parametrize(("field", "value"), [("Author", "]]>"), ("Tags", "colore, ???")])
def test_an_author_or_tag_that_cannot_make_an_address_names_file_and_field(project_copy, field, value):
    (project_copy / "content/tips/strana.md").write_text(
        f"Title: Strana\nDate: 2026-05-01\nSummary: x\n{field}: {value}\n\nTesto.\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    assert [str(p).split(": '")[0] for p in failure.value.problems] == [
        f"content/tips/strana.md:4: {field}"]
