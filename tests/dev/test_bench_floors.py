"""The bench's floors: the pages Pagefind alone is timed on are exactly those the site indexes,
and the start-up row runs the build's set-up for real."""

from __future__ import annotations

import json

from passaparola.dev.bench.floors import (
    indexed_pages,
    measure_search_index,
    measure_start_up,
    one_edit_floor,
)
from passaparola.dev.bench.measure import Measure


def test_the_pages_timed_alone_are_those_the_search_index_holds(built_demo_copy, tmp_path):
    output = built_demo_copy / "output"
    pages = indexed_pages(output, "pagefind")
    assert pages, "the demo indexes its tips, events and pages"
    assert all(page.is_file() for page in pages)
    timed = {page.relative_to(output).as_posix() for page in pages}
    # What the site's own bundles indexed, one per language (Pagefind's entry file counts them).
    entries = sorted(output.glob("**/pagefind/pagefind-entry.json"))
    assert len(entries) == 2  # the demo's Italian and English
    indexed = sum(language["page_count"] for entry in entries for language in
                  json.loads(entry.read_text(encoding="utf-8"))["languages"].values())
    assert len(timed) == indexed
    assert "index.html" not in timed  # the home page lists; it is not a page to find
    assert "consigli/index.html" not in timed and "en/tips/index.html" not in timed
    assert any(path.startswith("consigli/") for path in timed)
    assert any(path.startswith("en/tips/") for path in timed)

    found = measure_search_index(built_demo_copy, tmp_path / "alone", runs=1)
    assert isinstance(found, Measure), found
    assert found.pages == len(pages) and found.seconds > 0
    assert not (tmp_path / "alone").exists()  # its scratch folder is removed


def test_no_search_index_is_said_not_timed(built_demo_copy, tmp_path):
    settings = built_demo_copy / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nSEARCH_INDEX = False\n",
                        encoding="utf-8")
    found = measure_search_index(built_demo_copy, tmp_path / "alone", runs=1)
    assert isinstance(found, str) and "SEARCH_INDEX" in found


def test_start_up_runs_the_build_set_up_and_the_floor_adds_it_to_the_index(built_demo_copy):
    start_up = measure_start_up(built_demo_copy, runs=1)
    assert start_up.seconds > 0 and start_up.peak_rss_mb > 0
    search = Measure("search index alone", 1.25)
    assert one_edit_floor(start_up, search) == start_up.seconds + 1.25
    assert one_edit_floor(None, search) is None
