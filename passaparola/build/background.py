"""Work a build starts in the background, and which must be finished before its site is swapped in.

A plugin that hands a slow job to another process (Pagefind indexing the pages of one language)
need not wait for it: it registers the job here under the folder the job writes into, and the
build goes on (the next language's run, the links between languages, the comparison with the
published site). The build driver finishes every job under its staging folder before it swaps
that folder in (:func:`finish_under`), or ends them when the build fails (:func:`cancel_under`).

A job's ``finish`` waits for it and logs any problem as an error, which fails the build like any
other logged error; a job that is never finished (the build was killed) dies with the build's
process (see :func:`passaparola.build.processes.die_with_parent`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Job:
    """One job started in the background for the build writing into a staging folder."""

    writes_into: tuple[Path, ...]  # the folders the job writes (inside the staging folder)
    finish: Callable[[], None]  # waits for the job and puts its files in place; logs problems
    cancel: Callable[[], None]  # ends the job at once, leaving its files unfinished


_jobs: list[Job] = []
_lock = threading.Lock()


def start(job: Job) -> None:
    """Remember a job just started, for the driver to finish (or cancel) with its build."""
    with _lock:
        _jobs.append(job)


def _take_under(staging: Path) -> list[Job]:
    with _lock:
        mine = [job for job in _jobs if _inside(job, staging)]
        _jobs[:] = [job for job in _jobs if job not in mine]
    return mine


def _inside(job: Job, staging: Path) -> bool:
    return any(folder.is_relative_to(staging) for folder in job.writes_into)


def pending_folders(staging: Path) -> list[Path]:
    """The folders of ``staging`` that jobs not yet finished are writing into: whoever walks the
    staging folder meanwhile leaves them out."""
    with _lock:
        return [folder for job in _jobs if _inside(job, staging) for folder in job.writes_into]


def finish_under(staging: Path) -> None:
    """Finish every job of the build writing into ``staging``, in the order they started.

    If finishing one raises, the jobs after it are cancelled: none outlives its build.
    """
    jobs = _take_under(staging)
    done = 0
    try:
        for job in jobs:
            job.finish()
            done += 1
    finally:
        for job in jobs[done:]:  # the one that raised too: cancelling a finished job is harmless
            job.cancel()


def cancel_under(staging: Path) -> None:
    """End every job of the build writing into ``staging`` (the build failed or was dropped)."""
    for job in _take_under(staging):
        job.cancel()
