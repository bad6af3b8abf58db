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


def summarise_profile(path: Path) -> list[dict[str, Any]]:
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
    return [{"areas": summary, "top_functions": top, "total_seconds": round(total, 2)}]
