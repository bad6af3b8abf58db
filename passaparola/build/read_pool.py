"""Reading content on every core: fills Pelican's reading cache from a pool of processes.

Pelican reads (and so converts Markdown for) one file after another, and Markdown is most of a
cold build. With its reading cache on (see ``configure_caches`` in ``passaparola/build/caches.py``),
Pelican asks each generator's ``Readers`` for a cached ``(content, metadata)`` before reading a
file. :func:`parallel_reading` steps in once, just before the first content file is read: by then
every generator is constructed (plugins registered, ``readers_init`` sent, settings final). It
lists the files the articles and pages generators are about to read whose cache entry is missing
or stale, reads them in forked worker processes with the very reader objects those generators
hold, and stores each result with ``Readers.cache_data``, exactly as ``Readers.read_file`` would
have. Pelican then finds every file cached, and saves and trusts the cache as it always does.

A worker's result is only used when reading raised nothing and logged nothing at WARNING or
above; otherwise Pelican reads that file itself, so its errors and warnings surface as before.
"""

from __future__ import annotations

import logging
import os
import pickle
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from multiprocessing import get_context
from typing import Any

from passaparola.build.logs import WarningCollector
from passaparola.build.processes import die_with_parent

logger = logging.getLogger(__name__)

# Below this many files to read, starting processes costs more than it saves (a rebuild after an
# edit reads one or two files): Pelican reads them itself.
MIN_FILES_FOR_POOL = 16
# Each process gets its files in several batches, so that a slow batch does not keep one core idle.
BATCHES_PER_WORKER = 4
# Stands for the generator's settings in a pickled result: the parent puts back its own dict, so
# tags, categories and authors refer to the live settings, as after Pelican's own read.
_SETTINGS_ID = "settings"


@dataclass
class ReadingReport:
    """What the pool did in one build (all zero when it did not start)."""

    workers: int = 0
    files_read: int = 0  # read in the pool and stored in the reading cache
    files_left: int = 0  # left to Pelican: the worker failed, logged a warning, or the file changed
    seconds: float = 0.0


def reading_workers(settings: dict[str, Any]) -> int:
    """``READING_WORKERS``, or one per core the process may use when it is None."""
    configured = settings.get("READING_WORKERS")
    if configured is not None:
        return max(1, int(configured))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def parallel_reading(settings: dict[str, Any]) -> Iterator[ReadingReport]:
    """While Pelican runs inside, read the uncached content files on every core first.

    Does nothing when ``READING_WORKERS`` is 1, when Pelican's reading cache is off (there would
    be nowhere to put the results) or when fewer than :data:`MIN_FILES_FOR_POOL` files need reading.
    """
    from pelican import signals

    report = ReadingReport()
    workers = reading_workers(settings)
    if (workers <= 1 or not settings.get("CACHE_CONTENT")
            or settings.get("CONTENT_CACHING_LAYER") != "reader"):
        yield report
        return

    generators: list[Any] = []
    done = False

    def remember_generator(generator: Any) -> None:
        generators.append(generator)

    def read_before_first_file(_generator: Any) -> None:
        nonlocal done
        if not done:
            done = True
            _fill_reading_caches(generators, workers, report)

    prereads = (signals.article_generator_preread, signals.page_generator_preread)
    signals.generator_init.connect(remember_generator, weak=False)
    for signal in prereads:
        signal.connect(read_before_first_file, weak=False)
    try:
        yield report
    finally:
        signals.generator_init.disconnect(remember_generator)
        for signal in prereads:
            signal.disconnect(read_before_first_file)


@dataclass
class _Task:
    generator: int  # index in the list of generators whose readers the workers use
    path: str  # absolute, as Readers.read_file keys its cache
    fmt: str
    stamp: Any  # the file's stamp when it was found uncached


def uncached_files(generator: Any) -> list[tuple[str, str]]:
    """``(path, format)`` of the files ``generator`` will read that its reading cache lacks.

    Only Pelican's own articles and pages generators, whose files are known from their settings
    (the events plugin's generator keeps a reading cache too but reads its few, short files
    itself; testimonials are read without one). Returns [] for any other generator.
    """
    from pelican.generators import ArticlesGenerator, PagesGenerator
    from pelican.utils import file_suffix

    if type(generator) is ArticlesGenerator:
        names = generator.get_files(generator.settings["ARTICLE_PATHS"],
                                    exclude=generator.settings["ARTICLE_EXCLUDES"])
    elif type(generator) is PagesGenerator:
        names = generator.get_files(generator.settings["PAGE_PATHS"],
                                    exclude=generator.settings["PAGE_EXCLUDES"])
    else:
        return []
    readers = generator.readers
    files = []
    for name in sorted(names):
        path = os.path.abspath(os.path.join(generator.path, name))  # as Readers.read_file does
        fmt = file_suffix(path)
        if fmt in readers.readers and readers.get_cached_data(path) is None:
            files.append((path, fmt))
    return files


