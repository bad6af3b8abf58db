"""The bench's reports: ``benchmarks.json`` (every size measured) and ``benchmarks.md`` from it.

The Markdown report has, per item count, the machine and corpus, the table of rows, the table of
targets (met / not met, with the ratio measured) and the profiles; then the sizes side by side
and the hand-written notes of ``docs/benchmarks-notes.md``.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
from pathlib import Path
from typing import Any

from passaparola.dev.bench.measure import PROJECT
from passaparola.dev.bench.rivals import hugo_binary

LINEAR_LIMIT = 1.2  # cold ms/item at the largest size ÷ at a size ten times smaller
NOTES = PROJECT / "docs" / "benchmarks-notes.md"


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import jinja2
    import markdown
    import pelican

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text(encoding="utf-8"))
        cpu = found.group(1).strip() if found else cpu
    memory = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        found = re.search(r"MemTotal:\s*(\d+)", meminfo.read_text(encoding="utf-8"))
        memory = int(found.group(1)) // 1024 if found else 0
    binary = hugo_binary()
    hugo_version = None
    if binary is not None:
        hugo_version = subprocess.run([str(binary), "version"], capture_output=True, text=True,
                                      check=False).stdout.strip().splitlines()[-1:]
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mb": memory,
            "load_average_at_start": os.getloadavg(), "system": platform.platform(),
            "python": platform.python_version(), "pelican": pelican.__version__,
            "markdown": markdown.__version__, "jinja2": jinja2.__version__,
            "hugo": hugo_version[0] if hugo_version else None}


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def verdict(row: dict[str, Any]) -> str:
    """One target as a line of the terminal: met / NOT met / not measured, with the ratio."""
    met = {True: "met", False: "NOT met", None: "not measured"}[row["met"]]
    return f"{row['target']}: {_fmt(row['measured'])} {row['unit']} (limit {row['limit']}) {met}"


def write_reports(figures: dict[str, Any], output_dir: Path) -> None:
    """Merge these figures into ``benchmarks.json`` (by item count) and rewrite ``benchmarks.md``."""
    output_dir.mkdir(parents=True, exist_ok=True)
    json_path = output_dir / "benchmarks.json"
    try:
        everything = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        everything = {}
    everything[str(figures["items"])] = figures
    json_path.write_text(json.dumps(everything, indent=2, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    (output_dir / "benchmarks.md").write_text(render_markdown(everything), encoding="utf-8")


def across_sizes(everything: dict[str, Any]) -> list[str]:
    """Per-item costs side by side, and the linearity target when sizes 10× apart were measured."""
    sizes = sorted(int(key) for key in everything)
    if len(sizes) < 2:
        return []
    lines = ["## Across sizes", "", "| items | cold ms/item | one-edit ms/item | highest peak RSS MB |",
             "| ---: | ---: | ---: | ---: |"]
    for size in sizes:
        results = everything[str(size)]["results"]
        lines.append(f"| {size:,} | {results['cold']['ms_per_item']:.1f} | "
                     f"{results['one_edit']['ms_per_item']:.1f} | "
                     f"{max(r['peak_rss_mb'] for r in results.values()):.0f} |")
    small = next((s for s in sizes if s * 10 <= sizes[-1]), None)
    if small is not None:
        large = sizes[-1]
        ratio = (everything[str(large)]["results"]["cold"]["ms_per_item"]
                 / everything[str(small)]["results"]["cold"]["ms_per_item"])
        met = "yes" if ratio <= LINEAR_LIMIT else "**no**"
        lines += ["", "| target | measured | limit | met |", "| --- | ---: | ---: | --- |",
                  f"| cold ms/item at {large:,} ÷ at {small:,} (linear) | {ratio:.2f} × | "
                  f"{LINEAR_LIMIT} × | {met} |"]
    return lines + [""]


def heading(key: str, figures: dict[str, Any]) -> list[str]:
    """An item count's title, machine and corpus."""
    m = figures["machine"]
    corpus = figures["corpus"]
    return [f"## {int(key):,} items", "",
            f"Measured {figures['measured_at']} on {m['cpu']}, {m['cores']} cores, "
            f"{m['memory_mb']:,} MB, load average at start {m['load_average_at_start'][0]:.1f} "
            "(the machine is shared: other builds and tests ran at the same time); "
            f"Python {m['python']}, Pelican {m['pelican']}, Markdown {m['markdown']}, "
            f"Jinja2 {m['jinja2']}, Hugo: {m['hugo'] or 'not installed'}.", "",
            f"Corpus: {corpus['tips']} tips, {corpus['events']} events, "
            f"{corpus['testimonials']} testimonials, {corpus['images']} JPEGs of 2000×1333.", ""]


