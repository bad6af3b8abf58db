"""What the owner reads in the terminal: the check report and the summary of a built site."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from passaparola.i18n import TOOL_LOCALE_DIR, tool_gettext, translations
from passaparola.rules import Problem

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".svg", ".ico"}
FEED_SUFFIXES = {".xml", ".atom", ".rss"}


def format_check(problems: Iterable[Problem], lang: str, files_checked: int) -> list[str]:
    """The lines ``invoke check`` prints: errors, then warnings, then a count line."""
    _ = tool_gettext(lang)
    problems = list(problems)
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level != "error"]
    lines: list[str] = []
    if errors:
        lines.append(_("Errors (the site cannot be published until they are fixed):"))
        lines.extend(str(p) for p in errors)
    if warnings:
        if errors:
            lines.append("")
        lines.append(_("Warnings (worth knowing, they do not stop the site):"))
        lines.extend(str(p) for p in warnings)
    if errors or warnings:
        lines.append("")
    if not problems:
        lines.append(_("All good: {files} files checked, no problems.").format(files=files_checked))
    else:
        lines.append(_("{errors} error(s), {warnings} warning(s) in {files} files checked.").format(
            errors=len(errors), warnings=len(warnings), files=files_checked))
    return lines


def count_content_files(content_dir: Path) -> int:
    """How many Markdown files the check looked at."""
    return sum(1 for p in Path(content_dir).rglob("*") if p.suffix.lower() in {".md", ".markdown"}
               and p.is_file() and not any(part.startswith(".") for part in p.parts))


@dataclass
class SiteSummary:
    """How many files of each sort a built site has."""

    pages: int = 0
    feeds: int = 0
    calendars: int = 0
    images: int = 0
    other: int = 0
    total_bytes: int = 0

    @property
    def files(self) -> int:
        return self.pages + self.feeds + self.calendars + self.images + self.other


def file_sort(path: Path) -> str:
    """Which sort of file a built file is: page, feed, calendar, image or other."""
    suffix = path.suffix.lower()
    if suffix == ".html":
        return "pages"
    if suffix == ".ics":
        return "calendars"
    if suffix in IMAGE_SUFFIXES:
        return "images"
    if (suffix in FEED_SUFFIXES and not path.name.startswith("sitemap")) or (
            suffix == ".json" and "feed" in path.name):
        return "feeds"
    return "other"


def summarize_site(output_dir: Path) -> SiteSummary:
    """Count the files of a built site by sort."""
    counts: Counter[str] = Counter()
    total = 0
    for path in Path(output_dir).rglob("*"):
        if path.is_file():
            counts[file_sort(path)] += 1
            total += path.stat().st_size
    return SiteSummary(pages=counts["pages"], feeds=counts["feeds"], calendars=counts["calendars"],
                       images=counts["images"], other=counts["other"], total_bytes=total)


def format_summary(summary: SiteSummary, seconds: float, lang: str) -> str:
    """One line for the owner: pages, feeds, calendars, images, size and time taken."""
    _ = tool_gettext(lang)
    return _("{pages} pages, {feeds} feeds, {calendars} calendars, {images} images, {other} other "
             "files ({megabytes:.1f} MB) in {seconds:.1f} s").format(
        pages=summary.pages, feeds=summary.feeds, calendars=summary.calendars,
        images=summary.images, other=summary.other, megabytes=summary.total_bytes / 1_000_000,
        seconds=seconds)


def format_held_back(fates: dict[str, str], lang: str) -> str:
    """What the build kept off the site, e.g. ``Non pubblicati: 2 bozze e 1 consiglio programmato.``

    "" when everything was published. ``fates`` is :attr:`passaparola.build.driver.BuildResult.fates`.
    """
    catalog = translations(lang, [TOOL_LOCALE_DIR])
    drafts = sum(1 for fate in fates.values() if fate == "draft")
    scheduled_tips = sum(1 for path, fate in fates.items()
                         if fate == "scheduled" and path.startswith("tips/"))
    scheduled_other = sum(1 for path, fate in fates.items()
                          if fate == "scheduled" and not path.startswith("tips/"))
    items = []
    if drafts:
        items.append(catalog.ngettext("{count} draft", "{count} drafts", drafts).format(count=drafts))
    if scheduled_tips:
        items.append(catalog.ngettext("{count} scheduled tip", "{count} scheduled tips",
                                      scheduled_tips).format(count=scheduled_tips))
    if scheduled_other:
        items.append(catalog.ngettext("{count} other scheduled file", "{count} other scheduled files",
                                      scheduled_other).format(count=scheduled_other))
    if not items:
        return ""
    listed = items[0] if len(items) == 1 else (
        ", ".join(items[:-1]) + catalog.gettext(" and ") + items[-1])
    return catalog.gettext("Not published: {items}.").format(items=listed)
