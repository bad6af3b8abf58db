"""Builds are reproducible, atomic under SIGKILL, contained in the project, and drop nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from passaparola.build.driver import BuildFailed, build
from passaparola.dev.synthetic import write_tips
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


def test_sigkill_at_any_moment_leaves_the_previous_site_whole(tmp_path):
    project = copy_project(tmp_path / "project")
    write_tips(project / "content", 150)
    good = build(project, force=True)
    expected = tree_hashes(good.output_dir)

    command = [sys.executable, "-m", "passaparola", "build", "--force", "--project", str(project)]
    durations = []
    for _run in range(2):  # the shorter of two runs, so that most kills land inside a build
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=project)
        durations.append(time.perf_counter() - started)
    duration = min(durations)
    expected = tree_hashes(good.output_dir)  # the timed builds rewrote the same bytes

    rng = random.Random(20261125)
    kills = 0
    for _attempt in range(20):
        process = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.02, 0.9) * duration)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        assert tree_hashes(good.output_dir) == expected
    print(f"kill test: {kills} of 20 builds killed mid-build (build takes {duration:.1f} s), "
          "output unchanged after every kill")
    assert kills >= 10, f"only {kills} of 20 builds were still running when killed"
    # The killed builds' pool workers (images, reading) ended with them.
    deadline = time.monotonic() + 10
    while processes_using(project) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_using(project) == []
    # The next build cleans what the killed ones left beside output/.
    build(project, force=True)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".output")) == []


def test_a_content_file_over_the_size_limit_fails_naming_it(project_copy):
    (project_copy / "content/tips/enorme.md").write_text(
        "Title: Enorme\nDate: 2026-05-01\nSummary: x\n\n" + "parola " * 200_000, encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"content/tips/enorme.md:1: file: .*1000000"):
        build(project_copy)
