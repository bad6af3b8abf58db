"""Running the owner's invoke tasks for real, in a copy of the project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_task(project: Path, *arguments: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """``invoke <arguments>`` with the project's Python, from the copy's folder, as the owner would."""
    return subprocess.run([sys.executable, "-m", "invoke", *arguments], cwd=project,
                          capture_output=True, text=True, timeout=timeout)


def write(project: Path, relative: str, text: str) -> Path:
    """Write a content file in the copy (folders created as needed)."""
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
