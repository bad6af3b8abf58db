"""The search index between builds: the last bundle is kept and reused only for the same pages.

Pagefind runs in the background while the build goes on and is waited for before the swap; a
rebuild whose indexed pages did not change puts the kept bundle in place instead of running it.
Either way the site equals, byte for byte, a cold build of the same project.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from passaparola.build.driver import BuildFailed, build
from passaparola.build.output import leftovers
from tests.support import tree_hashes

EDITED_TIP = "content/tips/shampoo-secco.md"  # in Italian only: the English index stays the same


def kept_bundles(project: Path) -> dict[str, Path]:
    """Each language's kept bundle folder (there is one per language)."""
    kept = {}
    for lang_folder in sorted((project / ".cache" / "search").iterdir()):
        folders = [p for p in lang_folder.iterdir() if not p.name.startswith(".")]
        assert len(folders) == 1, folders
        kept[lang_folder.name] = folders[0]
    return kept


def linked_to(bundle: Path, kept: Path) -> bool:
    """Every file of the published ``bundle`` is the kept one (the same file, hard-linked)."""
    files = sorted(p.relative_to(kept) for p in kept.rglob("*") if p.is_file())
    assert files
    return all(os.path.samestat((bundle / f).stat(), (kept / f).stat()) for f in files)


def cold_build(project: Path, folder: Path) -> dict[str, str]:
    result = build(project, output_dir=folder / "output", cache=False, force=True,
                   overrides={"IMAGES_CACHE_PATH": str(folder / "images-cache")})
    return tree_hashes(result.output_dir)


def test_the_kept_index_serves_only_the_same_pages_and_equals_a_cold_build(project_copy, tmp_path):
    site = project_copy
    first = build(site)
    published = {"it": first.output_dir / "pagefind", "en": first.output_dir / "en" / "pagefind"}
    kept = kept_bundles(site)
    assert sorted(kept) == ["en", "it"]

    # Nothing indexed changed: both languages' kept bundles are put in place, Pagefind not run.
    again = build(site, force=True)
    assert all(linked_to(published[lang], kept[lang]) for lang in kept)
    assert tree_hashes(again.output_dir) == tree_hashes(first.output_dir)

    # One Italian tip's text changed: the Italian index is made again, the English one kept.
    tip = site / EDITED_TIP
    tip.write_text(tip.read_text(encoding="utf-8") + "\nIl rosmarino zenzerolo rinfresca.\n",
                   encoding="utf-8")
    edited = build(site)
    assert not edited.up_to_date
    assert tree_hashes(edited.output_dir) == cold_build(site, tmp_path / "cold")
    now_kept = kept_bundles(site)
    assert now_kept["en"] == kept["en"] and now_kept["it"] != kept["it"]
    assert linked_to(published["en"], kept["en"])
    assert any(path.startswith("pagefind/") for path in edited.changed_paths)
    assert not any(path.startswith("en/pagefind/") for path in edited.changed_paths)


def test_a_pagefind_failure_fails_the_build_and_leaves_the_site_whole(project_copy):
    site = project_copy
    good = build(site)
    before = tree_hashes(good.output_dir)
    # A bundle folder under a file: Pagefind cannot write it, and exits with an error.
    with pytest.raises(BuildFailed) as failure:
        build(site, overrides={"SEARCH_BUNDLE_DIR": "robots.txt/pagefind"})
    assert any("Pagefind" in problem.message for problem in failure.value.problems)
    assert tree_hashes(good.output_dir) == before
    assert leftovers(good.output_dir) == []


def test_a_language_with_nothing_to_index_says_so_and_loads_no_missing_bundle(project_copy,
                                                                             tmp_path):
    """Her new site in two languages, before anything is written in English: no Pagefind bundle
    under /en/, so its search page must not ask for one; her first English page brings it."""
    from tests.workflow_support import run_task

    started = run_task(project_copy, "start", "--name=Luna Capelli", "--domain=www.luna.example",
                       "--address=Via Roma 12, 10121 Torino (TO)", "--phone=+39 011 000 1234",
                       "--language=it", "--languages=it en")
    assert started.returncode == 0, started.stdout + started.stderr
    english_contacts = sorted((project_copy / "content" / "pages").glob("*.en.md"))
    assert english_contacts  # start wrote it; without it, English has nothing to index
    text = english_contacts[0].read_text(encoding="utf-8")
    english_contacts[0].unlink()
    site = build(project_copy).output_dir
    search = (site / "en" / "search" / "index.html").read_text(encoding="utf-8")
    assert not (site / "en" / "pagefind").exists()
    assert "/en/pagefind/" not in search and 'id="search"' not in search
    assert "There is nothing to search here yet" in search
    assert 'id="search"' in (site / "cerca" / "index.html").read_text(encoding="utf-8")

    english_contacts[0].write_text(text, encoding="utf-8")
    rebuilt = build(project_copy).output_dir
    search = (rebuilt / "en" / "search" / "index.html").read_text(encoding="utf-8")
    assert 'id="search"' in search and (rebuilt / "en" / "pagefind" / "pagefind-ui.css").is_file()
    assert tree_hashes(rebuilt) == cold_build(project_copy, tmp_path / "cold")
