"""Helpers for tests: copies of the project, settings edits, file hashes."""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from passaparola.dev.same_site import file_hashes
from passaparola.project import COPY_PARTS

PROJECT = Path(__file__).resolve().parent.parent
# What a copy of the project needs in order to build on its own: every part of the project.
PROJECT_PARTS = COPY_PARTS


# The image cache is keyed by each source's bytes, the settings and the encoder's code, its
# entries appear whole (written aside, then renamed) and each build checks them against the
# digests recorded when they were made. So copies may start from this checkout's entries, as a
# speed-up that cannot change a result: a copy re-encodes only what it changed, as the owner's
# own rebuild would. The bytes are copied, not linked, so a test that writes into its copy's
# images never reaches this checkout's cache.
IMAGE_CACHE = Path(".cache") / "images"
# Where the encoded images come from when this checkout has none (a fresh clone, as on CI): set by
# tests/conftest.py to a function that builds the demo once for the whole run (every xdist worker
# shares it) and returns that build's image cache. Without it every copy would encode every photo.
_shared_image_cache: Callable[[], Path] | None = None


def use_shared_image_cache(provider: Callable[[], Path] | None) -> None:
    """Seed copies from ``provider()``'s image cache when this checkout has none of its own."""
    global _shared_image_cache
    _shared_image_cache = provider


def image_cache_source() -> Path | None:
    """The encoded images a copy starts from: this checkout's, else the run's shared ones."""
    if (PROJECT / IMAGE_CACHE).is_dir():
        return PROJECT / IMAGE_CACHE
    if _shared_image_cache is not None:
        return _shared_image_cache()
    return None


def seed_image_cache(target: Path, source: Path | None) -> None:
    """Copy the encoded images of ``source`` (an image cache folder) into ``target``'s cache."""
    if source is None or not source.is_dir():
        return
    for entry in source.iterdir():
        if entry.is_dir() and not entry.name.startswith("."):
            try:
                shutil.copytree(entry, target / IMAGE_CACHE / entry.name)
            except (OSError, shutil.Error):
                shutil.rmtree(target / IMAGE_CACHE / entry.name, ignore_errors=True)


def copy_project(target: Path, warm_image_cache: bool = True) -> Path:
    """A copy of the project in ``target`` that can be edited and built without touching ours.

    With ``warm_image_cache`` the copy starts with this checkout's encoded images; without it,
    its first build encodes every image (for tests that measure encoding).
    """
    target.mkdir(parents=True, exist_ok=True)
    if warm_image_cache:
        seed_image_cache(target, image_cache_source())
    for part in PROJECT_PARTS:
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, target / part,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.exists():
            shutil.copy2(source, target / part)
    return target



def set_setting(project: Path, name: str, value: str) -> None:
    """Change one setting in the copy's pelicanconf.py, as the owner would by editing it."""
    conf = project / "pelicanconf.py"
    lines = conf.read_text(encoding="utf-8").splitlines()
    replaced = [f"{name} = {value}" if line.startswith(f"{name} = ") else line for line in lines]
    assert replaced != lines, f"{name} is not set in pelicanconf.py"
    if name == "DEFAULT_LANG":
        # The demo is in two languages (issue 23); a test of a site in another language means a
        # site in that one language: LANGUAGES follows, and the demo's translations go.
        replaced = [f"LANGUAGES = [{value}]" if line.startswith("LANGUAGES = ") else line
                    for line in replaced]
        for translation in (project / "content").rglob("*.en.md"):
            translation.unlink()
    conf.write_text("\n".join(replaced) + "\n", encoding="utf-8")


def in_one_language(project: Path) -> Path:
    """The copy ``project`` as a site in its default language only (its translations removed).

    A second language is one more Pelican run in every build; tests of a promise that does not
    involve languages build this way, and the language tests (tests/build/test_languages_*,
    tests/plugins/language/, tests/e2e/test_languages_browser.py) and the quality gates keep
    building both.
    """
    conf = project / "pelicanconf.py"
    lines = conf.read_text(encoding="utf-8").splitlines()
    languages = next(ast.literal_eval(line.split("=", 1)[1].strip()) for line in lines
                     if line.startswith("LANGUAGES = "))
    assert len(languages) > 1, "the demo is in one language already"
    conf.write_text("\n".join(f"LANGUAGES = [{languages[0]!r}]" if line.startswith("LANGUAGES = ")
                              else line for line in lines) + "\n", encoding="utf-8")
    for language in languages[1:]:
        for translation in (project / "content").rglob(f"*.{language}.md"):
            translation.unlink()
    return project


# A content file's header line, read by the tests independently of the plugins' parsers.
HEADER_LINE = re.compile(r"^([A-Za-z_-]+):\s*(.*)$")


def read_fields(path: Path) -> dict[str, str]:
    """The header fields of a content file, parsed here independently of the plugin."""
    fields: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        match = HEADER_LINE.match(line)
        if match:
            fields[match.group(1)] = match.group(2).strip()
    return fields


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path) -> its SHA-256."""
    return file_hashes(folder)


def html_page(body: str, head: str = "", lang: str = "it", title: str = "Prova") -> str:
    """A small valid HTML document around ``body``, for pages that break exactly one rule."""
    return (f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<link rel="icon" href="data:,">\n'  # else Chromium asks for /favicon.ico
            f"<title>{title}</title>\n{head}\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


def images_plugin():
    """The images plugin's modules ``(encode, images)``, imported the way Pelican does."""
    import sys

    sys.path.insert(0, str(PROJECT / "plugins"))
    try:
        from images import encode, images
    finally:
        sys.path.remove(str(PROJECT / "plugins"))
    return encode, images


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built copy of the demo, after checking each kind of page is there.

    Tests that check "every page" loop over this, so that none of them passes on an empty or
    half-built site: the home page, each section and at least one page of each content kind.
    """
    pages = sorted(site.rglob("*.html"))
    for expected in ("index.html", "consigli/index.html", "eventi/index.html",
                     "recensioni/index.html", "chi-siamo/index.html", "contatti/index.html"):
        assert site / expected in pages, expected
    for section in ("consigli", "eventi", "recensioni"):
        assert list((site / section).glob("*/index.html")), section
    # The demo is in two languages (issue 23): the English pages are among "every page".
    for section in ("en/tips", "en/events", "en/reviews"):
        assert list((site / section).glob("*/index.html")), section
    return pages
