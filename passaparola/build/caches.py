"""The build's caches: where they live, what keys them, and which of their files can be trusted.

Two caches make a rebuild cheap without changing a byte: Pelican's reading cache (content read
from files that did not change) and the render cache (pages whose inputs did not change,
``plugins/render_cache``). Both live under ``.cache/`` in a folder named by :func:`cache_digest`,
so a change of settings, theme, plugins or this package starts them afresh; the driver
(:mod:`passaparola.build.driver`) calls :func:`configure_caches` before Pelican runs and
``finish()`` after a successful build.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pelican.contents import Content

from passaparola.build import fingerprint
from passaparola.build.render_cache_store import drop_unused_pages
from passaparola.project import CACHE_KEY_FILES
from passaparola.settings import site_timezone

# What the caches' keys are made of, besides the content: a change to any of the project's
# CACHE_KEY_FILES (passaparola/project.py), the settings file in use, the theme, the plugins or this
# package starts the caches afresh.
CACHE_KEPT_GENERATIONS = 3  # cache folders of other settings/code kept (e.g. preview and publish)


def cache_digest(project_dir: Path, settings: dict[str, Any], settings_file: str,
                 overrides: dict[str, Any] | None) -> str:
    """A digest of the settings, the plugins' code, the theme, this package and the versions."""
    import pelican

    project_dir = Path(project_dir).resolve()
    digest = hashlib.sha256()
    digest.update(json.dumps([pelican.__version__, platform.python_version(), settings_file,
                              repr(sorted((overrides or {}).items()))]).encode())
    files = [project_dir / name for name in (*CACHE_KEY_FILES, settings_file)]
    folders = [Path(settings["THEME"]), Path(__file__).resolve().parents[1]]
    folders += [project_dir / path for path in settings.get("PLUGIN_PATHS", [])]
    for folder in folders:
        files.extend(p for p in folder.rglob("*") if p.is_file() and not fingerprint.IGNORED_PARTS
                     .intersection(p.parts))
    for path in sorted(set(files)):
        if path.is_file():
            digest.update(str(path).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass
class _Caches:
    """The cache folders of one build, and what to do once it succeeded."""

    reading: Path
    rendering: Path
    template_reads: Path
    holder: dict[str, Any]  # the render cache plugin puts its report here ("report")

    def finish(self) -> Any:
        """After a successful build: trust the reading cache, drop pages no longer used.

        Returns the render cache's report (``rendered``, ``reused``, ``always_rendered``), or
        None when the plugin is not in PLUGINS.
        """
        _trust_cache_files(self.reading)
        report = self.holder.get("report")
        if report is not None:
            drop_unused_pages(self.rendering, report.used_keys)
            drop_unused_pages(self.template_reads, report.used_template_reads)
        return report


def configure_caches(project_dir: Path, settings: dict[str, Any], settings_file: str,
                     overrides: dict[str, Any] | None) -> _Caches:
    """Turn on Pelican's reading cache and the render cache, in folders under ``.cache/``.

    Both folders are named after :func:`cache_digest`, so a change of settings, plugins, theme or
    this package starts from empty caches. Pelican's reading cache is keyed by each file's
    content hash, not its mtime. Pelican writes it in place; a build killed while it does so
    would leave it broken, so only files recorded by the last successful build are loaded.
    """
    code = cache_digest(project_dir, settings, settings_file, overrides)
    remember_relative_source_paths()
    # Pages may show the build date (e.g. upcoming events): rendered pages are kept for one day.
    today = datetime.now(ZoneInfo(site_timezone(settings))).date().isoformat()
    root = project_dir / ".cache"
    reading = root / "read" / code[:20]
    rendering = root / "render" / hashlib.sha256(f"{code}{today}".encode()).hexdigest()[:20]
    for folder in (reading, rendering):
        _drop_old_generations(folder)
        folder.mkdir(parents=True, exist_ok=True)
        os.utime(folder)
    _drop_untrusted_cache_files(reading)
    # What each template reads: keyed by its source and the analysing code (plugins/render_cache/
    # templates.py), so it outlives a change of settings, theme or date; one folder for all.
    template_reads = root / "template-reads"
    holder: dict[str, Any] = {}
    # Every generator has its own Jinja2 environment and compiles the theme again; the compiled
    # templates are kept (keyed by their source), and not re-checked on disk at each include.
    from jinja2 import FileSystemBytecodeCache

    compiled = root / "jinja" / code[:20]
    _drop_old_generations(compiled)
    compiled.mkdir(parents=True, exist_ok=True)
    settings["JINJA_ENVIRONMENT"] = {**settings.get("JINJA_ENVIRONMENT", {}), "auto_reload": False,
                                     "bytecode_cache": FileSystemBytecodeCache(str(compiled))}
    settings.update({
        "CACHE_PATH": str(reading),
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "reader",
        "CHECK_MODIFIED_METHOD": "sha256",
        "GZIP_CACHE": False,
        "RENDER_CACHE_PATH": str(rendering),
        "RENDER_CACHE_DIGEST": rendering.name,
        "RENDER_CACHE_REPORT": holder,
        "RENDER_CACHE_TEMPLATES_PATH": str(template_reads),
    })
    return _Caches(reading, rendering, template_reads, holder)


@functools.lru_cache(maxsize=1 << 16)
def _relative_source_path(source_path: str, content_path: str, cwd: str) -> str:
    """Pelican's ``Content.get_relative_source_path``, as a function of the strings it reads."""
    absolute = os.path.normpath(os.path.join(cwd, content_path, source_path))
    return os.path.relpath(absolute, os.path.normpath(os.path.join(cwd, content_path))).replace(
        os.sep, "/")


def _remembered_relative_source_path(self: Content, source_path: str | None = None) -> str | None:
    if not source_path:
        source_path = self.source_path
    if source_path is None:
        return None
    return _relative_source_path(os.fspath(source_path), os.fspath(self.settings["PATH"]),
                                 os.getcwd())


def remember_relative_source_paths() -> None:
    """Answer ``Content.get_relative_source_path`` from memory for the same strings.

    Pelican asks it inside every ``url`` and ``save_as`` (17,000 times in a rebuild of 1,000
    items), each time two ``abspath`` and a ``relpath``: pure functions of the source path, the
    content folder and the working folder, which are the key.
    """
    Content.get_relative_source_path = _remembered_relative_source_path


def _drop_old_generations(folder: Path) -> None:
    """Keep only the most recently used cache folders beside ``folder``."""
    if not folder.parent.is_dir():
        return
    others = sorted((p for p in folder.parent.iterdir() if p.is_dir() and p != folder),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[CACHE_KEPT_GENERATIONS - 1:]:
        shutil.rmtree(old, ignore_errors=True)


_TRUSTED = "trusted.json"


def _cache_stamps(folder: Path) -> dict[str, list[int]]:
    return {p.name: [p.stat().st_size, p.stat().st_mtime_ns]
            for p in folder.iterdir() if p.is_file() and p.name != _TRUSTED}


def _trust_cache_files(folder: Path) -> None:
    temporary = folder / f".{_TRUSTED}.{os.getpid()}"
    temporary.write_text(json.dumps(_cache_stamps(folder)), encoding="utf-8")
    os.replace(temporary, folder / _TRUSTED)


def _drop_untrusted_cache_files(folder: Path) -> None:
    try:
        trusted = json.loads((folder / _TRUSTED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        trusted = {}
    for name, stamp in _cache_stamps(folder).items():
        if trusted.get(name) != stamp:
            (folder / name).unlink(missing_ok=True)
