"""A fingerprint of everything a build reads, so an unchanged project is not rebuilt.

It covers the content, the theme, the plugins, this package, the settings files, the pinned
requirements, the settings overrides and the date in the site's time zone (scheduled posts and
the upcoming/past split of events change with the date), and a build is remembered only until
the next event's occurrence ends, when "upcoming" changes within the day. It also records the
published files' sizes and modification times, so a site changed by hand is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from passaparola.project import BUILD_INPUT_FILES, BUILD_INPUT_FOLDERS
from passaparola.settings import site_timezone

IGNORED_PARTS = {"__pycache__", ".pytest_cache"}


def _files(project_dir: Path, content_dir: Path) -> list[Path]:
    files = [project_dir / name for name in BUILD_INPUT_FILES if (project_dir / name).is_file()]
    folders = {project_dir / name for name in BUILD_INPUT_FOLDERS} | {content_dir}
    for folder in sorted(folders):
        files.extend(p for p in folder.rglob("*")
                     if p.is_file() and not IGNORED_PARTS.intersection(p.parts))
    return sorted(set(files))


def input_fingerprint(project_dir: Path, settings: dict[str, Any], settings_file: str,
                      overrides: dict[str, Any] | None) -> str:
    """A hash that changes when anything the build reads changes."""
    digest = hashlib.sha256()
    content_dir = Path(settings["PATH"]).resolve()
    for path in _files(project_dir, content_dir):
        digest.update(str(path.relative_to(project_dir) if path.is_relative_to(project_dir)
                          else path).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    today = datetime.now(ZoneInfo(site_timezone(settings))).date().isoformat()
    digest.update(json.dumps([settings_file, repr(sorted((overrides or {}).items())), today]).encode())
    return digest.hexdigest()


def output_signature(output_dir: Path) -> str:
    """A hash of the published files' names, sizes and modification times."""
    digest = hashlib.sha256()
    for path in sorted(output_dir.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(output_dir)}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
                          .encode())
    return digest.hexdigest()


def record_path(project_dir: Path, output_dir: Path) -> Path:
    """Where the fingerprint of the last good build into ``output_dir`` is kept."""
    name = hashlib.sha256(str(output_dir).encode()).hexdigest()[:16]
    return project_dir / ".cache" / "builds" / f"{name}.json"


def is_up_to_date(project_dir: Path, output_dir: Path, fingerprint: str) -> bool:
    """True when ``output_dir`` is the untouched result of a build with this fingerprint."""
    record = record_path(project_dir, output_dir)
    if not output_dir.is_dir() or not record.is_file():
        return False
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
    except ValueError:
        return False
    valid_until = saved.get("valid_until")
    if valid_until and datetime.now(UTC) >= datetime.fromisoformat(valid_until):
        return False  # an event has ended since: "upcoming" is not what it was
    return (saved.get("inputs") == fingerprint
            and saved.get("output") == output_signature(output_dir))


def remember(project_dir: Path, output_dir: Path, fingerprint: str, summary: dict,
             valid_until: datetime | None = None) -> None:
    """Record a successful build; ``valid_until``: when its site changes by itself (an event's
    occurrence ends), after which the same inputs must be built again."""
    record = record_path(project_dir, output_dir)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({
        "inputs": fingerprint, "output": output_signature(output_dir), "summary": summary,
        "valid_until": valid_until.isoformat() if valid_until else None}), encoding="utf-8")


def remembered_summary(project_dir: Path, output_dir: Path) -> dict:
    """The summary saved with the last good build."""
    return json.loads(record_path(project_dir, output_dir).read_text(encoding="utf-8"))["summary"]
