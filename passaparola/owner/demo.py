"""The demo salon's identity, and where it is still left in a site about to be published.

The project ships as the site of an invented salon (Salone Ciocche Ribelli, Bologna) so that the
owner sees a complete site at once. ``invoke start`` replaces it with hers; ``invoke publish``
refuses while any of it remains in the settings (naming the setting to change) or in the built
pages (naming the pages), so the demo's phone number never goes online under her name.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from passaparola.rules.base import Problem
from passaparola.rules.settings import setting_line

DEMO_NAME = "Salone Ciocche Ribelli"
DEMO_AUTHOR = "Marta Lanzoni"
DEMO_DOMAIN = "ciocheribelli.example"
DEMO_STREET = "Via del Pratello 41/B"
DEMO_PHONES = ("+39 051 000 4127", "+39 333 000 4127")
# Text that only the demo salon has: any of it in a published file is a leftover of the demo.
DEMO_MARKERS = (DEMO_NAME, "Ciocche Ribelli", DEMO_AUTHOR, DEMO_DOMAIN, DEMO_STREET,
                *DEMO_PHONES, *(re.sub(r"\D", "", phone) for phone in DEMO_PHONES))
# The environment variable the project's own tests set to publish the demo as it is.
ALLOW_DEMO_ENV = "PASSAPAROLA_PUBLISH_DEMO"
TEXT_SUFFIXES = {".html", ".xml", ".json", ".ics", ".txt", ".webmanifest", ".css", ".js", ""}


def demo_allowed() -> bool:
    """True only in the project's own tests, which publish the demo salon on purpose."""
    return os.environ.get(ALLOW_DEMO_ENV) == "1"


def _digits(value: Any) -> str:
    return re.sub(r"\D", "", str(value or ""))


def demo_settings_left(settings: dict[str, Any], project: Path, gettext) -> list[Problem]:
    """Every setting that still holds the demo salon's value, as ``file:line: SETTING: message``."""
    conf = _lines(project / "pelicanconf.py")
    publishconf = _lines(project / "publishconf.py")
    problems: list[Problem] = []

    def left(file: str, lines: list[str], name: str, key: str | None, value: Any,
             line_key: str | None = None) -> None:
        shown = f"{name}.{key}" if key else name
        problems.append(Problem(file, setting_line(lines, name, line_key or key), shown, gettext(
            "is still the demo salon's ({value}): write your own, or run `make start`").format(
                value=value)))

    siteurl = str(settings.get("SITEURL") or "")
    if DEMO_DOMAIN in siteurl:
        left("publishconf.py", publishconf, "SITEURL", None, siteurl)
    # Unset, the calendar's UID domain follows SITEURL (plugins/events): reported with SITEURL.
    uid_domain = str(settings.get("EVENTS_UID_DOMAIN") or "")
    if DEMO_DOMAIN in uid_domain:
        left("pelicanconf.py", conf, "EVENTS_UID_DOMAIN", None, uid_domain)
    for name, demo in (("SITENAME", DEMO_NAME), ("AUTHOR", DEMO_AUTHOR)):
        if str(settings.get(name) or "").strip() == demo:
            left("pelicanconf.py", conf, name, None, demo)
    salon = settings.get("SALON") if isinstance(settings.get("SALON"), dict) else {}
    for key, value in salon.items():
        if key == "name" and value == settings.get("SITENAME"):
            continue  # "name": SITENAME: reported once, as SITENAME
        if isinstance(value, dict):
            for inner, address in value.items():
                if DEMO_DOMAIN in str(address):
                    left("pelicanconf.py", conf, "SALON", f"{key}.{inner}", address, line_key=inner)
            continue
        text = str(value)
        demo_phone = key in ("phone", "whatsapp") and _digits(text) in {_digits(p) for p in DEMO_PHONES}
        if demo_phone or DEMO_DOMAIN in text or text in (DEMO_NAME, DEMO_STREET):
            left("pelicanconf.py", conf, "SALON", key, value)
    return problems


def demo_settings_refusal(settings: dict[str, Any], project: Path, gettext) -> str | None:
    """Why a public site may not be built or sent yet: the settings that still describe the
    demo salon, one per line; None when there is none (or in the project's own tests)."""
    left = [] if demo_allowed() else demo_settings_left(settings, project, gettext)
    if not left:
        return None
    return (gettext("the settings still describe the demo salon; change these first:")
            + "".join(f"\n  {problem}" for problem in left))


def demo_pages_refusal(project: Path, settings: dict[str, Any], site: Path, gettext) -> str | None:
    """Why a built public site may not go online: the content files (or, failing that, the pages)
    that still show the demo salon; None when there is none (or in the project's own tests)."""
    pages_left = [] if demo_allowed() else demo_pages_left(site)
    if not pages_left:
        return None
    sources = demo_sources_left(project, Path(settings["PATH"]))
    return ((gettext("these files still mention the demo salon (its name, address, phone or web "
                     "address): change or delete them:") if sources else
             gettext("these pages still show the demo salon (its name, address, phone or web "
                     "address); change or delete the content they come from:"))
            + "".join(f"\n  {name}" for name in sources or pages_left))


def demo_pages_left(site: Path, limit: int = 5) -> list[str]:
    """Site-relative paths of built files that still mention the demo salon (at most ``limit``).

    Pages come first: they are what a visitor reads, and what the owner recognises.
    """
    return _files_mentioning_the_demo(Path(site), limit, lambda path: (path.suffix != ".html", path))


def demo_sources_left(project: Path, content_dir: Path, limit: int = 10) -> list[str]:
    """The content files (as ``content/tips/x.md``) that still mention the demo salon.

    Her pages come first (about, contacts): they describe the salon itself, and a site in two
    languages has more files than the list shows.
    """
    pages = Path(content_dir) / "pages"
    found = _files_mentioning_the_demo(Path(content_dir), limit,
                                       lambda path: (not path.is_relative_to(pages), path),
                                       suffixes={".md", ".markdown"})
    return [(Path(content_dir) / name).relative_to(project).as_posix() for name in found]


def _files_mentioning_the_demo(folder: Path, limit: int, order, suffixes=TEXT_SUFFIXES) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*"), key=order):
        if not path.is_file() or path.suffix.lower() not in suffixes:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if any(marker in text for marker in DEMO_MARKERS):
            found.append(path.relative_to(folder).as_posix())
            if len(found) == limit:
                break
    return found


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
