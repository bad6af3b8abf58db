"""The image stage of a cold build alone, with a given number of encoding processes.

``measure_image_stage(project, workers)`` answers the issue's "image stage ≥ 1.7× faster on 2
cores than on 1": in a fresh child process it reads the project's content as a build does, runs
the images plugin's own stage (``process_images``, at Pelican's ``all_generators_finalized``)
with ``IMAGES_WORKERS = workers`` into an empty image cache, and stops before any page is
written. The times are those the plugin measures around its stage (wall and CPU, its worker
processes included), so reading the content is not counted.

Nothing is written in the project: the image cache and the copies go to a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any


class _StageDone(Exception):
    """Raised where Pelican would start writing pages: the image stage is over."""


def run_image_stage(project: Path, workers: int, scratch: Path) -> dict[str, Any]:
    """Read the content of ``project`` and run only the image stage, cold, in this process.

    Returns the images plugin's report (``encoded``, ``images``, ``cards``, ``seconds``,
    ``cpu_seconds``, ...). Meant for a fresh process: Pelican's plugins stay loaded after it.
    """
    from pelican import Pelican

    from passaparola.build.driver import load_settings

    cache = scratch / "cache"
    overrides = {"IMAGES_WORKERS": workers, "IMAGES_CACHE_PATH": str(cache),
                 "OUTPUT_PATH": str(scratch / "output"), "DELETE_OUTPUT_DIRECTORY": False}
    settings = load_settings(project, overrides=overrides)

    class ImagesOnly(Pelican):
        """Pelican up to the end of ``all_generators_finalized``, where the images are made."""

        def _get_writer(self):
            raise _StageDone

    cwd = os.getcwd()
    os.chdir(project)
    try:
        ImagesOnly(settings).run()
    except _StageDone:
        pass
    finally:
        os.chdir(cwd)
    from plugins.images.images import REPORT_FILE  # where the images plugin names its report

    report = cache / REPORT_FILE
    if not report.is_file():
        raise RuntimeError(f"the images plugin did not run on {project} (is it in PLUGINS?)")
    return json.loads(report.read_text(encoding="utf-8"))


def measure_image_stage(project: Path, workers: int) -> dict[str, Any]:
    """The image stage of ``project``, cold, with ``workers`` processes, in a fresh child process.

    Returns ``workers``, ``seconds`` (the stage's wall time), ``cpu_seconds`` (the stage's CPU
    time, workers included), ``encoded`` (files encoded), ``images``, ``cards``, ``jobs``,
    ``process_seconds`` (the whole child, reading included) and ``peak_rss_mb``.
    """
    from passaparola.dev.bench.measure import run_child

    project = Path(project).resolve()
    with tempfile.TemporaryDirectory(prefix="passaparola-image-stage-") as scratch:
        output = Path(scratch) / "stage.json"
        process_seconds, rss, _text = run_child(
            [sys.executable, "-m", "passaparola.dev.bench.image_stage", "--project", str(project),
             "--workers", str(workers), "--scratch", scratch, "--report", str(output)],
            cwd=Path(__file__).resolve().parents[3])
        report = json.loads(output.read_text(encoding="utf-8"))
    return {"workers": workers, "seconds": report["seconds"], "cpu_seconds": report["cpu_seconds"],
            "encoded": report["encoded"], "images": report["images"], "cards": report["cards"],
            "jobs": report.get("jobs"), "process_seconds": round(process_seconds, 3),
            "peak_rss_mb": round(rss, 1)}


def image_stage_rows(project: Path, items: int, runs: int = 1,
                     worker_counts: tuple[int, ...] = (1, 2)) -> dict[str, Any]:
    """Rows for the benchmark table: the image stage alone with each number of workers.

    Each row is the median of ``runs`` measurements, taken in turns (1, 2, 1, 2...) so that a
    busy moment of a shared machine does not fall on one worker count only.
    """
    from passaparola.dev.bench.measure import Measure

    found: dict[int, list[dict[str, Any]]] = {workers: [] for workers in worker_counts}
    for _ in range(runs):
        for workers in worker_counts:
            found[workers].append(measure_image_stage(project, workers))
    rows = {}
    for workers, measures in found.items():
        seconds = [m["seconds"] for m in measures]
        median = sorted(measures, key=lambda m: m["seconds"])[(len(measures) - 1) // 2]
        rows[f"image_stage_{workers}"] = Measure(
            name=f"image stage alone, cold, {workers} worker{'s' if workers > 1 else ''}",
            seconds=statistics.median(seconds), runs=seconds,
            peak_rss_mb=max(m["peak_rss_mb"] for m in measures), items=items,
            images_encoded=median["encoded"],
            note=f"{median['cpu_seconds']:.1f} s CPU; {median['images']} images, "
                 f"{median['cards']} cards")
    return rows


def image_stage_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's "image stage ≥ 1.7× faster on 2 cores than on 1", from ``image_stage_rows``."""
    one, two = results.get("image_stage_1"), results.get("image_stage_2")
    speedup = one.seconds / two.seconds if one and two and two.seconds else None
    return [{"target": "image stage 2 cores vs 1 ≥ 1.7×", "unit": "×", "limit": 1.7,
             "measured": None if speedup is None else round(speedup, 3),
             "met": None if speedup is None else speedup >= 1.7}]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m passaparola.dev.bench.image_stage",
                                     description="Run the image stage alone (a child process).")
    parser.add_argument("--project", required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--scratch", required=True)
    parser.add_argument("--report", required=True)
    args = parser.parse_args(argv)
    report = run_image_stage(Path(args.project).resolve(), args.workers, Path(args.scratch))
    Path(args.report).write_text(json.dumps(report, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
