"""Failures found while Pelican runs: reported at the owner's line, and output/ stays whole.

The content rules stop most mistakes before Pelican starts; these tests cover what only the run
itself finds (a photo that cannot be decoded, a plugin that fails half-way through writing).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican import signals

from passaparola.build.driver import BuildFailed, build
from tests.feeds_support import connected
from tests.support import tree_hashes

TIP = """Title: Ricci d'inverno
Date: 2026-11-20 10:00
Tags: ricci
Summary: Come tenere i ricci morbidi quando fa freddo.
Author: Giada Ferri
Image: images/tips/foto-ricci.jpg
Image_alt: Ricci morbidi e definiti

Con il freddo i ricci si seccano: ecco cosa fare.

![Una ciocca riccia vista da vicino]({static}/images/tips/ciocca.jpg)

Un'ultima riga.
"""


def damaged_photo(project: Path, relative: str) -> None:
    """A photo cut short, as a phone upload that stopped half-way leaves it."""
    whole = (project / "content" / "images" / "tips" / "ricci.jpg").read_bytes()
    target = project / "content" / relative
    target.write_bytes(whole[: len(whole) // 3])


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".output"))


def test_a_damaged_cover_photo_fails_the_build_at_its_field_line_and_keeps_output(project_copy):
    good = build(project_copy)
    before = tree_hashes(good.output_dir)
    assert before, "the first build wrote the site"
    tip = project_copy / "content" / "tips" / "ricci-inverno.md"
    tip.write_text(TIP, encoding="utf-8")
    damaged_photo(project_copy, "images/tips/foto-ricci.jpg")
    whole = project_copy / "content" / "images" / "tips" / "ciocca.jpg"
    whole.write_bytes((project_copy / "content" / "images" / "tips" / "ricci.jpg").read_bytes())
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    image_line = TIP.splitlines().index("Image: images/tips/foto-ricci.jpg") + 1
    assert [(p.path, p.line, p.field) for p in failure.value.problems] == [
        ("content/tips/ricci-inverno.md", image_line, "Image")]
    assert "'images/tips/foto-ricci.jpg'" in failure.value.problems[0].message
    assert tree_hashes(good.output_dir) == before
    assert leftovers(project_copy) == []


def test_a_damaged_photo_in_the_body_is_reported_at_its_line(project_copy):
    tip = project_copy / "content" / "tips" / "ricci-inverno.md"
    tip.write_text(TIP, encoding="utf-8")
    (project_copy / "content" / "images" / "tips" / "foto-ricci.jpg").write_bytes(
        (project_copy / "content" / "images" / "tips" / "ricci.jpg").read_bytes())
    damaged_photo(project_copy, "images/tips/ciocca.jpg")
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    body_line = next(number for number, text in enumerate(TIP.splitlines(), 1)
                     if "ciocca.jpg" in text)
    assert [(p.path, p.line, p.field) for p in failure.value.problems] == [
        ("content/tips/ricci-inverno.md", body_line, "body")]


def test_a_failure_half_way_through_writing_the_site_leaves_the_previous_output_whole(
        project_copy):
    """Pelican has written part of the new site into the staging folder when the run fails."""
    good = build(project_copy)
    before = tree_hashes(good.output_dir)
    assert before, "the first build wrote the site"
    (project_copy / "content" / "tips" / "shampoo-secco.md").write_text(
        (project_copy / "content" / "tips" / "shampoo-secco.md").read_text(encoding="utf-8")
        .replace("Lo shampoo secco", "Lo shampoo secco (nuovo testo)"), encoding="utf-8")
    written: list[str] = []

    def fail_after_some_pages(path, context=None):
        written.append(path)
        if len(written) == 5:
            raise OSError("disco pieno")

    with connected(signals.content_written, fail_after_some_pages), \
            pytest.raises(BuildFailed) as failure:
        build(project_copy)
    assert len(written) == 5, "the run failed after writing pages, not before"
    assert any("disco pieno" in str(problem) for problem in failure.value.problems)
    assert tree_hashes(good.output_dir) == before
    assert leftovers(project_copy) == []
