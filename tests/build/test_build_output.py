"""Rebuilds: nothing changed means nothing written; unchanged files keep their mtime; swaps are whole."""

from __future__ import annotations

from passaparola.build.driver import build
from passaparola.build.output import swap_in
from tests.support import tree_hashes


def mtimes(folder):
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_a_second_build_with_no_change_writes_no_file(project_copy):
    first = build(project_copy)
    before = (tree_hashes(first.output_dir), mtimes(first.output_dir))
    second = build(project_copy)
    assert second.up_to_date and second.files_written == 0
    assert (tree_hashes(second.output_dir), mtimes(second.output_dir)) == before


def test_editing_one_tip_keeps_the_mtime_of_every_file_it_does_not_change(project_copy):
    first = build(project_copy)
    before_hashes, before_mtimes = tree_hashes(first.output_dir), mtimes(first.output_dir)
    tip = project_copy / "content/tips/shampoo-secco.md"
    tip.write_text(tip.read_text(encoding="utf-8").replace(
        "perfetto il giorno dopo", "ideale il giorno dopo"), encoding="utf-8")
    second = build(project_copy)
    after_hashes, after_mtimes = tree_hashes(second.output_dir), mtimes(second.output_dir)
    changed = {path for path in after_hashes if after_hashes[path] != before_hashes.get(path)}
    assert "consigli/shampoo-secco-quando-aiuta-e-quando-e-meglio-evitarlo/index.html" in changed
    assert second.files_changed == len(changed)
    for path in after_hashes.keys() - changed:
        assert after_mtimes[path] == before_mtimes[path], path


def test_forcing_a_build_rebuilds_even_when_nothing_changed(project_copy):
    build(project_copy)
    assert not build(project_copy, force=True).up_to_date


def test_swap_replaces_the_whole_folder_and_leaves_nothing_beside_it(tmp_path):
    output, staging = tmp_path / "output", tmp_path / ".output.staging-1"
    output.mkdir()
    (output / "old.html").write_text("old")
    staging.mkdir()
    (staging / "new.html").write_text("new")
    swap_in(staging, output)
    assert [p.name for p in output.iterdir()] == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
