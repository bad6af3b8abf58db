"""A remembered verdict never hides a problem: after any change, `check` says what a cold check says.

``passaparola.rules.verdicts`` keeps each content file's problems in ``.cache/rules``; each test
checks the demo once (remembering), makes one change that another file, a setting or the rules'
code decides, and compares the next check with a check made with the cache removed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import passaparola.rules
from passaparola.build.driver import check
from passaparola.rules import verdicts
from tests.workflow_support import write

TIP = "content/tips/capelli-in-inverno.md"  # has Image: images/tips/inverno.jpg


def cache_file(project: Path) -> Path:
    return project / ".cache" / "rules" / verdicts.CACHE_FILE


def remembered_then_cold(project: Path) -> tuple[list[str], list[str]]:
    """The problems of a check with the verdicts remembered so far, then of a cold check."""
    assert cache_file(project).is_file()
    remembered = [str(p) for p in check(project)]
    shutil.rmtree(project / ".cache" / "rules")
    cold = [str(p) for p in check(project)]
    return remembered, cold


@pytest.fixture
def checked_files(monkeypatch) -> list[Path]:
    """The files the content rules read and judge afresh (not from a remembered verdict)."""
    seen: list[Path] = []
    original = passaparola.rules.check_file

    def counting(path, context, documents=None):
        seen.append(path)
        return original(path, context, documents)

    monkeypatch.setattr(passaparola.rules, "check_file", counting)
    return seen


def test_a_second_check_judges_again_only_the_file_that_changed(project_copy, checked_files):
    first = [str(p) for p in check(project_copy)]
    assert len(checked_files) > 20
    checked_files.clear()
    path = project_copy / TIP
    path.write_text(path.read_text(encoding="utf-8") + "\nUna riga in più.\n", encoding="utf-8")
    assert [str(p) for p in check(project_copy)] == first
    assert checked_files == [path]


def delete_the_curls_tip(project: Path) -> None:
    (project / "content/tips/ricci-senza-crespo.md").unlink()
    (project / "content/tips/ricci-senza-crespo.en.md").unlink()


@pytest.mark.parametrize(("link", "expected"), [
    ("{filename}/tips/ricci-senza-crespo.md", "con-link.md:5: body: il collegamento "
     "'{filename}/tips/ricci-senza-crespo.md' punta a un file che non esiste"),
    ("/consigli/ricci-senza-crespo/", "con-link.md:5: body: il link "
     "'/consigli/ricci-senza-crespo/' porta a una pagina"),
], ids=["filename-link", "hand-written-address"])
def test_a_link_to_a_deleted_tip_is_reported_by_the_next_check(project_copy, link, expected):
    write(project_copy, "content/tips/con-link.md", "Title: Con link\nDate: 2026-05-01\n"
          f"Summary: x\n\nVedi [i ricci]({link}).\n")
    assert not [p for p in check(project_copy) if p.path.endswith("con-link.md")]
    delete_the_curls_tip(project_copy)
    remembered, cold = remembered_then_cold(project_copy)
    assert any(expected in line for line in cold), cold
    assert remembered == cold


def test_a_slug_another_file_takes_is_reported_on_both_files(project_copy):
    check(project_copy)
    path = project_copy / "content/pages/contatti.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Slug: contatti\n", "Slug: chi-siamo\n"),
                    encoding="utf-8")
    remembered, cold = remembered_then_cold(project_copy)
    clashes = [line for line in cold if "Slug: chi-siamo-2" in line]
    assert {line.split(":")[0] for line in clashes} == {"content/pages/chi-siamo.md",
                                                        "content/pages/contatti.md"}
    assert remembered == cold


def test_a_translation_whose_original_is_removed_is_reported(project_copy):
    check(project_copy)
    (project_copy / "content/tips/colore-che-dura.md").unlink()
    remembered, cold = remembered_then_cold(project_copy)
    assert any(line.startswith("content/tips/colore-che-dura.en.md:3: Translation-of: ")
               for line in cold), cold
    assert remembered == cold


def test_a_photo_deleted_from_the_images_folder_is_reported_where_it_is_shown(project_copy):
    write(project_copy, "content/tips/con-foto.md",
          "Title: Con foto\nDate: 2026-05-01\nSummary: x\n\n"
          "![Mare d'estate](images/tips/sole-e-mare.jpg)\n")
    check(project_copy)
    (project_copy / "content/images/tips/inverno.jpg").unlink()
    (project_copy / "content/images/tips/sole-e-mare.jpg").unlink()
    remembered, cold = remembered_then_cold(project_copy)
    assert any(line.startswith(f"{TIP}:6: Image: 'images/tips/inverno.jpg' non esiste")
               for line in cold), cold
    assert any(line.startswith("content/tips/con-foto.md:5: body: l'immagine "
                               "'images/tips/sole-e-mare.jpg' non esiste") for line in cold), cold
    assert remembered == cold


def set_limit(project: Path, limit: int) -> None:
    conf = project / "pelicanconf.py"
    lines = [line for line in conf.read_text(encoding="utf-8").splitlines()
             if not line.startswith("MAX_CONTENT_BYTES = ")]
    conf.write_text("\n".join([*lines, f"MAX_CONTENT_BYTES = {limit}"]) + "\n", encoding="utf-8")


@pytest.mark.parametrize("written_before", [False, True])
def test_a_setting_the_rules_read_changes_the_verdict(project_copy, written_before):
    size = (project_copy / TIP).stat().st_size
    if written_before:
        set_limit(project_copy, size * 10)
    check(project_copy)
    set_limit(project_copy, size - 1)
    remembered, cold = remembered_then_cold(project_copy)
    assert any(line.startswith(f"{TIP}:1: file: ") and str(size) in line for line in cold), cold
    assert remembered == cold


def test_a_change_to_the_rules_code_judges_every_file_again(project_copy, checked_files,
                                                            tmp_path, monkeypatch):
    code = tmp_path / "code"
    code.mkdir()
    (code / "rule.py").write_text("LIMIT = 1\n", encoding="utf-8")
    monkeypatch.setattr(verdicts, "CODE_FOLDERS", (code,))
    check(project_copy)
    judged = len(checked_files)
    assert judged > 20
    check(project_copy)
    assert len(checked_files) == judged  # nothing changed: nothing judged again
    (code / "rule.py").write_text("LIMIT = 2\n", encoding="utf-8")
    check(project_copy)
    assert len(checked_files) == 2 * judged


def test_a_damaged_cache_file_is_ignored(project_copy):
    cold = [str(p) for p in check(project_copy)]
    cache_file(project_copy).write_bytes(b"not a pickle")
    assert [str(p) for p in check(project_copy)] == cold


def test_a_verdict_made_from_the_settings_as_a_whole_is_not_remembered(tmp_path):
    """A rule that reads every setting could depend on any of them: its verdict is not kept."""
    from passaparola.rules import CheckContext

    content = tmp_path / "content"
    tip = write(tmp_path, "content/tips/uno.md", "Title: Uno\nDate: 2026-05-01\n\nTesto.\n")
    context = CheckContext(content_dir=content, settings={"SITEURL": ""},
                           cache_dir=tmp_path / "cache")
    judged: list[Path] = []

    def reading_one(path, checking, documents):
        judged.append(path)
        return [] if checking.settings.get("SITEURL") is None else []

    def reading_all(path, checking, documents):
        judged.append(path)
        return [] if dict(checking.settings) else []

    for rule in (reading_one, reading_one):
        verdicts.file_verdicts([tip], context, rule)
    assert judged == [tip]  # remembered after the first check
    shutil.rmtree(tmp_path / "cache")
    for rule in (reading_all, reading_all):
        verdicts.file_verdicts([tip], context, rule)
    assert judged == [tip, tip, tip]  # never remembered


def test_the_path_shown_for_a_file_is_the_one_the_rules_show(project_copy):
    """Files through a symbolic link (a folder or the file itself) are shown by their real path."""
    from passaparola.build.driver import check_context, load_settings
    from passaparola.rules import content_files

    content = project_copy / "content"
    (content / "tips" / "alias.md").symlink_to(content / "tips" / "shampoo-secco.md")
    (content / "pages" / "altre").symlink_to(content / "tips", target_is_directory=True)
    context = check_context(load_settings(project_copy), project_copy)
    files = content_files(context)
    shown = {verdicts.shown_path(path, context) for path in files}
    assert "content/tips/shampoo-secco.md" in shown
    assert not any(name.startswith("content/pages/altre") for name in shown)
    assert len(files) > 20
    assert [verdicts.shown_path(path, context) for path in files] == [
        context.display_path(path) for path in files]
