"""Running the encodes: what shapes a photo's encode, its cache key, and the pool of workers.

``encode.py`` holds the code that runs in the worker processes (and whose source is part of every
cache key, so it changes only when its output should); this module decides what to ask of it
and spreads the jobs over the processor cores.
"""

from __future__ import annotations

import hashlib
import os
import resource
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from passaparola.build.processes import die_with_parent
from passaparola.settings import DEFAULTS, setting

from . import encode


def photo_spec(settings: dict[str, Any]) -> dict[str, Any]:
    """The settings that change how a photo is encoded (part of its cache key)."""
    max_pixels = int(setting(settings, "IMAGES_MAX_PIXELS") or 0)
    if max_pixels <= 0:
        # The decompression-bomb limit protects the build; it can be changed but not turned off.
        max_pixels = DEFAULTS["IMAGES_MAX_PIXELS"]
    return {
        "widths": sorted(int(w) for w in setting(settings, "IMAGES_WIDTHS")),
        "share_width": int(setting(settings, "IMAGES_SHARE_WIDTH")),
        "jpeg_quality": int(setting(settings, "IMAGES_JPEG_QUALITY")),
        "webp_quality": int(setting(settings, "IMAGES_WEBP_QUALITY")),
        "max_pixels": max_pixels,
    }


def cache_key(*parts: bytes | str) -> str:
    """The cache entry of an encode: the encoder's own digest and every input that shapes it."""
    digest = hashlib.sha256(encode.ENCODER_DIGEST.encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


# A cold build of a large site has thousands of jobs, most of them cards of a few milliseconds:
# jobs go to the workers in batches, so that passing them costs little, but in enough batches
# (at least BATCHES_PER_WORKER per worker) that both cores stay busy until the last one ends.
MAX_BATCH = 8
BATCHES_PER_WORKER = 16


def batch_size(jobs: int, workers: int) -> int:
    """How many jobs each batch sent to a worker process holds."""
    return max(1, min(MAX_BATCH, jobs // (workers * BATCHES_PER_WORKER)))


def run_jobs(jobs: list[tuple[Any, ...]], workers: int) -> list[dict[str, Any]]:
    """Run ``(function, *args)`` jobs, in worker processes when there is more than one.

    Returns one result per job, in the order of ``jobs``.
    """
    if not jobs:
        return []
    if workers <= 1 or len(jobs) == 1:
        return encode.run_batch(jobs)
    size = batch_size(len(jobs), workers)
    batches = [jobs[start:start + size] for start in range(0, len(jobs), size)]
    with ProcessPoolExecutor(max_workers=min(workers, len(batches)),
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(encode.run_batch, batch) for batch in batches]
        return [result for future in futures for result in future.result()]


def cpu_seconds() -> float:
    """CPU time of this process and of its child processes that ended (the encoding workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def worker_count(settings: dict[str, Any]) -> int:
    """How many processes encode: ``IMAGES_WORKERS``, or one per processor core."""
    return max(1, int(setting(settings, "IMAGES_WORKERS") or os.cpu_count() or 1))
