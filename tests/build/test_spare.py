"""Builds written over the spare (the site the last swap replaced) equal cold builds, whatever the
spare holds, never touch the published site before the swap, and keep unchanged files' times.

See passaparola/build/spare.py. Each test makes the spare a real one first: two builds, so the
third writes over the site the second replaced.
"""

from __future__ import annotations

import os
import random
import shutil
import stat
from pathlib import Path

import pytest

from passaparola.build.driver import BuildSuperseded, build
from passaparola.build.spare import spare_path
from passaparola.dev.synthetic import write_image
from tests.support import tree_hashes

TIP = "content/tips/capelli-in-inverno.md"
PHOTO = "content/images/tips/inverno.jpg"


def modes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): stat.S_IMODE(p.stat().st_mode)
            for p in folder.rglob("*") if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns
            for p in folder.rglob("*") if p.is_file()}


def edit(project: Path, line: str) -> None:
    with open(project / TIP, "a", encoding="utf-8") as stream:
        stream.write(f"\n{line}\n")


def cold(project: Path, folder: Path) -> tuple[dict[str, str], dict[str, int]]:
    result = build(project, output_dir=folder / "output", cache=False, force=True,
                   overrides={"IMAGES_CACHE_PATH": str(folder / "images-cache")})
    return tree_hashes(result.output_dir), modes(result.output_dir)


def built_twice(project: Path) -> Path:
    """``project`` built twice: its output/ and, beside it, the spare (the first build's site)."""
    build(project)
    edit(project, "Prima modifica.")
    build(project)
    spare = spare_path(project / "output")
    assert spare.is_dir() and (spare / "index.html").is_file()
    return project


@pytest.fixture
def with_spare(project_copy: Path) -> Path:
    return built_twice(project_copy)


@pytest.mark.parametrize("languages", [["it"], ["it", "en"]])
def test_a_rebuild_over_the_spare_keeps_unchanged_files_times_and_equals_a_cold_build(
        project_copy, tmp_path, languages):
    conf = project_copy / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + f"\nLANGUAGES = {languages!r}\n",
                    encoding="utf-8")
    if languages == ["it"]:  # the translations go with the second language
        for translation in (project_copy / "content").rglob("*.en.md"):
            translation.unlink()
    built_twice(project_copy)
    output = project_copy / "output"
    before_hashes, before_mtimes = tree_hashes(output), mtimes(output)
    spare_files = {str(p.relative_to(spare_path(output))): p.stat().st_ino
                   for p in spare_path(output).rglob("*.html")}
    edit(project_copy, "Seconda modifica.")
    (project_copy / "content/tips/phon-e-piastra.md").unlink()  # its page must not stay behind
    result = build(project_copy)
    after_hashes, after_mtimes = tree_hashes(output), mtimes(output)
    unchanged = [path for path, digest in after_hashes.items() if before_hashes.get(path) == digest]
    assert unchanged and len(unchanged) < len(after_hashes)
    assert {path: after_mtimes[path] for path in unchanged} == \
        {path: before_mtimes[path] for path in unchanged}
    changed = sorted(path for path in after_hashes if before_hashes.get(path) != after_hashes[path])
    assert changed and sorted(result.changed_paths) == changed
    assert not any("phon-e-piastra" in path for path in after_hashes)
    if languages == ["it"]:  # no page linked between languages: unchanged pages were not written
        left_alone = [path for path, inode in spare_files.items()
                      if path in after_hashes and (output / path).stat().st_ino == inode]
        assert len(left_alone) > len(spare_files) // 2
    assert (after_hashes, modes(output)) == cold(project_copy, tmp_path / "cold")


def test_whatever_the_spare_holds_the_rebuild_equals_a_cold_build(with_spare, tmp_path):
    spare = spare_path(with_spare / "output")
    # Files of the spare's own (a file it shares with output/ is output's too: not tampered with).
    pages = sorted(p for p in spare.rglob("*") if p.is_file() and p.stat().st_nlink == 1)
    assert len(pages) > 10
    pages[0].write_text("guastato a mano", encoding="utf-8")  # bytes changed
    os.utime(pages[1], ns=(0, 0))  # a time from elsewhere
    pages[2].chmod(0o600)  # permissions a new file would not have
    pages[3].unlink()  # partly removed
    for folder in [p for p in spare.iterdir() if p.is_dir() and p.name not in ("en", "images")][:2]:
        for path in sorted(folder.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        folder.rmdir()
    stale = spare / "consigli" / "pagina-fantasma" / "index.html"  # a page no build writes
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("<html><body>fantasma</body></html>", encoding="utf-8")
    # A second language's page of the spare's own: the first language's run must not see it
    # (its sitemap lists the pages it finds written).
    english = sorted((spare / "en").rglob("index.html"))
    assert english
    data = english[0].read_bytes()
    english[0].unlink()
    english[0].write_bytes(data)
    (spare / "pagefind-scratch-lasciato").mkdir()
    os.symlink("/etc/hostname", spare / "favicon-link.ico")
    edit(with_spare, "Terza modifica.")
    output = build(with_spare).output_dir
    assert (tree_hashes(output), modes(output)) == cold(with_spare, tmp_path / "cold")
    assert b"pagina-fantasma" not in (output / "sitemap.xml").read_bytes()


def test_a_rebuild_after_output_was_edited_by_hand_equals_a_cold_build(with_spare, tmp_path):
    output = with_spare / "output"
    pages = sorted(output.rglob("index.html"))
    assert len(pages) > 3
    pages[0].unlink()  # the owner deleted a published file
    pages[1].write_text("scritto a mano", encoding="utf-8")
    (output / "mio-file.txt").write_text("aggiunto a mano", encoding="utf-8")
    edit(with_spare, "Quarta modifica.")
    build(with_spare)
    assert (tree_hashes(output), modes(output)) == cold(with_spare, tmp_path / "cold")
    edit(with_spare, "Quinta modifica.")  # and once more, over the spare the hand edits were in
    build(with_spare)
    assert (tree_hashes(output), modes(output)) == cold(with_spare, tmp_path / "cold2")
    shutil.rmtree(spare_path(output))  # no spare at all: a fresh one is written
    edit(with_spare, "Quinta modifica, ancora.")
    build(with_spare)
    assert (tree_hashes(output), modes(output)) == cold(with_spare, tmp_path / "cold3")


def test_a_build_dropped_before_the_swap_never_changed_the_published_site(with_spare):
    """Pages linked between languages, photos linked to the image cache: the published site and
    the spare share files; a build writing into the spare must never write through one."""
    output = with_spare / "output"
    spare = spare_path(output)
    shared = [p for p in spare.rglob("*") if p.is_file() and p.stat().st_nlink > 1]
    assert any(p.suffix == ".html" for p in shared) and any(p.suffix == ".jpg" for p in shared)
    before = tree_hashes(output)
    write_image(with_spare / PHOTO, random.Random(7))  # a new photo under the same name
    edit(with_spare, "Sesta modifica.")
    sitemap = spare / "sitemap.xml"
    started = sitemap.stat().st_ctime_ns

    def written_all() -> bool:  # the default language's run is over: drop the build now
        return sitemap.exists() and sitemap.stat().st_ctime_ns > started

    with pytest.raises(BuildSuperseded):
        build(with_spare, superseded=written_all)
    assert tree_hashes(output) == before
    build(with_spare)  # and the next build, with no spare left, is whole
    assert tree_hashes(output) != before
