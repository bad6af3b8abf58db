"""The sitemap and robots.txt: written after every page, from the pages actually written.

``sitemap.xml`` (sitemaps.org 0.9) lists every public HTML page of the output with the date its
content last changed; ``robots.txt`` allows everything but drafts and names the sitemap. The dates
come from the content lists of Pelican's context (tips, pages, and the events and testimonials
other plugins put there), remembered when the generators are done and used once the site is
written.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from passaparola.settings import EVENTS, HIDDEN_EVENTS, TESTIMONIALS, setting
from passaparola.web import absolute_url

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Kept in the settings of one Pelican run (never in a module global): what the sitemap needs
# from the generators' context, handed from `all_generators_finalized` to `finalized`.
SITEMAP_STATE_KEY = "_SITEMAP_STATE"
# Lists of the context whose objects have pages of their own, and those that are not public.
PUBLIC_LISTS = ("articles", "pages", EVENTS, TESTIMONIALS)
PRIVATE_LISTS = ("drafts", "hidden_articles", "draft_pages", "hidden_pages", "draft_events",
                 HIDDEN_EVENTS)


def _content_date(obj) -> datetime | None:
    return getattr(obj, "modified", None) or getattr(obj, "date", None)


def remember_pages(generators) -> None:
    """After every generator ran: the last change of each page's content, for the sitemap."""
    context = generators[0].context
    settings = generators[0].settings
    dates: dict[str, str] = {}
    newest: datetime | None = None
    for name in PUBLIC_LISTS:
        for obj in context.get(name) or []:
            changed = _content_date(obj)
            save_as = getattr(obj, "save_as", "")
            if changed is None or not save_as:
                continue
            dates[save_as] = changed.isoformat()
            if name != "pages" and (newest is None or changed > newest):
                newest = changed
    for tag, articles in context.get("tags") or []:
        changed = max((_content_date(a) for a in articles if _content_date(a)), default=None)
        if changed and getattr(tag, "save_as", ""):
            dates[tag.save_as] = changed.isoformat()
    private = {getattr(obj, "save_as", "") for name in PRIVATE_LISTS for obj in context.get(name) or []}
    private.add(settings.get("404_SAVE_AS") or "404.html")
    settings[SITEMAP_STATE_KEY] = {"dates": dates, "private": sorted(p for p in private if p),
                                   "newest": newest.isoformat() if newest else None}


# A page can only ask not to be indexed if its bytes spell "noindex" (in any case), or could
# through a character reference to one of its letters (&#110;, &#x6E;...). Pages without either
# (all but a few) are not parsed: the answer is the same, without reading them as HTML.
# (Case-sensitive patterns that start with "&#": the regex engine looks for that prefix quickly.)
_LETTER_REFERENCE = re.compile(rb"&#(?:0*(?:6[89]|7[389]|88|10[015]|11[01]|120)(?![0-9])"
                               rb"|[xX]0*(?:4[459dDeEfF]|58|6[459eEfF]|78)(?![0-9a-fA-F]))")
_ELEMENT = re.compile(rb"<[A-Za-z]")


def _is_noindex(page: Path | str) -> bool:
    with open(page, "rb") as stream:
        data = stream.read()
    if (b"noindex" not in data.lower() and not _LETTER_REFERENCE.search(data)
            and b"\0" not in data and _ELEMENT.search(data)):
        return False  # cannot spell the word; has an element; not UTF-16 (no NUL)
    document = lxml_html.parse(str(page)).getroot()
    if document is None:
        return True
    robots = document.xpath("//meta[@name='robots']/@content")
    return any("noindex" in value.lower() for value in robots)


def _page_url(save_as: str) -> str:
    if save_as == "index.html":
        return ""
    if save_as.endswith("/index.html"):
        return save_as[: -len("index.html")]
    return save_as


def _html_pages(output: Path) -> list[str]:
    """The site path of every HTML file in ``output``, in the order of their paths' parts.

    Hidden files and folders are another plugin's scratch files, never published pages.
    """
    pages = []
    root = str(output)
    # Paths as text: a large site has thousands of folders and pages, and Path objects cost more
    # than reading the pages themselves.
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        relative = folder[len(root) + 1:].replace(os.sep, "/")
        prefix = f"{relative}/" if relative else ""
        pages += [prefix + name for name in files
                  if name.endswith(".html") and not name.startswith(".")]
    return sorted(pages, key=lambda save_as: save_as.split("/"))


def sitemap_entries(output: Path, state: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(site path, lastmod) of every public HTML page written in ``output``."""
    private = set(state["private"])
    entries = []
    root = str(output)
    for save_as in _html_pages(output):
        if (save_as in private or save_as.startswith("drafts/")
                or _is_noindex(os.path.join(root, save_as))):
            continue
        entries.append((_page_url(save_as), state["dates"].get(save_as) or state["newest"]))
    return entries


def sitemap_xml(settings: dict[str, Any], entries: list[tuple[str, str | None]]) -> bytes:
    """The sitemap document (sitemaps.org protocol 0.9)."""
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
    for path, lastmod in entries:
        url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = absolute_url(settings, "/" + path)
        if lastmod:
            etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def robots_txt(settings: dict[str, Any], sitemap_save_as: str) -> str:
    """Everything may be crawled except drafts; the sitemap's absolute address."""
    lines = ["User-agent: *", "Disallow: /drafts/"]
    if sitemap_save_as:
        lines.append(f"Sitemap: {absolute_url(settings, sitemap_save_as)}")
    return "\n".join(lines) + "\n"


def write_sitemap_and_robots(pelican) -> None:
    """Write ``sitemap.xml`` and ``robots.txt`` into the output, from the pages just written."""
    settings = pelican.settings
    state = settings.get(SITEMAP_STATE_KEY)
    if state is None:
        return
    output = Path(pelican.output_path)
    sitemap_save_as = setting(settings, "SALON_SITEMAP_SAVE_AS")
    robots_save_as = setting(settings, "SALON_ROBOTS_SAVE_AS")
    if sitemap_save_as:
        (output / sitemap_save_as).write_bytes(sitemap_xml(settings, sitemap_entries(output, state)))
    if robots_save_as:
        (output / robots_save_as).write_text(robots_txt(settings, sitemap_save_as), encoding="utf-8")
