"""``python -m passaparola.dev.bench``: the whole bench for one item count, or one child build."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from passaparola.dev.bench.measure import (
    EDIT_TIP_INDEX,
    PROJECT,
    Measure,
    copy_project,
    one_language,
)
from passaparola.dev.synthetic import Corpus, write_corpus


def _say(what: str) -> None:
    print(f"[bench] {what}", flush=True)


# What ``--only text`` leaves out: the rows that encode images or drive a browser, which take most
# of a large run (Hugo's image row alone is minutes per hundred photos).
TEXT_ROWS_ONLY = "text"


def _rivals(root: Path, project: Path, corpus: Corpus, runs: int, figures: dict[str, Any],
            plain: bool, hugo: bool, hugo_images: bool = True) -> dict[str, Measure]:
    """Plain Pelican and Hugo rows; why a Hugo row is missing goes into ``figures``."""
    from passaparola.dev.bench.rivals import (
        measure_hugo,
        measure_hugo_images,
        measure_plain_pelican,
    )

    results: dict[str, Measure] = {}
    if plain:
        _say("plain Pelican")
        results.update(measure_plain_pelican(root, corpus, runs))
    if not hugo:
        return results
    _say("Hugo, text and images")
    from passaparola.build.driver import load_settings
    from plugins.images.workers import photo_spec  # the widths and qualities our images use

    measured = [("hugo", measure_hugo(root, corpus, runs))]
    if hugo_images:
        measured.append(("hugo_images", measure_hugo_images(root, corpus, runs,
                                                            photo_spec(load_settings(project)))))
    for key, found in measured:
        if isinstance(found, str):
            figures[key] = found
        else:
            results.update(found)
    return results


def _floors(root: Path, project: Path, runs: int, figures: dict[str, Any]) -> dict[str, Measure]:
    """Start-up and the search index alone, on the site the one-edit rows have just built."""
    from passaparola.dev.bench.floors import measure_search_index, measure_start_up

    _say("floors: start-up and the search index alone")
    results = {"start_up": measure_start_up(project, runs)}
    search = measure_search_index(project, root / "search-alone", runs)
    if isinstance(search, str):
        figures["search_index"] = search
    else:
        results["search_index"] = search
    return results


def measure_all(root: Path, project: Path, corpus: Corpus, runs: int, figures: dict[str, Any],
                plain: bool, hugo: bool, only: str | None = None) -> dict[str, Measure]:
    """Every row of the table, in the order of the report (``only="text"``: no image stage,
    preview or Hugo image rows)."""
    from passaparola.dev.bench.image_stage import image_stage_rows
    from passaparola.dev.bench.ours import measure_ours, measure_two_languages
    from passaparola.dev.bench.preview import measure_preview

    _say("our build")
    results = measure_ours(project, corpus, runs)
    results.update(_floors(root, project, runs, figures))
    _say("the same site in two languages")
    results.update(measure_two_languages(root / "two-languages", project, corpus, runs))
    if only != TEXT_ROWS_ONLY:
        _say("image stage alone, 1 and 2 workers")
        results.update(image_stage_rows(project, corpus.items, runs))
        _say("preview loop")
        results.update(measure_preview(project, corpus, runs))
    results.update(_rivals(root, project, corpus, runs, figures, plain, hugo,
                           hugo_images=only != TEXT_ROWS_ONLY))
    if only:
        figures["only"] = only
    return results


def run(items: int, runs: int, output_dir: Path, profile: bool = True, keep: bool = False,
        hugo: bool = True, plain: bool = True, only: str | None = None) -> dict[str, Any]:
    """The whole benchmark for ``items`` content items; returns the figures (also written)."""
    from passaparola.dev.bench.profile import profile_build
    from passaparola.dev.bench.report import machine, write_reports
    from passaparola.dev.bench.targets import targets

    started = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix=f"passaparola-bench-{items}-"))
    try:
        project = copy_project(root / "project")
        one_language(project)
        _say(f"writing the corpus of {items} items into {project}")
        corpus = write_corpus(project / "content", items)
        figures: dict[str, Any] = {
            "items": items, "runs": runs, "machine": machine(),
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "corpus": {"tips": len(corpus.tips), "events": len(corpus.events),
                       "testimonials": len(corpus.testimonials), "images": len(corpus.images)},
        }
        results = measure_all(root, project, corpus, runs, figures, plain, hugo, only)
        figures["results"] = {key: {**asdict(m), "ms_per_item": round(m.ms_per_item, 2)}
                              for key, m in results.items()}
        if profile:
            _say("profiles")
            figures["profile_one_edit"] = profile_build(project, root / "edit.prof",
                                                        corpus.tips[EDIT_TIP_INDEX])
            figures["profile_cold"] = profile_build(project, root / "cold.prof", None)
        figures["targets"] = targets(results)
        figures["bench_seconds"] = round(time.perf_counter() - started, 1)
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    write_reports(figures, output_dir)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m passaparola.dev.bench")
    sub = parser.add_subparsers(dest="command", required=True)
    bench = sub.add_parser("run")
    bench.add_argument("--items", type=int, default=1000)
    bench.add_argument("--runs", type=int, default=3)
    bench.add_argument("--output", default=str(PROJECT / "docs"))
    bench.add_argument("--no-profile", action="store_true")
    bench.add_argument("--no-hugo", action="store_true")
    bench.add_argument("--keep", action="store_true", help="keep the temporary project")
    bench.add_argument("--only", choices=[TEXT_ROWS_ONLY],
                       help="only the text rows: no image stage, preview or Hugo image rows")
    child = sub.add_parser("child-build")
    child.add_argument("--project", required=True)
    child.add_argument("--report", required=True)
    child.add_argument("--force", action="store_true")
    child.add_argument("--no-cache", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "child-build":
        from passaparola.dev.bench.ours import child_build
        child_build(args)
        return 0
    from passaparola.dev.bench.report import verdict

    figures = run(args.items, args.runs, Path(args.output), profile=not args.no_profile,
                  keep=args.keep, hugo=not args.no_hugo, only=args.only)
    for row in figures["targets"]:
        print(verdict(row))
    return 0
