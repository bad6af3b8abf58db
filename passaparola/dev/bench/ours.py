"""Our own builds of the corpus, each in a child process: cold, warm images, no change, edits.

The child (``python -m passaparola.dev.bench child-build``) runs one :func:`build` and writes its
figures to a JSON report the parent reads; the parent times it and takes its peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

from passaparola.dev.bench.measure import (
    EDIT_TIP_INDEX,
    Measure,
    clean_state,
    edit_tip,
    median_of,
    run_child,
)
from passaparola.dev.synthetic import Corpus, event_markdown


def images_cache_folder(project: Path) -> Path:
    """The images capability's cache folder in ``project``, as its settings say."""
    from passaparola.build.driver import load_settings
    from passaparola.settings import setting  # the images plugin's cache setting

    return project / setting(load_settings(project), "IMAGES_CACHE_PATH")


def images_report_file(project: Path) -> Path:
    """The report the images capability writes after each build that ran its stage."""
    from plugins.images import images  # where the capability names its report

    return images_cache_folder(project) / images.REPORT_FILE


def our_build(project: Path, name: str, items: int, *extra: str) -> Measure:
    """One build of our site in a child process."""
    report = project.parent / "build-report.json"
    command = [sys.executable, "-m", "passaparola.dev.bench", "child-build", "--project",
               str(project), "--report", str(report), *extra]
    seconds, rss, _ = run_child(command, cwd=project)
    data = json.loads(report.read_text(encoding="utf-8"))
    return Measure(name=name, seconds=seconds, runs=[seconds], peak_rss_mb=rss,
                   pages=data["pages"], files=data["files"], files_written=data["files_changed"],
                   pages_rendered=data["pages_rendered"], pages_reused=data["pages_reused"],
                   items=items, images_encoded=data.get("images_encoded"))


def cold_builds(project: Path, items: int, runs: int) -> dict[str, Measure]:
    """Cold with every cache gone, then cold with only the image cache kept (images encoded)."""
    colds = []
    for _ in range(runs):
        clean_state(project)
        colds.append(our_build(project, "cold build (no caches)", items))
    images = images_cache_folder(project)
    warm = []
    for _ in range(runs):
        clean_state(project, keep=images)
        warm.append(our_build(project, "cold build, images already encoded (image cache kept)",
                              items))
    return {"cold": median_of(colds), "cold_images_warm": median_of(warm)}


def rebuilds(project: Path, corpus: Corpus, runs: int) -> dict[str, Measure]:
    """No change, one tip's text edited, one event added: each after a complete build."""
    items = corpus.items
    # The events capability records each event's iCalendar SEQUENCE in content/events/ when events
    # are new: the first build after a cold one sees that change. Settle it before measuring.
    our_build(project, "settle", items)
    results = {"no_change": median_of([our_build(project, "no-change rebuild", items)
                                       for _ in range(runs)])}
    tip = corpus.tips[EDIT_TIP_INDEX]
    edits = []
    for run in range(runs):
        edit_tip(tip, run)
        edits.append(our_build(project, "one-edit rebuild (one tip's text)", items))
    results["one_edit"] = median_of(edits)
    added = []
    for run in range(runs):
        path = project / "content" / "events" / f"bench-new-{run}.md"
        path.write_text(event_markdown(90000 + run, random.Random(run)), encoding="utf-8")
        added.append(our_build(project, "one-new-event rebuild", items + run + 1))
    results["one_new"] = median_of(added)
    return results


def measure_ours(project: Path, corpus: Corpus, runs: int) -> dict[str, Measure]:
    """Cold, cold with images encoded, no-change, one-edit and one-new-event builds of our site."""
    return {**cold_builds(project, corpus.items, runs), **rebuilds(project, corpus, runs)}


def measure_two_languages(root: Path, project: Path, corpus: Corpus, runs: int
                          ) -> dict[str, Measure]:
    """The same corpus on the demo's own settings, two languages (no tip translated): a cold
    build with the images already encoded (the first project's image cache, linked), then one
    tip's text edited."""
    import shutil

    from passaparola.dev.bench.measure import copy_project
    from passaparola.dev.synthetic import write_corpus

    both = copy_project(root / "project")
    shared = images_cache_folder(project)
    write_corpus(both / "content", corpus.items)
    if shared.is_dir():
        target = both / shared.relative_to(project)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(shared, target, copy_function=os.link)
    items = corpus.items
    cold = our_build(both, "two languages: cold build, the one-language site's image cache kept", items)
    our_build(both, "settle", items)
    tip = both / corpus.tips[EDIT_TIP_INDEX].relative_to(project)
    edits = []
    for run in range(runs):
        edit_tip(tip, run)
        edits.append(our_build(both, "two languages: one-edit rebuild (one tip's text)", items))
    return {"two_languages_cold_images_warm": cold, "two_languages_one_edit": median_of(edits)}


def child_build(args: argparse.Namespace) -> None:
    """In the child process: one build, its figures written to ``args.report``."""
    from passaparola.build.driver import build

    started = time.time()
    project = Path(args.project)
    result = build(project, force=args.force, cache=not args.no_cache)
    images_report = images_report_file(project)
    images_encoded = None
    if images_report.is_file() and images_report.stat().st_mtime >= started:
        images_encoded = json.loads(images_report.read_text(encoding="utf-8")).get("encoded")
    elif result.up_to_date:
        images_encoded = 0
    Path(args.report).write_text(json.dumps({
        "images_encoded": images_encoded,
        "pages": result.pages_written, "files": result.files_written,
        "files_changed": result.files_changed, "pages_rendered": result.pages_rendered,
        "pages_reused": result.pages_reused, "up_to_date": result.up_to_date,
        "seconds": result.seconds}), encoding="utf-8")
