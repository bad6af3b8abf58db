"""What the preview watches, and the changes it reacts to.

The content, how it looks, how it is made and the settings: a change to any of them rebuilds the
preview (which parts, and why not the others: :mod:`passaparola.project`). Editors' and Python's
own files (``__pycache__``, dot-files, ``~`` and ``.swp`` backups, half-copied ``.partial``
files) are not changes of the site. Watching is done by ``watchfiles``, which Pelican itself
requires (and ``requirements.txt`` pins).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from watchfiles import watch

from passaparola.project import PREVIEW_WATCHED_FILES, PREVIEW_WATCHED_FOLDERS


def _watched_paths(project: Path) -> list[Path]:
    paths = [project / name for name in PREVIEW_WATCHED_FOLDERS + PREVIEW_WATCHED_FILES]
    return [path for path in paths if path.exists()]


def _relevant(path: str) -> bool:
    parts = Path(path).parts
    return not any(part == "__pycache__" or part.startswith(".") for part in parts) \
        and not path.endswith((".pyc", "~", ".swp", ".partial"))


def watch_changes(project: Path, stop: threading.Event) -> Iterator[set[str]]:
    """Yield the set of changed paths each time something relevant changes."""
    for changes in watch(*_watched_paths(project), stop_event=stop, debounce=300, step=100,
                         watch_filter=lambda _change, path: _relevant(path)):
        yield {path for _change, path in changes}
