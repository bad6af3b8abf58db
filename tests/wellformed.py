"""Checks that everything a build emitted is well-formed and carries no live markup from content.

Used by the fuzz tests: whatever the owner or a customer wrote, pages must parse, scripts may only
be our own files or JSON-LD data, no element may carry an event handler or a javascript: URL, and
feeds, JSON and calendars must parse with real parsers.
"""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import icalendar
from lxml import etree, html

from passaparola.i18n import SUPPORTED_LANGUAGES

OUR_SCRIPT_PREFIXES = ("/theme/", "/pagefind/", "/__passaparola/")


def _own_path(src: str) -> str:
    """``/en/theme/site.js`` is ours too: another language's copy of the site's files (issue 23)."""
    for lang in SUPPORTED_LANGUAGES:
        if src.startswith(f"/{lang}/"):
            return src[len(lang) + 1:]
    return src


def problems_in_html(path: Path) -> list[str]:
    problems = []
    document = html.fromstring(path.read_bytes())
    for script in document.iter("script"):
        kind = script.get("type", "")
        if kind == "application/ld+json":
            try:
                json.loads(script.text or "")
            except ValueError as error:
                problems.append(f"{path}: JSON-LD does not parse: {error}")
        elif not _own_path(script.get("src") or "").startswith(OUR_SCRIPT_PREFIXES) and not (
                script.get("src") or "").startswith("http://localhost"):
            problems.append(f"{path}: unexpected script {etree.tostring(script)[:120]!r}")
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"{path}: event handler {name} on <{element.tag}>")
            if name in ("href", "src", "action", "formaction") and value.strip().lower().startswith(
                    "javascript:"):
                problems.append(f"{path}: javascript: URL in {name} on <{element.tag}>")
        if element.tag in ("iframe", "object", "embed"):
            problems.append(f"{path}: <{element.tag}> element")
    return problems


def problems_in_site(site: Path) -> list[str]:
    """Every well-formedness or injection problem in a built site."""
    problems: list[str] = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".html":
            problems += problems_in_html(path)
        elif path.suffix == ".xml" and path.name != "sitemap.xml":
            parsed = feedparser.parse(path.read_bytes())
            if parsed.bozo:
                problems.append(f"{path}: feed does not parse: {parsed.bozo_exception}")
        elif path.suffix == ".json":
            try:
                json.loads(path.read_bytes())
            except ValueError as error:
                problems.append(f"{path}: JSON does not parse: {error}")
        elif path.suffix == ".ics":
            try:
                icalendar.Calendar.from_ical(path.read_bytes())
            except ValueError as error:
                problems.append(f"{path}: calendar does not parse: {error}")
    return problems
