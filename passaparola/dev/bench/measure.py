"""What one measured build is, and how the bench runs a child process and prepares its project."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from passaparola.build.spare import spare_path
from passaparola.project import COPY_PARTS

PROJECT = Path(__file__).resolve().parents[3]
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
    for part in COPY_PARTS:
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns(
                "__pycache__", "*.pyc"))
        elif source.exists():
            shutil.copy2(source, target / part)
    return target


def one_language(project: Path) -> None:
    """Make a copy of the project a site in its default language only.

    The synthetic corpus is written in one language, as Hugo's copy of it is: a second
    language's run would add listings of untranslated pages and nothing else to compare. The
    demo's translations (``*.<lang>.md`` files and their addresses records) go with it, since a
    one-language site refuses files in another language. The cost of a second language is
    measured on its own (the rows "two languages").
    """
    from passaparola.i18n import SUPPORTED_LANGUAGES

    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + '\n# The bench: one language (passaparola/dev/bench/measure.py).\n'
                        'LANGUAGES = ["it"]\n', encoding="utf-8")
    for code in SUPPORTED_LANGUAGES:
        if code == "it":
            continue
        for path in [*(project / "content").rglob(f"*.{code}.md"),
                     *project.glob(f"published-addresses.{code}.json")]:
            path.unlink()


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


def median_of(measures: list[Measure]) -> Measure:
    """The run with the median time, carrying every run's time and the highest RSS."""
    ordered = sorted(measures, key=lambda m: m.seconds)
    chosen = ordered[(len(ordered) - 1) // 2]
    chosen.runs = [m.seconds for m in measures]
    chosen.seconds = statistics.median(chosen.runs)
    chosen.peak_rss_mb = max(m.peak_rss_mb for m in measures)
    return chosen


def clean_state(project: Path, keep: Path | None = None) -> None:
    """No caches, no output: the next build is cold.

    ``keep``: a folder directly in ``.cache/`` left in place (the image cache, for a cold build
    whose images are already encoded).
    """
    shutil.rmtree(project / "output", ignore_errors=True)
    # The replaced site a build writes over (passaparola.build.spare): a cold build has none.
    shutil.rmtree(spare_path(project / "output"), ignore_errors=True)
    cache = project / ".cache"
    if keep is None or not cache.is_dir():
        shutil.rmtree(cache, ignore_errors=True)
        return
    for folder in cache.iterdir():
        if folder.resolve() == keep.resolve():
            continue
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
        else:
            folder.unlink()


def edit_tip(path: Path, run: int) -> None:
    """Change one tip's text, differently for each run."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n\nModifica di prova \d+\.\n$", "\n", text)
    path.write_text(text + f"\nModifica di prova {run}.\n", encoding="utf-8")
