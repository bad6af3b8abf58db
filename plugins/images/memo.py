"""What the image cache already knows, remembered by what the file system says about each file.

Without it, every rebuild reads and hashes every source photo (to find its cache key) and every
file of every cache entry it uses (to make sure nothing wrote into it), and reads one
``meta.json`` per entry: most of the images step of a rebuild after one edited text. The memo
(``memo.json`` in ``IMAGES_CACHE_PATH``, one file) remembers both, each by the status of files:

- a photo's cache key, by its source's device, inode, size, mtime, mode and **ctime**, and by
  what else makes the key (the encoder's digest and the encode settings). A photo replaced under
  the same name, even with the same size and its old mtime put back (``os.utime``), has a new
  ctime, which no program can set back; a photo copied over another has a new inode or ctime.
- an entry's metadata, by the device, inode, size, mtime and mode of each of its files: not by
  ctime, since the hard links each build makes into the site (and removes with the previous
  site) change the ctime of these very files. Entries are read-only: writing into one through a
  published link takes a new mode (chmod) or changes its mtime or size, and the entry is then
  checked against its digests again (``encode.cached_meta``), which drops a damaged one.

A status is only remembered when the file's times are at least :data:`SETTLED_SECONDS` older
than the moment it was read, and it was the same after the reading: a change made in the same
tick of the file system's clock as the last one (FAT keeps times to 2 s) could otherwise keep
every number the same. Such a file is simply read again by the next build.
The memo is written aside and renamed: a killed build, or two builds at once, leave it whole, at
worst older, and whatever it says is checked against the files before use.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from . import encode
from .workers import cache_key

MEMO_FILE = "memo.json"
SETTLED_SECONDS = 3.0
_MEMO_VERSION = 1


def file_status(path: Path | str, with_ctime: bool) -> list[int] | None:
    """What the file system says about a file: device, inode, size, mtime, mode (and ctime)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    numbers = [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_mode]
    return [*numbers, status.st_ctime_ns] if with_ctime else numbers


class DigestMemo:
    """The photos' keys and the intact entries of one image cache folder, loaded once per build."""

    def __init__(self, cache_dir: Path, settled_seconds: float = SETTLED_SECONDS):
        self.cache_dir = cache_dir
        self.settled_ns = int(settled_seconds * 1e9)
        self.photos: dict[str, dict[str, Any]] = {}
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed = False
        try:
            stored = json.loads((cache_dir / MEMO_FILE).read_text(encoding="utf-8"))
            if stored["version"] == _MEMO_VERSION:
                self.photos, self.entries = dict(stored["photos"]), dict(stored["entries"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no memo yet, or a damaged one: everything is read again

    def photo_key(self, source: Path, spec_text: str) -> str:
        """The cache key of the photo ``source`` encoded with ``spec_text`` (workers.cache_key)."""
        inputs = hashlib.sha256(f"{encode.ENCODER_DIGEST}\0{spec_text}".encode()).hexdigest()
        status = file_status(source, with_ctime=True)
        known = self.photos.get(str(source))
        if status is not None and known and known["status"] == status and known["inputs"] == inputs:
            return known["key"]
        started = time.time_ns()
        key = cache_key(source.read_bytes(), spec_text)
        if self._settled(status, started) and file_status(source, with_ctime=True) == status:
            self.photos[str(source)] = {"status": status, "inputs": inputs, "key": key}
            self.changed = True
        return key

    def cached_meta(self, key: str) -> dict[str, Any] | None:
        """The intact entry ``key``, as ``encode.cached_meta`` says, without reading its files
        when none of them changed since it last said so."""
        folder = self.cache_dir / key
        known = self.entries.get(key)
        # Joined as text: thousands of entries a build, where Path joins would cost more than stat.
        prefix = f"{folder}{os.sep}"
        if known is not None and all(file_status(prefix + name, with_ctime=False) == status
                                     for name, status in known["files"].items()):
            return known["meta"]
        started = time.time_ns()
        meta = encode.cached_meta(self.cache_dir, key)
        if meta is None:
            if self.entries.pop(key, None) is not None:
                self.changed = True
            return None
        statuses = {name: file_status(folder / name, with_ctime=False) for name in meta["files"]}
        if statuses and all(self._settled(status, started) for status in statuses.values()):
            self.entries[key] = {"files": statuses, "meta": meta}
            self.changed = True
        return meta

    def _settled(self, status: list[int] | None, started_ns: int) -> bool:
        """Whether every time of ``status`` is far enough before ``started_ns`` to tell a later
        change apart (mtime, and ctime when there is one)."""
        if status is None:
            return False
        times = [status[3], *status[5:]]  # mtime, and ctime when the status has it
        return max(times) < started_ns - self.settled_ns

    def save(self) -> None:
        """Write the memo, if this build learnt anything, without what no longer exists."""
        if not self.changed:
            return
        photos = {path: known for path, known in self.photos.items() if os.path.exists(path)}
        entries = {key: known for key, known in self.entries.items()
                   if (self.cache_dir / key).is_dir()}
        temporary = self.cache_dir / f".{MEMO_FILE}.{os.getpid()}"
        temporary.write_text(json.dumps({"version": _MEMO_VERSION, "photos": photos,
                                         "entries": entries}), encoding="utf-8")
        os.replace(temporary, self.cache_dir / MEMO_FILE)
