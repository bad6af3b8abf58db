"""Builds are reproducible, atomic under SIGKILL, contained in the project, and drop nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from passaparola.build.driver import BuildFailed, build
from passaparola.rules import CheckContext, content_files
from tests.support import PROJECT, copy_project, tree_hashes


def test_two_builds_in_different_folders_are_byte_identical(tmp_path):
    first = build(copy_project(tmp_path / "one"), force=True)
    second = build(copy_project(tmp_path / "two"), force=True)
    assert tree_hashes(first.output_dir) == tree_hashes(second.output_dir)
    for path in first.output_dir.rglob("*"):
        if path.is_file():
            assert str(tmp_path).encode() not in path.read_bytes(), path


def test_every_content_file_of_the_demo_is_published(tmp_path):
    result = build(copy_project(tmp_path / "project"), force=True)
    context = CheckContext(PROJECT / "content")
    expected = {p.relative_to(context.content_dir).as_posix() for p in content_files(context)}
    assert expected and set(result.fates) == expected
    assert set(result.fates.values()) == {"published"}


def test_drafts_and_hidden_pages_are_accounted_for_and_not_listed(project_copy):
    (project_copy / "content/tips/bozza.md").write_text(
        "Title: Bozza segreta\nDate: 2026-05-01\nStatus: draft\nSummary: x\n\nTesto.\n",
        encoding="utf-8")
    (project_copy / "content/pages/nascosta.md").write_text(
        "Title: Pagina nascosta\nStatus: hidden\n\nTesto.\n", encoding="utf-8")
    result = build(project_copy)
    assert result.fates["tips/bozza.md"] == "draft"
    assert result.fates["pages/nascosta.md"] == "hidden"
    assert "Bozza segreta" not in (result.output_dir / "consigli/index.html").read_text("utf-8")


def test_a_markdown_file_outside_the_content_folders_fails_the_build(project_copy):
    (project_copy / "content/smarrito.md").write_text("Title: Smarrito\n\nTesto.\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="content/smarrito.md:1: file:"):
        build(project_copy)


@pytest.mark.parametrize(("fields", "field"), [
    ("Slug: ../../fuori", "Slug"),
    ("Save_as: /etc/passwd", "Save_as"),
    ("Save_as: ../fuori/index.html", "Save_as"),
    ("URL: ../fuori/", "URL"),
    ("URL: javascript:alert(1)", "URL"),
    ("Save_as: https://altrove.example/x.html", "Save_as"),
    ("Image: ../../etc/hostname\nImage_alt: x", "Image"),
    ("Image: /etc/hostname\nImage_alt: x", "Image"),
    ("Image: {static}/../pelicanconf.py\nImage_alt: x", "Image"),
])
def test_paths_that_leave_the_project_fail_the_build(project_copy, fields, field):
    (project_copy / "content/tips/fuga.md").write_text(
        f"Title: Fuga\nDate: 2026-05-01\nSummary: x\n{fields}\n\nTesto.\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match=f"content/tips/fuga.md:[0-9]+: {field}:"):
        build(project_copy)


def test_body_links_and_symlinks_that_leave_content_fail_the_build(project_copy, tmp_path):
    (project_copy / "content/tips/link.md").write_text(
        "Title: Link\nDate: 2026-05-01\nSummary: x\n\n![foto]({static}/../../segreto.jpg)\n",
        encoding="utf-8")
    outside = tmp_path / "fuori.md"
    outside.write_text("Title: Fuori\nDate: 2026-05-01\n\nTesto.\n", encoding="utf-8")
    (project_copy / "content/tips/scorciatoia.md").symlink_to(outside)
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    message = str(failure.value)
    assert "content/tips/link.md:5: body:" in message
    assert "content/tips/scorciatoia.md:1: file:" in message


def processes_using(project: Path) -> list[int]:
    """Processes whose command line names the project (a build and its workers)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(project).encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def holds_a_lock(pid: int) -> bool:
    """Process ``pid`` holds an advisory lock (the build's on the spare: passaparola/build/spare.py)."""
    return any(line.split()[1] == "FLOCK" and line.split()[4] == str(pid)
               for line in Path("/proc/locks").read_text().splitlines() if len(line.split()) > 4)


def changed_since(folder: Path, since_ns: int) -> int:
    """How many files under ``folder`` were written (or linked) at or after ``since_ns``."""
    count = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                count += os.lstat(os.path.join(root, name)).st_ctime_ns >= since_ns
            except OSError:
                continue
    return count


def kill_when(command: list[str], project: Path, moment: Callable[[int], bool]) -> bool:
    """Start a build and SIGKILL it as soon as ``moment(pid)`` holds; True when it was killed
    there, False when the build ended first (the moment was too short to catch)."""
    process = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        while process.poll() is None:
            if moment(process.pid):
                os.kill(process.pid, signal.SIGKILL)
                break
            # Short enough to catch the swap's last instants, long enough to leave the build
            # its processor.
            time.sleep(0.001)
    finally:
        process.wait()
    return process.returncode == -signal.SIGKILL


def test_sigkill_while_writing_or_swapping_leaves_the_previous_site_whole(built_demo_copy):
    project = built_demo_copy  # the demo as built: its output/ is the previous site
    output, spare = project / "output", project / ".output.spare"
    build(project, force=True)  # the site it replaces becomes the spare the next builds write over
    expected = tree_hashes(output)
    published = sum(1 for path in output.rglob("*") if path.is_file())
    default_pages = sum(1 for path in output.rglob("*")
                        if path.is_file() and path.relative_to(output).parts[0] != "en")
    assert expected and published > default_pages > 0 and spare.is_dir()

    command = [sys.executable, "-m", "passaparola", "build", "--force", "--project", str(project)]

    # Each moment is watched for, not timed: the build is killed when the files show it there.
    # Each killed build leaves the spare as it was at that moment, for the next one to write over.
    def moments() -> dict[str, Callable[[int], bool]]:
        started = time.time_ns()
        published_folder = os.stat(output).st_ino
        return {
            "the spare is claimed and being prepared": holds_a_lock,
            "the first files of the default language are written into the spare":
                lambda pid: changed_since(spare, started) > 0,
            "half of the default language's files are written":
                lambda pid: changed_since(spare, started) >= default_pages // 2,
            "the second language's run is writing":
                lambda pid: changed_since(spare / "en", started) > 0,
            "the new site is swapped in, the previous one is the spare":
                lambda pid: os.stat(output).st_ino != published_folder,
        }

    for what in moments():
        # A moment may last a few hundredths of a second: a build may end before the watcher
        # sees it, so up to five builds are tried; the others are caught at once.
        assert any(kill_when(command, project, moments()[what]) for _attempt in range(5)), \
            f"no build was killed when {what}"
        assert tree_hashes(output) == expected, f"output/ changed: killed when {what}"

    # The killed builds' pool workers (images, reading) ended with them.
    deadline = time.monotonic() + 10
    while processes_using(project) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_using(project) == []
    # The next build writes over whatever the killed ones left, and leaves only the spare.
    result = build(project, force=True)
    assert tree_hashes(result.output_dir) == expected
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".output")) == \
        [".output.spare"]


def test_a_content_file_over_the_size_limit_fails_naming_it(project_copy):
    (project_copy / "content/tips/enorme.md").write_text(
        "Title: Enorme\nDate: 2026-05-01\nSummary: x\n\n" + "parola " * 200_000, encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"content/tips/enorme.md:1: file: .*1000000"):
        build(project_copy)
