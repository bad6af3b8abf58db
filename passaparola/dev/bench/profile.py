"""Where the time of a build goes: cProfile of one build in a child process, summed by area.

The areas are told apart by the file each function is defined in (:data:`PROFILE_AREAS`).
cProfile sees only the main process: the image workers' time shows there as lock waiting.
"""

from __future__ import annotations

import pstats
import sys
from pathlib import Path
from typing import Any

from passaparola.dev.bench.measure import clean_state, edit_tip, run_child


def profile_build(project: Path, target: Path, edit: Path | None) -> list[dict[str, Any]]:
    """Profile one build with cProfile in a child process; the top functions by own time."""
    if edit is not None:
        edit_tip(edit, 99)
    else:
        clean_state(project)
    run_child([sys.executable, "-m", "cProfile", "-o", str(target), "-m", "passaparola.dev.bench",
               "child-build", "--project", str(project), "--report",
               str(project.parent / "profile-report.json")], cwd=project)
    return summarise_profile(target)


# Where the time of a build goes, by the file the function is defined in.
PROFILE_AREAS = (
    ("Markdown conversion", "/markdown/"),
    ("Jinja2 rendering", "/jinja2/"),
    ("theme templates", "/theme/templates/"),
    ("render cache (keys, cached pages)", "render_cache"),
    ("images (main process: plan, cache, links)", "/plugins/images/"),
    ("content rules (check)", "/passaparola/rules/"),
    ("input fingerprint", "/passaparola/build/fingerprint.py"),
    ("output swap and mtimes", "/passaparola/build/output.py"),
    ("Pelican", "/pelican/"),
    ("file comparison", "filecmp.py"),
    ("pickle (reading cache)", "pickle"),
)


# Stages of a build by the function that runs them (file fragment, function name): their
# cumulative time, child processes waited for included (Pagefind shows under the search index).
# Stages may nest (render cache keys inside page writing), so shares do not add up to 100%.
PROFILE_STAGES = (
    ("content rules (check_content)", "/passaparola/rules/__init__.py", "check_content"),
    ("all of Pelican's run", "/pelican/__init__.py", "run"),
    ("page writes (Writer.write_file, render cache included)", "/pelican/writers.py",
     "_write_file"),
    ("render cache keys (page_key)", "render_cache.py", "page_key"),
    ("images (process_images, workers waited for)", "/plugins/images/", "process_images"),
    ("search index started (Pagefind child process, reading and copying its pages)",
     "/plugins/search/", "build_index"),
    ("waiting for background work before the swap (Pagefind)", "/passaparola/build/driver.py",
     "_finish_background_jobs"),
    ("comparison with the published site", "/passaparola/build/output.py",
     "keep_unchanged_mtimes"),
    ("swap and removal of the previous site", "/passaparola/build/output.py", "swap_in"),
    ("input fingerprint", "/passaparola/build/fingerprint.py", "input_fingerprint"),
)


def stage_times(stats: pstats.Stats) -> list[dict[str, Any]]:
    """Each stage's cumulative seconds (the largest entry when a name matches several)."""
    found: dict[str, float] = {}
    for (filename, _line, function), (_cc, _nc, _own, cumulative, _callers) in stats.stats.items():
        for name, fragment, wanted in PROFILE_STAGES:
            if function == wanted and fragment in filename:
                found[name] = max(found.get(name, 0.0), cumulative)
    return [{"stage": name, "seconds": round(found[name], 2)}
            for name, _fragment, _function in PROFILE_STAGES if name in found]


def summarise_profile(path: Path) -> list[dict[str, Any]]:
    """Own time by area, the top functions by own time, and the stages' cumulative times."""
    stats = pstats.Stats(str(path))
    areas: dict[str, float] = {}
    total = 0.0
    rows = []
    for (filename, line, function), (_cc, _nc, own, cumulative, _callers) in stats.stats.items():
        total += own
        area = next((name for name, marker in PROFILE_AREAS if marker in filename),
                    "other (I/O, builtins, stdlib)")
        areas[area] = areas.get(area, 0.0) + own
        rows.append((own, cumulative, f"{Path(filename).name}:{line}({function})"))
    summary = [{"area": name, "seconds": round(seconds, 2),
                "share": round(seconds / total, 3) if total else 0}
               for name, seconds in sorted(areas.items(), key=lambda kv: -kv[1])]
    top = [{"function": name, "own_seconds": round(own, 2), "cumulative_seconds": round(cum, 2)}
           for own, cum, name in sorted(rows, reverse=True)[:12]]
    return [{"areas": summary, "top_functions": top, "total_seconds": round(total, 2),
             "stages": stage_times(stats)}]
