"""The content rules checked while Pelican builds: the owner sees exactly what she saw before.

The build forks the rules into a child process and runs Pelican meanwhile
(:mod:`passaparola.build.rules_alongside`). A content error must still fail the build with the
rules' own problems (the same as ``check``), whatever Pelican made of the bad file meanwhile;
the published site and the content folder stay as they were; the rules' verdict cache is written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pelican import signals

from passaparola.build import rules_alongside
from passaparola.build.driver import BuildFailed, build, check, check_context, load_settings
from tests.feeds_support import connected
from tests.support import PROJECT, tree_hashes

BAD_DATE_TIP = """Title: Frangia a tendina
Date: 2026-13-45 10:00
Tags: frangia
Summary: Come portarla.
Author: Giada Ferri

Una frangia leggera.
"""

NEW_EVENT = """Title: Serata trecce
Date: 2026-11-24 11:00
Summary: Impariamo le trecce insieme.
Tags: trecce, incontri
Event-start: 2031-03-10 18:00
Event-duration: 2h
Event-location: Salone Ciocche Ribelli, Via del Pratello 41/B, 40122 Bologna
Event-price: 0

Porta la tua spazzola.
"""


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".output"))


def break_content(project: Path) -> Path:
    tip = project / "content" / "tips" / "frangia-tendina.md"
    tip.write_text(BAD_DATE_TIP, encoding="utf-8")
    return tip


def in_a_fresh_process(scenario: str, project: Path) -> None:
    """Run ``scenario(project)`` (a function of this module) in a new Python process.

    `make build` runs in a process of its own, with one thread: the rules are forked only then.
    A test worker may be running other threads (a server another test's fixture started), so the
    scenarios that need the fork run where a build really runs.
    """
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         f"from tests.build.test_rules_alongside import {scenario}; {scenario}(Path(sys.argv[1]))",
         str(project)], cwd=PROJECT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr


def rules_in_a_child_process(project: Path) -> None:
    break_content(project)
    settings = load_settings(project)
    verdict = rules_alongside.RulesVerdict(check_context(settings, project))
    child = verdict._pid
    assert child, "a build in a single-threaded process checks the rules in a child process"
    assert verdict.problems() == check(project)
    assert verdict.errors(), "the bad date is an error"
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # ended and reaped


def test_the_rules_run_in_a_child_process_that_gives_checks_answer(project_copy):
    in_a_fresh_process("rules_in_a_child_process", project_copy)


def test_a_content_error_fails_the_build_with_the_rules_problems_and_keeps_output(project_copy):
    good = build(project_copy)
    before = tree_hashes(good.output_dir)
    assert before, "the first build wrote the site"
    break_content(project_copy)
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    expected = [p for p in check(project_copy) if p.level == "error"]
    assert expected, "check finds the bad date"
    assert failure.value.problems == expected
    assert [p.path for p in failure.value.problems] == ["content/tips/frangia-tendina.md"]
    assert tree_hashes(good.output_dir) == before
    assert leftovers(project_copy) == []
    assert (project_copy / ".cache" / "rules" / "verdicts.pickle").is_file()


def test_pelican_crashing_on_the_bad_file_is_not_what_the_owner_reads(project_copy):
    in_a_fresh_process("pelican_crashing_on_the_bad_file", project_copy)


def pelican_crashing_on_the_bad_file(project_copy: Path) -> None:
    good = build(project_copy)
    before = tree_hashes(good.output_dir)
    break_content(project_copy)
    crashes = []

    def crash(*_args, **_kwargs) -> None:
        crashes.append(1)
        raise RuntimeError("Pelican fell over the bad file")

    # Pelican itself skips a file with a bad date; make its run crash instead, on the first
    # object it makes, as it would on a file it cannot handle.
    with connected(signals.content_object_init, crash), pytest.raises(BuildFailed) as failure:
        build(project_copy)
    assert crashes, "Pelican's run did crash"
    assert failure.value.problems == [p for p in check(project_copy) if p.level == "error"]
    assert all("fell over" not in p.message for p in failure.value.problems)
    assert tree_hashes(good.output_dir) == before
    assert leftovers(project_copy) == []


def test_nothing_outside_the_staging_folder_is_written_before_the_rules_pass(project_copy):
    """The events' calendar versions (content/events/) are written after the rules' verdict,
    even when the rules answer only once Pelican has written every article."""
    in_a_fresh_process("nothing_written_outside_before_the_rules_pass", project_copy)


def nothing_written_outside_before_the_rules_pass(project_copy: Path) -> None:
    good = build(project_copy)
    before = tree_hashes(good.output_dir)
    sequences = project_copy / "content" / "events" / "sequence.json"
    recorded = sequences.read_bytes()
    (project_copy / "content" / "events" / "serata-trecce.md").write_text(NEW_EVENT, encoding="utf-8")
    break_content(project_copy)
    articles_written = project_copy / ".articles-written"
    real_check = rules_alongside.check_content

    def slow_check(context):
        # In the child: answer only once the parent's Pelican has written the articles.
        deadline = time.monotonic() + 120
        while not articles_written.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        return real_check(context)

    def mark(*_args, **_kwargs) -> None:
        articles_written.touch()

    rules_alongside.check_content = slow_check  # a process of its own: nothing to put back
    with connected(signals.article_writer_finalized, mark), pytest.raises(BuildFailed) as failure:
        build(project_copy)
    assert articles_written.exists(), "Pelican wrote the articles before the rules answered"
    assert [p.path for p in failure.value.problems] == ["content/tips/frangia-tendina.md"]
    assert sequences.read_bytes() == recorded
    assert tree_hashes(good.output_dir) == before
    assert leftovers(project_copy) == []


def test_in_a_process_with_threads_the_rules_run_first_and_pelican_never_starts(project_copy):
    """Forking beside other threads is unsafe (the preview's server has some): no child then,
    and the rules fail the build before Pelican reads anything, as they always did."""
    import threading

    break_content(project_copy)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    objects = []
    try:
        with connected(signals.content_object_init, lambda content: objects.append(content)), \
                pytest.raises(BuildFailed) as failure:
            build(project_copy)
    finally:
        release.set()
        other.join()
    assert failure.value.problems == [p for p in check(project_copy) if p.level == "error"]
    assert objects == []
    assert leftovers(project_copy) == []
