"""Swapping a finished build in place of the previous one, atomically.

The build writes into a staging folder beside ``output/``. On Linux the two folders are exchanged
with one ``renameat2(RENAME_EXCHANGE)`` call, so at every instant ``output/`` is either the whole
previous site or the whole new one, even if the process is killed (SIGKILL) mid-swap. Where that
call is missing, two renames are used and an interrupted swap is repaired at the next build.

Files whose bytes did not change keep their previous modification time, so rsync and CDNs only
move what really changed.

What a rebuild takes from the published site or the caches instead of writing it again (each one
a hard link, so the staged tree is whole on its own and the swap stays one call): the pages of a
site in several languages whose linked bytes equal the published ones
(:func:`passaparola.build.languages.link_languages`), the image derivatives (the image cache) and
Pagefind's bundle when no indexed page changed (``.cache/search/``, see plugins/search). Nothing
writes a published file in place, so sharing it is safe; a killed build only ever removes names
in its staging folder.

A build (not the preview's) stages into the spare, the site the last swap replaced, and writes
only what differs (:mod:`passaparola.build.spare`): :func:`swap_spare_in` then exchanges it with
``output/`` and nothing is removed.
"""

from __future__ import annotations

import ctypes
import errno
import filecmp
import os
import shutil
import stat
import time
from collections.abc import Callable, Collection
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Atomically exchange two paths; False when the system cannot do it."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                       _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first))


def leftovers(output_dir: Path) -> list[Path]:
    """Staging or old folders left beside ``output_dir`` by builds that were interrupted."""
    return [path for kind in ("staging", "old", "trash")
            for path in sorted(output_dir.parent.glob(f".{output_dir.name}.{kind}-*"))]


def repair_interrupted_swap(output_dir: Path) -> None:
    """Put the previous site back if a two-rename swap was killed half-way; drop leftovers."""
    old = sorted(output_dir.parent.glob(f".{output_dir.name}.old-*"))
    if not output_dir.exists() and old:
        old[-1].rename(output_dir)
    for leftover in leftovers(output_dir):
        if leftover.exists():
            shutil.rmtree(leftover, ignore_errors=True)


def keep_unchanged_mtimes(staging: Path, files: list[Path], output_dir: Path,
                          kept: Collection[str] = ()) -> list[str]:
    """Give each staged file (of ``files``) that equals the published one the published file's
    mtime.

    ``kept``: files of a spare staging folder (:mod:`passaparola.build.spare`) that the build
    left as they were, their bytes being the new ones; one with the published file's size and
    modification time is that file's bytes (a build that changes a file gives it a new time), and
    one that differs from the published file is given the present time, as a written file has.

    Returns the files that changed (new or different bytes), relative to the site's root.
    """
    changed = []
    try:
        for new_file in files:
            relative = new_file.relative_to(staging)
            try:
                old = os.stat(output_dir / relative)
            except OSError:
                old = None
            was_kept = str(new_file) in kept
            if old is None or not stat.S_ISREG(old.st_mode):
                changed.append(relative.as_posix())
                if was_kept:
                    os.utime(new_file)
                continue
            new = os.stat(new_file)
            if os.path.samestat(new, old):
                continue  # one file under two names (hard links to the image cache): unchanged
            if was_kept and (new.st_size, new.st_mtime_ns) == (old.st_size, old.st_mtime_ns):
                continue
            if filecmp.cmp(new_file, output_dir / relative, shallow=False):
                os.utime(new_file, ns=(old.st_atime_ns, old.st_mtime_ns))
            else:
                changed.append(relative.as_posix())
                if was_kept:
                    os.utime(new_file)
    finally:
        filecmp.clear_cache()  # it would grow with every build of a long-running preview
    return changed


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def swap_in(staging: Path, output_dir: Path, discard: Callable[[Path], None] = remove_tree) -> None:
    """Make the staged build the published ``output_dir``, then hand the previous one to
    ``discard`` (by default removed at once; the preview removes it in the background), under a
    name of its own that no later build uses."""
    if not output_dir.exists():
        staging.rename(output_dir)
        return
    trash = output_dir.parent / f".{output_dir.name}.trash-{os.getpid()}-{time.monotonic_ns()}"
    if _exchange(staging, output_dir):
        staging.rename(trash)  # now holds the previous site
        discard(trash)
        return
    old = output_dir.parent / f".{output_dir.name}.old-{os.getpid()}"
    output_dir.rename(old)
    staging.rename(output_dir)
    old.rename(trash)
    discard(trash)


def swap_spare_in(spare: Path, output_dir: Path) -> None:
    """Make the build staged in the spare folder the published ``output_dir``; the previous site
    becomes the spare (:mod:`passaparola.build.spare`), nothing is removed.

    Where the exchange is missing, three renames; killed after the first, the previous site is
    put back by :func:`repair_interrupted_swap`; killed after the second, the previous site is a
    leftover it removes (the next build then writes a fresh spare).
    """
    if not output_dir.exists():
        spare.rename(output_dir)
        return
    if _exchange(spare, output_dir):
        return
    old = output_dir.parent / f".{output_dir.name}.old-{os.getpid()}"
    output_dir.rename(old)
    spare.rename(output_dir)
    old.rename(spare)
