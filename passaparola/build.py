"""The build driver: check the content, run Pelican into a staging folder, swap it in.

Pelican alone logs a content error, skips the file and exits 0, so a page silently disappears.
Here the content rules run first and any problem stops the build; any warning Pelican or a plugin
logs while building also fails it. The site is written to a staging folder beside ``output/``
and only replaces ``output/`` once the whole build succeeded, so a failed build never leaves a
half-written site behind.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from passaparola.rules import CheckContext, Problem, check_content

logger = logging.getLogger(__name__)


class BuildFailed(Exception):
    """The build stopped; ``problems`` says why, one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class BuildResult:
    output_dir: Path
    seconds: float
    files_written: int
    pages_written: int
    warnings: list[Problem] = field(default_factory=list)


class _LogCollector(logging.Handler):
    """Keeps every warning or error logged during the build, so that none goes unnoticed."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _collect_logs() -> Iterator[_LogCollector]:
    collector = _LogCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)


def load_settings(project_dir: Path, settings_file: str = "pelicanconf.py",
                  overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Pelican's settings for the project, with paths made absolute."""
    from pelican.settings import read_settings

    project_dir = Path(project_dir).resolve()
    cwd = os.getcwd()
    os.chdir(project_dir)  # pelicanconf.py is written with paths relative to the project
    try:
        settings = read_settings(str(project_dir / settings_file), override=overrides or {})
    finally:
        os.chdir(cwd)
    return settings


def check_context(settings: dict[str, Any], project_dir: Path) -> CheckContext:
    """The content rules' view of the site's settings."""
    return CheckContext(
        content_dir=Path(settings["PATH"]),
        lang=settings.get("DEFAULT_LANG", "it"),
        timezone=settings.get("TIMEZONE", "Europe/Rome"),
        settings=settings,
        display_root=Path(project_dir).resolve(),
    )


def _record_to_problem(record: logging.LogRecord, project_dir: Path) -> Problem:
    message = record.getMessage().replace(str(project_dir) + os.sep, "")
    path = getattr(record, "content_path", None) or "build"
    return Problem(str(path), 1, record.name, message.strip())


def _restore_interrupted_swap(output_dir: Path) -> None:
    """If a build was killed between the two renames of a swap, put the previous site back."""
    if output_dir.exists():
        for leftover in output_dir.parent.glob(f".{output_dir.name}.old-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        return
    previous = sorted(output_dir.parent.glob(f".{output_dir.name}.old-*"))
    if previous:
        previous[-1].rename(output_dir)


def _swap_in(staging: Path, output_dir: Path) -> None:
    if output_dir.exists():
        old = output_dir.parent / f".{output_dir.name}.old-{os.getpid()}"
        output_dir.rename(old)
        staging.rename(output_dir)
        shutil.rmtree(old)
    else:
        staging.rename(output_dir)


def build(project_dir: Path | str = ".", settings_file: str = "pelicanconf.py",
          overrides: dict[str, Any] | None = None, output_dir: Path | str | None = None
          ) -> BuildResult:
    """Build the site into ``output_dir`` (default: the settings' OUTPUT_PATH).

    Raises BuildFailed, leaving the previous output untouched, when the content has errors or
    anything logged a warning during the build.
    """
    from pelican import Pelican

    started = time.perf_counter()
    project_dir = Path(project_dir).resolve()
    settings = load_settings(project_dir, settings_file, overrides)
    output_dir = Path(output_dir or settings["OUTPUT_PATH"]).resolve()

    problems = check_content(check_context(settings, project_dir))
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise BuildFailed(errors)

    _restore_interrupted_swap(output_dir)
    staging = output_dir.parent / f".{output_dir.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    settings["OUTPUT_PATH"] = str(staging)
    settings["DELETE_OUTPUT_DIRECTORY"] = False

    cwd = os.getcwd()
    os.chdir(project_dir)
    try:
        with _collect_logs() as collector:
            try:
                Pelican(settings).run()
            except Exception as error:  # noqa: BLE001 - reported as a build problem, not a traceback
                logger.debug("Build crashed", exc_info=True)
                collector.records.append(logging.makeLogRecord({
                    "name": "build", "levelno": logging.ERROR, "levelname": "ERROR",
                    "msg": "%s: %s", "args": (type(error).__name__, error)}))
    finally:
        os.chdir(cwd)

    if collector.records:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed([_record_to_problem(r, project_dir) for r in collector.records])

    files = [p for p in staging.rglob("*") if p.is_file()]
    _swap_in(staging, output_dir)
    return BuildResult(
        output_dir=output_dir,
        seconds=time.perf_counter() - started,
        files_written=len(files),
        pages_written=sum(1 for p in files if p.suffix == ".html"),
        warnings=[p for p in problems if p.level == "warning"],
    )


def check(project_dir: Path | str = ".", settings_file: str = "pelicanconf.py",
          overrides: dict[str, Any] | None = None) -> list[Problem]:
    """Every problem (errors and warnings) of the project's content, without building."""
    project_dir = Path(project_dir).resolve()
    settings = load_settings(project_dir, settings_file, overrides)
    return check_content(check_context(settings, project_dir))
