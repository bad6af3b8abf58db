"""`invoke check` and `invoke build` report the same problems, with the same words.

A corpus of the owner's real mistakes is put into one copy of the demo, and both commands run
for real: every problem the build refuses must be listed by `check` first, with the same file,
line, field and message, in Italian; and each broken file must be among them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.workflow_support import run_task, write

PROBLEM_LINE = re.compile(r"^\s*(content/[^:]+):(\d+): ([^:]+): (.+)$")


def corpus(project: Path) -> list[str]:
    """Break the copy in every way the owner did; returns the files each problem must name."""
    tips = project / "content" / "tips"
    first_tip = sorted(tips.glob("*.md"))[0].read_text(encoding="utf-8")
    photo = sorted((project / "content" / "images" / "tips").glob("*.jpg"))[0]
    tip = "Title: {title}\nDate: 2026-06-01\nSummary: Prova.\n{extra}\nUn testo vero.\n{body}\n"
    broken = {
        "content/tips/salvato-dal-telefono.txt": tip.format(title="Dal telefono", extra="", body=""),
        "content/tips/salvato.md.txt": tip.format(title="Da Windows", extra="", body=""),
        "content/tips/MAIUSCOLO.MD": tip.format(title="Maiuscolo", extra="", body=""),
        "content/tips/data-sbagliata.md": tip.format(title="Data", extra="", body="").replace(
            "2026-06-01", "2026-13-45"),
        "content/tips/foto-mancante.md": tip.format(
            title="Foto mancante", extra="", body="![Prima e dopo](images/tips/non-ce.jpg)"),
        "content/tips/foto-rotta.md": tip.format(
            title="Foto rotta", extra="Image: images/tips/rotta.jpg\nImage_alt: Una foto\n", body=""),
        "content/tips/doppione.md": first_tip.replace("Date:", "Modified: 2027-01-01\nDate:", 1),
        "content/images/tips/IMG_0420.HEIC": "ftypheic",
        "content/images/tips/appunti.txt": "da fare",
        # Her page "Eventi" over the events section: once caught by the build alone.
        "content/pages/eventi.md": "Title: Eventi\nSummary: I nostri eventi.\n\nGli eventi del salone.\n",
    }
    for relative, text in broken.items():
        write(project, relative, text)
    (project / "content" / "images" / "tips" / "rotta.jpg").write_bytes(photo.read_bytes()[:4000])
    shutil.copy(photo, project / "content" / "images" / "tips" / "IMG 1234.JPG")
    example = run_task(project, "new-tip", "Esempio dimenticato")
    assert example.returncode == 0, example.stderr
    review = run_task(project, "new-review", "--reviewer", "Giorgia Verdi", "--rating", "5")
    assert review.returncode == 0, review.stderr
    review_file = project / review.stdout.strip()
    header, _example = review_file.read_text(encoding="utf-8").split("\n\n", 1)
    review_file.write_text(header.replace("Reply:", "Reply: Grazie Giorgia!") + "\n\nBravissimi.\n",
                           encoding="utf-8")
    return sorted(broken) + [example.stdout.strip(), review.stdout.strip()]


def problem_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if PROBLEM_LINE.match(line)]


def test_check_reports_first_everything_the_build_refuses_with_the_same_words(project_copy):
    named = corpus(project_copy)

    checked = run_task(project_copy, "check")
    built = run_task(project_copy, "build")

    assert checked.returncode == 1 and built.returncode == 1
    errors_section = checked.stdout.split("\n\n")[0]
    check_errors = problem_lines(errors_section)
    build_errors = problem_lines(built.stderr)
    assert check_errors, checked.stdout
    assert sorted(build_errors) == sorted(check_errors)
    assert not (project_copy / "output").exists()
    named_by_check = {PROBLEM_LINE.match(line).group(1) for line in check_errors}
    missing = [path for path in named if path not in named_by_check]
    assert missing == [], checked.stdout
    # The tip pointing at the broken photo is named, at its Image line, not the photo itself.
    assert any(line.startswith("content/tips/foto-rotta.md:4: Image: l'immagine") for line in check_errors)
    # Pelican's own English lines never reach the owner.
    assert "pelican" not in built.stderr.lower() and "There are" not in built.stderr
