"""The pages and stylesheets of a built site, and their URLs."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def html_files(site_dir: Path) -> list[Path]:
    """Every ``.html`` file of the built site, sorted."""
    return sorted(p for p in site_dir.rglob("*.html") if p.is_file())


def css_files(site_dir: Path) -> list[Path]:
    """Every ``.css`` file of the built site, sorted."""
    return sorted(p for p in site_dir.rglob("*.css") if p.is_file())


def url_path(site_dir: Path, file: Path) -> str:
    """The site-relative URL path a visitor uses for ``file``: ``x/index.html`` is ``/x/``."""
    relative = file.relative_to(site_dir).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def page_paths(site_dir: Path) -> list[str]:
    """The URL path of every HTML page of the site, home first."""
    paths = [url_path(site_dir, f) for f in html_files(site_dir)]
    return sorted(paths, key=lambda p: (p != "/", p))


def first_page_in_section(site_dir: Path, section: str) -> str | None:
    """URL path of the first page below the section's index (``/eventi/<slug>/``), or None.

    ``section`` is the section folder as built (a value of ``settings["SECTION_SLUGS"]``).
    Pagination pages (``/eventi/2/``) and the section's own index are not entries.
    """
    folder = site_dir / section
    if not folder.is_dir():
        return None
    for child in sorted(folder.iterdir()):
        if child.is_dir() and not child.name.isdigit() and (child / "index.html").is_file():
            return url_path(site_dir, child / "index.html")
    return None


def section_index(site_dir: Path, section: str) -> str | None:
    """URL path of a section's index page (``/recensioni/``) when it was built, else None."""
    index = site_dir / section / "index.html"
    return url_path(site_dir, index) if index.is_file() else None


def section_slugs(settings: dict[str, Any]) -> dict[str, str]:
    """The localised section folders (``events`` → ``eventi``) of a Pelican settings dict."""
    return dict(settings.get("SECTION_SLUGS") or {})
