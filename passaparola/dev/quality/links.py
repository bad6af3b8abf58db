"""The internal link checker: every link, image, srcset entry, stylesheet, script, feed and
calendar link of every page must resolve to a built file, and every ``#anchor`` must exist.

Links are read from the parsed HTML (lxml), never fetched: external links (other hosts) are only
listed, for a person to look at. Pretty URLs resolve as a static host serves them: ``x/`` is
``x/index.html``, and ``x`` is ``x/index.html`` when ``x`` is a folder.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

from passaparola.dev.quality.site import html_files, url_path

# Element -> attributes holding one URL each.
URL_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src",), "script": ("src",),
    "source": ("src",), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "iframe": ("src",), "embed": ("src",), "object": ("data",), "form": ("action",),
    "input": ("src",), "blockquote": ("cite",), "q": ("cite",),
}
SRCSET_ELEMENTS = ("img", "source")
# Schemes that leave the web site on purpose (a phone call, an e-mail) or carry their data inline:
# neither checked nor listed. Anything else but http(s) (``javascript:``...) is reported.
OTHER_SCHEMES = {"mailto", "tel", "sms", "geo", "webcal", "whatsapp", "data"}
# A local host page address, to resolve relative links the way a browser does.
LOCAL_ORIGIN = "http://site.invalid"


@dataclass
class LinkReport:
    """What the link checker found: broken links (one line each) and external links."""

    pages: int = 0
    links_checked: int = 0
    broken: list[str] = field(default_factory=list)
    # External URL -> the pages linking to it.
    external: dict[str, list[str]] = field(default_factory=dict)


def srcset_urls(srcset: str) -> list[str]:
    """The URLs of a ``srcset`` attribute (candidates are ``url [descriptor]``, comma-separated)."""
    urls = []
    for candidate in srcset.split(","):
        parts = candidate.split()
        if parts:
            urls.append(parts[0])
    return urls


def page_links(tree) -> list[tuple[str, str]]:
    """Every (element description, URL) pair of a parsed page."""
    found = []
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            value = element.get(attribute)
            if value is not None:
                found.append((f"<{tag} {attribute}>", value.strip()))
        if tag in SRCSET_ELEMENTS and element.get("srcset"):
            found.extend((f"<{tag} srcset>", url) for url in srcset_urls(element.get("srcset")))
    return found


def resolve_file(site_dir: Path, path: str) -> Path | None:
    """The built file a site path is served from, or None when nothing is there."""
    relative = unquote(path).lstrip("/")
    target = site_dir / relative
    if path.endswith("/") or relative == "" or target.is_dir():
        target = target / "index.html"
    try:
        target.resolve().relative_to(site_dir.resolve())
    except ValueError:
        return None  # a path that climbs out of the site
    return target if target.is_file() else None


@cache
def _anchors(file: Path) -> frozenset[str]:
    tree = lxml.html.parse(str(file))
    names = set(tree.xpath("//@id")) | set(tree.xpath("//a/@name"))
    return frozenset(str(n) for n in names)


def check_links(site_dir: Path, site_url: str = "") -> LinkReport:
    """Check every internal link of every page of the built site in ``site_dir``.

    ``site_url`` is the site's absolute address when it was built with one (publishconf):
    links to that host are internal too.
    """
    site_dir = Path(site_dir)
    own_host = urlsplit(site_url).netloc if site_url else ""
    base_path = urlsplit(site_url).path.rstrip("/") if site_url else ""
    report = LinkReport()
    external: dict[str, set[str]] = defaultdict(set)
    _anchors.cache_clear()
    for file in html_files(site_dir):
        report.pages += 1
        page = url_path(site_dir, file)
        tree = lxml.html.parse(str(file))
        for where, raw in page_links(tree):
            report.links_checked += 1
            if raw == "":
                report.broken.append(f"{page}: {where} is empty")
                continue
            absolute = urljoin(LOCAL_ORIGIN + page, raw)
            parts = urlsplit(absolute)
            if parts.scheme in OTHER_SCHEMES:
                continue
            if parts.scheme not in ("http", "https"):
                report.broken.append(f"{page}: {where} {raw!r} uses an unexpected scheme")
                continue
            internal = parts.netloc == urlsplit(LOCAL_ORIGIN).netloc
            path = parts.path
            if own_host and parts.netloc == own_host:
                internal = True
                path = path[len(base_path):] if path.startswith(base_path) else path
            if not internal:
                external[raw].add(page)
                continue
            target = resolve_file(site_dir, path or "/")
            if target is None:
                report.broken.append(f"{page}: {where} {raw!r} points to no built file")
            elif (parts.fragment and target.suffix == ".html"
                  and unquote(parts.fragment) not in _anchors(target)):
                report.broken.append(f"{page}: {where} {raw!r}: no element with "
                                     f"id {parts.fragment!r} in {url_path(site_dir, target)}")
    report.external = {url: sorted(pages) for url, pages in sorted(external.items())}
    return report
