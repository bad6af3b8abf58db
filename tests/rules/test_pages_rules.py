"""A page's address may not be one the site already uses for a section or another language.

Pelican would write both pages to the same file; the build caught it only after running, and
``check`` did not see it at all. Now both refuse it, at the line of the field that makes it.
"""

from __future__ import annotations

from passaparola.build.driver import BuildFailed, build, check
from tests.workflow_support import write

MESSAGE = "è già un indirizzo del sito (una sezione, o le pagine in un'altra lingua): scegli un altro Slug"


def errors(project) -> list[str]:
    return [str(p) for p in check(project) if p.level == "error"]


def test_a_page_whose_slug_is_a_sections_folder_is_refused_by_check_and_build(project_copy):
    write(project_copy, "content/pages/i-nostri-eventi.md",
          "Title: I nostri eventi\nSlug: eventi\n\nTutti gli appuntamenti del salone.\n")
    expected = f"content/pages/i-nostri-eventi.md:2: Slug: /eventi/ {MESSAGE}"
    assert errors(project_copy) == [expected]
    try:
        build(project_copy)
    except BuildFailed as failure:
        assert [str(p) for p in failure.problems] == [expected]
    else:
        raise AssertionError("the build published a page over the events section")


def test_a_page_titled_like_a_section_or_named_like_another_language_is_refused(project_copy):
    write(project_copy, "content/pages/consigli.md", "Title: Consigli\n\nI nostri consigli.\n")
    write(project_copy, "content/pages/inglese.md", "Title: In inglese\nSlug: en\n\nEnglish.\n")
    assert errors(project_copy) == [
        f"content/pages/consigli.md:1: Title: /consigli/ {MESSAGE}",
        f"content/pages/inglese.md:2: Slug: /en/ {MESSAGE}"]


def test_an_english_page_is_checked_against_the_english_sections_only(project_copy):
    original = "Title: Il salone\nSlug: salone\n\nChi siamo.\n"
    write(project_copy, "content/pages/salone.md", original)
    write(project_copy, "content/pages/salone.en.md", "Title: Tips\nLang: en\n"
          "Translation-of: salone.md\nSlug: tips\n\nAbout us.\n")
    write(project_copy, "content/pages/servizio.md", "Title: Servizi a casa\nSlug: services\n\nA casa.\n")
    assert errors(project_copy) == [f"content/pages/salone.en.md:4: Slug: /tips/ {MESSAGE}"]
