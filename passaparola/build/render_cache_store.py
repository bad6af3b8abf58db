"""Where the render cache keeps each rendered page, answered once for its writer and its cleaner.

One file per page key (a hex digest), in a folder named by the key's first two characters, so no
folder holds tens of thousands of files. The render cache plugin (``plugins/render_cache``) reads
and writes pages here; the build driver removes, after a successful build, the pages no build
used any more. Both ask this module, so neither knows the other's layout.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


def stored_page(cache_dir: Path, key: str) -> Path:
    """The file that holds the page rendered under ``key``."""
    return cache_dir / key[:2] / key


def drop_unused_pages(cache_dir: Path, used_keys: Iterable[str]) -> None:
    """Remove every stored page whose key is not in ``used_keys`` (the last build's)."""
    used = set(used_keys)
    for stored in cache_dir.glob("*/*"):
        if stored.name not in used:
            stored.unlink(missing_ok=True)


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write ``path`` whole or not at all, so a killed build never leaves half a page cached."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with (os.fdopen(handle, "wb") if isinstance(text, bytes)
              else os.fdopen(handle, "w", encoding="utf-8")) as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def kept_bytes(settings: dict[str, Any], inputs: str, make: Callable[[], bytes]) -> bytes:
    """``make()``, or the bytes it gave an earlier build for the same ``inputs``.

    For files a plugin makes without a template (an event's ``.ics``): ``inputs`` must state
    everything ``make`` reads besides what the build's ``RENDER_CACHE_DIGEST`` covers (settings,
    theme, plugins' code, versions, date), which joins the key. Kept beside the rendered pages
    and dropped with them when a successful build did not use them; without the render cache
    (no ``RENDER_CACHE_PATH``, or its writer not in use), always ``make()``.
    """
    folder = settings.get("RENDER_CACHE_PATH")
    holder = settings.get("RENDER_CACHE_REPORT")
    report = holder.get("report") if isinstance(holder, dict) else None
    if not folder or report is None:
        return make()
    digest = str(settings.get("RENDER_CACHE_DIGEST", ""))
    key = hashlib.blake2b(f"{digest}\0{inputs}".encode("utf-8", "surrogatepass"),
                          digest_size=20).hexdigest()
    stored = stored_page(Path(folder), key)
    try:
        data = stored.read_bytes()
    except FileNotFoundError:
        data = make()
        write_atomically(stored, data)
    report.used_keys.add(key)
    return data