def _fill_reading_caches(generators: list[Any], workers: int, report: ReadingReport) -> None:
    started = time.perf_counter()
    readers = [generator.readers for generator in generators]
    tasks = [_Task(index, path, fmt, readers[index]._get_file_stamp(path))
             for index, generator in enumerate(generators)
             for path, fmt in uncached_files(generator)]
    if len(tasks) < MIN_FILES_FOR_POOL:
        return
    workers = min(workers, len(tasks))
    size = max(1, -(-len(tasks) // (workers * BATCHES_PER_WORKER)))
    batches = [tasks[start:start + size] for start in range(0, len(tasks), size)]
    by_path = {(task.generator, task.path): task for task in tasks}
    stored = 0
    # fork: the workers start with this process's memory, so with the generators' readers exactly
    # as plugins and settings left them, without pickling or importing anything again.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"),
                             initializer=_start_worker, initargs=(os.getpid(), readers)) as pool:
        futures = [pool.submit(_read_batch, [(t.generator, t.path, t.fmt) for t in batch])
                   for batch in batches]
        for future in as_completed(futures):
            try:
                results = future.result()
            except Exception:  # noqa: BLE001 - a lost batch is read by Pelican itself
                logger.debug("A reading worker failed", exc_info=True)
                continue
            for index, path, payload in results:
                task = by_path[(index, path)]
                target = readers[index]
                # A file edited while it was being read is left to Pelican, which reads it anew.
                if payload is None or target._get_file_stamp(path) != task.stamp:
                    continue
                target.cache_data(path, _ParentUnpickler(BytesIO(payload), target.settings).load())
                stored += 1
    report.workers = workers
    report.files_read = stored
    report.files_left = len(tasks) - stored
    report.seconds = time.perf_counter() - started
    logger.info("Read %d content files in %d processes in %.2f s (%d left to Pelican)",
                stored, workers, report.seconds, report.files_left)


# --- in the worker processes ----------------------------------------------------------------------

_worker_readers: list[Any] = []  # set in each worker process only, by _start_worker


_recorder = WarningCollector()  # in each worker process, its only log handler


def _start_worker(parent: int, readers: list[Any]) -> None:
    die_with_parent(parent)
    _worker_readers[:] = readers
    # The build fails on any warning logged while it runs. A worker's warnings would be lost to
    # the parent's log, so they are only counted here: that file is then left to Pelican, whose
    # own read logs them again where the build sees them.
    logging.getLogger().handlers = [_recorder]


class _WorkerPickler(pickle.Pickler):
    def __init__(self, file: BytesIO, settings: dict[str, Any]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.settings = settings

    def persistent_id(self, obj: Any) -> str | None:
        return _SETTINGS_ID if obj is self.settings else None


class _ParentUnpickler(pickle.Unpickler):
    def __init__(self, file: BytesIO, settings: dict[str, Any]) -> None:
        super().__init__(file)
        self.settings = settings

    def persistent_load(self, pid: Any) -> Any:
        if pid != _SETTINGS_ID:
            raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")
        return self.settings


def _read_batch(batch: list[tuple[int, str, str]]) -> list[tuple[int, str, bytes | None]]:
    """Read each file as ``Readers.read_file`` does between its cache lookup and ``cache_data``."""
    from pelican.readers import _filter_discardable_metadata

    results: list[tuple[int, str, bytes | None]] = []
    for index, path, fmt in batch:
        readers = _worker_readers[index]
        warnings_before = len(_recorder.records)
        payload = None
        try:
            content, metadata = readers.readers[fmt].read(path)
            metadata = _filter_discardable_metadata(metadata)
            if len(_recorder.records) == warnings_before:
                buffer = BytesIO()
                _WorkerPickler(buffer, readers.settings).dump((content, metadata))
                payload = buffer.getvalue()
        except Exception:  # noqa: BLE001 - Pelican reads the file again and reports the error
            payload = None
        results.append((index, path, payload))
    return results
