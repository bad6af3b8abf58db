"""Where the render cache keeps each rendered page, answered once for its writer and its cleaner.

One file per page key (a hex digest), in a folder named by the key's first two characters, so no
folder holds tens of thousands of files. The render cache plugin (``plugins/render_cache``) reads
and writes pages here; the build driver removes, after a successful build, the pages no build
used any more. Both ask this module, so neither knows the other's layout.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def stored_page(cache_dir: Path, key: str) -> Path:
    """The file that holds the page rendered under ``key``."""
    return cache_dir / key[:2] / key


def drop_unused_pages(cache_dir: Path, used_keys: Iterable[str]) -> None:
    """Remove every stored page whose key is not in ``used_keys`` (the last build's)."""
    used = set(used_keys)
    for stored in cache_dir.glob("*/*"):
        if stored.name not in used:
            stored.unlink(missing_ok=True)


def write_atomically(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all, so a killed build never leaves half a page cached."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
