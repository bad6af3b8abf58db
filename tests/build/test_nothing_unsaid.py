"""Nothing the owner puts in content/ vanishes without a word, and no example text is published.

Each test makes the owner's own mistake in a copy of the demo (a tip saved as ``.txt`` by a phone
editor, ``.MD`` by Windows, a HEIC photo, the example line of `invoke new-tip` left in place) and
runs the real `invoke check` and `invoke build`: both must name the file, the line and the fix,
with the same words, and the build must leave no site behind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.workflow_support import run_task, write

TIP = "Title: Capelli al mare\nDate: 2026-06-01\nSummary: Sole e sale.\n\nUn testo vero.\n"


def check_and_build(project: Path) -> tuple[str, str]:
    """What `invoke check` and `invoke build` print; both must fail."""
    checked = run_task(project, "check")
    built = run_task(project, "build")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert built.returncode == 1, built.stdout + built.stderr
    assert not (project / "output").exists()
    return checked.stdout, built.stderr


@pytest.mark.parametrize(("name", "renamed"), [
    ("capelli-al-mare.txt", "capelli-al-mare.md"),
    ("capelli-al-mare.md.txt", "capelli-al-mare.md"),
    ("Capelli al mare.MD", "Capelli al mare.md"),
    ("capelli-al-mare.Markdown", "capelli-al-mare.md"),
])
def test_a_tip_saved_with_an_extension_the_build_does_not_read_is_an_error_saying_how_to_rename_it(
        project_copy, name, renamed):
    write(project_copy, f"content/tips/{name}", TIP)

    checked, built = check_and_build(project_copy)

    line = (f"content/tips/{name}:1: file: non viene letto dalla generazione del sito, che legge "
            f"solo i file che finiscono in .md: rinominalo in {renamed}")
    assert line in checked and line in built


def test_files_in_content_that_are_no_content_photo_or_link_are_reported_by_check_and_build(
        project_copy):
    write(project_copy, "content/images/tips/IMG_1234.HEIC", "not really a photo")
    write(project_copy, "content/images/tips/appunti.txt", "da fare")
    write(project_copy, "content/listino.pdf", "%PDF-1.4")
    write(project_copy, "content/files/linked.pdf", "%PDF-1.4")
    tip = project_copy / "content/tips/shampoo-secco.md"
    tip.write_text(tip.read_text(encoding="utf-8") + "\n[Il listino]({static}/files/linked.pdf)\n",
                   encoding="utf-8")

    checked, built = check_and_build(project_copy)

    for expected in (
            "content/images/tips/IMG_1234.HEIC:1: file: è una foto HEIC, che il sito non può "
            "pubblicare: salvala come JPEG",
            "content/images/tips/appunti.txt:1: file: non è una foto che il sito pubblica",
            "content/listino.pdf:1: file: non viene letto dalla generazione del sito"):
        assert expected in checked and expected in built
    assert "linked.pdf" not in checked + built


def test_a_file_the_system_made_is_a_warning_and_the_site_still_builds(project_copy):
    write(project_copy, "content/tips/Thumbs.db", "\0\0")

    checked = run_task(project_copy, "check")
    built = run_task(project_copy, "build")

    warning = "content/tips/Thumbs.db:1: file: è un file creato dal computer da solo"
    assert checked.returncode == 0 and warning in checked.stdout
    assert built.returncode == 0 and warning in built.stdout


@pytest.mark.parametrize("command", [
    ("new-tip", "Frangia fai da te"),
    ("new-event", "Serata trecce", "--start", "2027-03-04 19:00"),
    ("new-review", "--reviewer", "Rita Neri", "--rating", "5"),
])
def test_the_example_text_of_a_new_file_left_untouched_is_an_error_naming_file_and_line(
        project_copy, command):
    done = run_task(project_copy, *command)
    assert done.returncode == 0, done.stderr
    relative = done.stdout.strip()
    lines = (project_copy / relative).read_text(encoding="utf-8").splitlines()
    example_line = lines.index("") + 2  # the first line after the blank line ending the header

    checked, built = check_and_build(project_copy)

    expected = (f"{relative}:{example_line}: body: è ancora il testo di esempio del file nuovo: "
                "sostituiscilo con le tue parole")
    assert expected in checked and expected in built


def test_markup_the_sanitiser_removes_is_a_warning_naming_the_line_in_check_and_build(project_copy):
    tip = sorted((project_copy / "content" / "tips").glob("*.md"))[0]
    pasted = ['<iframe src="https://www.youtube.com/embed/abc123" width="560"></iframe>',
              '<p style="color: red" onclick="track()">Offerta</p>',
              "<script>alert('ciao')</script>",
              "Nel codice `<script>` resta testo."]
    text = tip.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "\n\n".join(pasted) + "\n"
    tip.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    relative = tip.relative_to(project_copy)

    checked = run_task(project_copy, "check")
    built = run_task(project_copy, "build")

    assert checked.returncode == 0 and built.returncode == 0, built.stderr
    expected = [
        f"{relative}:{lines.index(pasted[0]) + 1}: body: il <iframe> viene tolto",
        f'{relative}:{lines.index(pasted[1]) + 1}: body: l\'attributo onclick="..." di <p> viene tolto',
        f'{relative}:{lines.index(pasted[1]) + 1}: body: l\'attributo style="..." di <p> viene tolto',
        f"{relative}:{lines.index(pasted[2]) + 1}: body: il tag <script> viene tolto",
    ]
    for line in expected:
        assert line in checked.stdout and line in built.stdout, line
    assert f"{relative}:{lines.index(pasted[3]) + 1}:" not in checked.stdout
    published = "".join(p.read_text(encoding="utf-8")
                        for p in (project_copy / "output" / "consigli").glob("*/index.html"))
    assert "youtube.com/embed" not in published and "track()" not in published