def results_table(results: dict[str, Any]) -> list[str]:
    """One line per measured row."""
    lines = ["| build | median s | runs (s) | ms/item | pages | files | files written "
             "| pages rendered / reused | images encoded | peak RSS MB |",
             "| --- | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |"]
    for result in results.values():
        rendered = ("–" if result["pages_rendered"] is None
                    else f"{result['pages_rendered']} / {result['pages_reused']}")
        written = result["files_written"] or ("0" if result["pages_rendered"] is not None else "–")
        encoded = "–" if result.get("images_encoded") is None else result["images_encoded"]
        name = result["name"] + (f" ({result['note']})" if result["note"] else "")
        lines.append(
            f"| {name} | {result['seconds']:.2f} | "
            f"{', '.join(f'{r:.2f}' for r in result['runs'])} | {result['ms_per_item']:.1f} | "
            f"{result['pages'] or '–'} | {result['files'] or '–'} | {written} | {rendered} | "
            f"{encoded} | {result['peak_rss_mb']:.0f} |")
    return lines


def targets_table(rows: list[dict[str, Any]]) -> list[str]:
    """Every target with its measured ratio, its limit, met or not, and what was divided."""
    lines = ["| target | measured | limit | met | how |", "| --- | ---: | ---: | --- | --- |"]
    for row in rows:
        met = {True: "yes", False: "**no**", None: "not measured"}[row["met"]]
        lines.append(f"| {row['target']} | {_fmt(row['measured'])} {row['unit']} | "
                     f"{row['limit']} {row['unit']} | {met} | {row.get('how', '')} |")
    return lines


def profile_tables(figures: dict[str, Any]) -> list[str]:
    """The one-edit and cold profiles, by area and by function."""
    lines: list[str] = []
    for title, profile_key in (("one-edit rebuild", "profile_one_edit"),
                               ("cold build", "profile_cold")):
        if profile_key not in figures:
            continue
        profile = figures[profile_key][0]
        lines += ["", f"Where the time of a {title} goes (cProfile, own time by area, "
                  f"{profile['total_seconds']} s profiled):", "",
                  "| area | s | share |", "| --- | ---: | ---: |"]
        lines += [f"| {a['area']} | {a['seconds']:.2f} | {100 * a['share']:.0f}% |"
                  for a in profile["areas"] if a["seconds"] >= 0.01]
        lines += ["", "Top functions by own time: " + "; ".join(
            f"`{f['function']}` {f['own_seconds']} s" for f in profile["top_functions"][:6]) + "."]
        lines += stage_table(profile)
    return lines


def stage_table(profile: dict[str, Any]) -> list[str]:
    """The stages' cumulative times (stages may nest: shares do not add up)."""
    stages = profile.get("stages") or []
    if not stages:
        return []
    whole = profile["total_seconds"]

    def share(seconds: float) -> str:
        return f"{100 * seconds / whole:.0f}%" if whole else "–"

    return ["", "By stage (cumulative time, child processes waited for included):", "",
            "| stage | s | share |", "| --- | ---: | ---: |",
            *(f"| {s['stage']} | {s['seconds']:.2f} | {share(s['seconds'])} |" for s in stages)]


def render_markdown(everything: dict[str, Any]) -> str:
    """The benchmark report, from every item count measured so far."""
    lines = ["# Benchmarks", "",
             "Written by `invoke bench --items N` (`passaparola/dev/bench/`); the figures are also in",
             "`benchmarks.json`. Every build runs in its own process; times are wall-clock, medians",
             "of the runs listed. Each item count is measured in one run of the command.", ""]
    for key in sorted(everything, key=int):
        figures = everything[key]
        lines += heading(key, figures) + results_table(figures["results"])
        for skipped, title in (("hugo", "Hugo"), ("hugo_images", "Hugo's image work"),
                               ("search_index", "Search index alone")):
            if skipped in figures:
                lines += ["", f"{title}: {figures[skipped]}."]
        lines += ["", "Images encoded: from the images capability's report (`–`: not reported).",
                  "", *targets_table(figures["targets"]), *profile_tables(figures), ""]
    lines += across_sizes(everything)
    if NOTES.is_file():
        lines += [NOTES.read_text(encoding="utf-8")]
    return "\n".join(lines) + "\n"
