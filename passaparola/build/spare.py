"""The spare tree: the site replaced by the last build, kept to be the next build's staging folder.

A rebuild changes a few files of thousands. Writing a whole new staging tree (a folder and a file
for every page), comparing it with the published one and deleting the replaced tree costs more
than the change itself. Instead the tree that the last swap took out of ``output/`` is kept beside
it (``.output.spare``) and the next build writes into it, then swaps it in (one
``renameat2(RENAME_EXCHANGE)``, as before), and the replaced site becomes the next spare.

Nothing about the spare's state is trusted: it may be a build or two behind, left half-updated by
a killed build, or edited by hand. What keeps the result equal to a cold build:

- Before the build, every file of the spare that shares its bytes with another name (a hard link:
  a published page linked by :func:`passaparola.build.languages.link_languages`, an image of the
  image cache, Pagefind's kept bundle, the editor's bundle), that is not a plain file, or whose
  permissions are not those of a new file is removed. So whatever a writer does in the spare (most
  write in place, some link and fall back to a copy in place when the name exists), it never
  touches a published file or a cache.
- Pelican's writer, the one that writes the pages and feeds, reads the spare's file first and
  leaves it alone when its bytes are those of the new page (no write, the modification time
  stays); otherwise it replaces the file, never writing through it. Those pages are reported in
  :attr:`Spare.kept`.
- Once Pelican's generators have written their files, a last generator removes every file of the
  spare that this build neither wrote nor kept (the page of a deleted tip, a vanished tag's page):
  written means changed since the build began (its status-change time, ``st_ctime``, is at or
  after a mark taken once the spare was prepared, on the file system's own clock). Plugins that
  look at the written site at Pelican's end (the sitemap) see only this build's files.

A killed build leaves a dirty spare, never a changed ``output/``; the next build prepares it the
same way. The spare is used by one build at a time (an advisory lock on the folder); a second
build at the same time writes a fresh staging folder of its own, as every build did before.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import stat
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# How long the mark may wait for the file system's clock to move (a tick is a few milliseconds).
_MARK_PATIENCE_S = 1.0


def spare_path(output_dir: Path) -> Path:
    """Where the spare of ``output_dir`` is kept: beside it, hidden."""
    return output_dir.parent / f".{output_dir.name}.spare"


def _new_file_mode() -> int:
    """The permissions a file written by the build gets (the process's umask applied)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@dataclass
class Spare:
    """The spare folder claimed by one build, and what that build kept of it."""

    path: Path
    lock: int  # a descriptor of the folder, holding its advisory lock
    since_ns: int  # files changed at or after this time (st_ctime_ns) were written by this build
    kept: set[str] = field(default_factory=set)  # absolute paths left as they were: same bytes

    def release(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.lock)


def claim(output_dir: Path) -> Spare | None:
    """The spare of ``output_dir`` (made empty when there is none), prepared for a build to write
    into; None when another build is using it."""
    path = spare_path(output_dir)
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        path.unlink()  # not a folder of ours: the swap would put it in output/'s place
    path.mkdir(parents=True, exist_ok=True)
    lock = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _remove_shared_and_odd_files(path)
        since = _mark(path)
    except OSError:
        since = None
    if since is None:
        os.close(lock)
        return None
    return Spare(path, lock, since)


def _remove_shared_and_odd_files(root: Path) -> None:
    """Remove every file a writer could not safely write in place (see the module's docstring)."""
    mode = _new_file_mode()
    for here, subfolders, names in os.walk(root):
        for name in list(subfolders):
            full = os.path.join(here, name)
            if os.path.islink(full):  # a link to a folder: never followed, removed
                os.unlink(full)
                subfolders.remove(name)
        for name in names:
            full = os.path.join(here, name)
            info = os.lstat(full)
            if (not stat.S_ISREG(info.st_mode) or info.st_nlink != 1
                    or stat.S_IMODE(info.st_mode) != mode):
                os.unlink(full)


def _mark(root: Path) -> int | None:
    """A time on the file system's clock after every change made so far under ``root``, and at
    or before every change made from now on; None if that clock does not move.

    File times come from a clock that moves in ticks; a mark file is changed until its time
    differs from the first change's, so no file changed before the mark shares its tick.
    """
    mark = root / ".spare-mark"
    deadline = time.monotonic() + _MARK_PATIENCE_S
    try:
        with open(mark, "wb") as stream:
            first = os.fstat(stream.fileno()).st_ctime_ns
            while time.monotonic() < deadline:
                stream.write(b".")
                stream.flush()
                now = os.fstat(stream.fileno()).st_ctime_ns
                if now > first:
                    return now
                os.ftruncate(stream.fileno(), 0)
            return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(mark)


# --- Pelican's writer, writing into the spare --------------------------------------------------

_patch_lock = threading.Lock()
_active: dict[str, Spare] = {}  # spare folder -> the build writing into it


def _spare_of(filename: str) -> Spare | None:
    for root, spare in _active.items():
        if filename.startswith(root + os.sep):
            return spare
    return None


class _ReplacingStream(io.StringIO):
    """A page being written: on close, the file keeps its bytes if they are the same, else is
    replaced by a new file (never written through: it may be shared)."""

    def __init__(self, filename: str, encoding: str, spare: Spare) -> None:
        super().__init__()
        self._filename, self._encoding, self._spare = filename, encoding, spare

    def close(self) -> None:
        if not self.closed:
            data = self.getvalue().encode(self._encoding)
            super().close()
            put(self._filename, data, self._spare)
        else:
            super().close()


def put(filename: str, data: bytes, spare: Spare) -> None:
    """Make ``filename`` hold ``data``: left alone (and reported kept) when it already does."""
    try:
        with open(filename, "rb") as stream:
            if stream.read(len(data) + 1) == data:
                spare.kept.add(filename)
                return
    except OSError:
        pass
    with contextlib.suppress(FileNotFoundError):
        os.unlink(filename)
    with open(filename, "xb") as stream:
        stream.write(data)


def _spare_open_w(self: Any, filename: str, encoding: str, override: bool = False) -> Any:
    spare = _spare_of(filename)
    if spare is None:
        return _plain_open_w(self, filename, encoding, override)
    # Pelican's own checks (a page written twice), as its _open_w does them.
    from pelican.writers import FileOverwriteFailedError

    if filename in self._overridden_files:
        if override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" a second time (was previously overwritten)')
        return open(os.devnull, "w", encoding=encoding)  # noqa: SIM115 - Pelican closes it
    if filename in self._written_files and not override:
        raise FileOverwriteFailedError(
            f'Failed to overwrite "{filename}" as Pelican has already written to it previously '
            "(set `override=True` if intended)")
    if override:
        self._overridden_files.add(filename)
    self._written_files.add(filename)
    spare.kept.discard(filename)
    return _ReplacingStream(filename, encoding, spare)


_plain_open_w: Any = None


class RemoveUnwritten:
    """The last of Pelican's generators in a run writing into the spare: removes what the run
    did not write (see the module's docstring)."""

    def __init__(self, context: Any, settings: dict[str, Any], path: Any, theme: Any,
                 output_path: str, *args: Any, **kwargs: Any) -> None:
        self.output_path = os.path.abspath(output_path)

    def generate_output(self, writer: Any) -> None:
        spare = _spare_of(os.path.join(self.output_path, ""))
        if spare is not None:
            remove_unwritten(spare, Path(self.output_path))


def _add_generator(pelican: Any) -> Any:
    if _spare_of(os.path.join(os.path.abspath(pelican.output_path), "")) is not None:
        return RemoveUnwritten
    return None


def _on_initialized(pelican: Any) -> None:
    # Connected once the plugins have registered theirs, so it comes after their generators.
    from pelican import signals

    signals.get_generators.connect(_add_generator)


def remove_unwritten(spare: Spare, folder: Path) -> None:
    """Remove from ``folder`` every file this build neither wrote nor kept, and the folders
    left empty.

    The default language's run removes the other languages' folders too (their runs come
    later): the plugins that look at the written site at its end (the sitemap) must not find
    the previous build's pages there, as they would not in a fresh staging folder.
    """
    root = os.fspath(folder)

    def clean(here: str) -> bool:  # True when ``here`` is left empty
        left = 0
        with os.scandir(here) as entries:
            found = list(entries)
        for entry in found:
            if entry.is_dir(follow_symlinks=False):
                if not clean(entry.path):
                    left += 1
                else:
                    os.rmdir(entry.path)
            elif (entry.stat(follow_symlinks=False).st_ctime_ns >= spare.since_ns
                  or entry.path in spare.kept):
                left += 1
            else:
                os.unlink(entry.path)
        return left == 0

    clean(root)


@contextlib.contextmanager
def writing_into(spare: Spare | None) -> Iterator[None]:
    """While the build runs Pelican: its writer and generators treat the spare as described."""
    if spare is None:
        yield
        return
    from pelican import signals
    from pelican.writers import Writer

    global _plain_open_w
    with _patch_lock:
        if not _active:
            _plain_open_w = Writer._open_w
            Writer._open_w = _spare_open_w
        _active[os.fspath(spare.path)] = spare
    signals.initialized.connect(_on_initialized)
    try:
        yield
    finally:
        signals.initialized.disconnect(_on_initialized)
        signals.get_generators.disconnect(_add_generator)
        with _patch_lock:
            _active.pop(os.fspath(spare.path), None)
            if not _active:
                Writer._open_w = _plain_open_w
