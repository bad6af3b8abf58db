"""Helpers for the feeds tests: finding and parsing feeds, mapping their URLs to built files."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
from lxml import etree, html

from passaparola.web import DEFAULT_PREVIEW_SITEURL

FEED_FILES = {"feed.xml": "rss", "atom.xml": "atom", "feed.json": "json"}
NS = {"atom": "http://www.w3.org/2005/Atom", "media": "http://search.yahoo.com/mrss/",
      "content": "http://purl.org/rss/1.0/modules/content/", "dc": "http://purl.org/dc/elements/1.1/"}
RFC822_WITH_ZONE = re.compile(r"^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
RFC3339_WITH_ZONE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$")


def feed_files(output: Path) -> dict[Path, str]:
    """Every feed file of a built site -> its format (the default language's: the demo's English
    feeds under ``en/`` are checked by tests/plugins/language)."""
    return {path: FEED_FILES[path.name] for path in sorted(output.rglob("*"))
            if path.name in FEED_FILES and path.is_file()
            and path.relative_to(output).parts[0] != "en"}


def built_file(output: Path, url: str, base: str = DEFAULT_PREVIEW_SITEURL) -> Path:
    """The file in ``output`` that an absolute URL of the site serves."""
    assert url.startswith(base + "/"), f"{url} is not a URL of the site"
    path = urlsplit(url).path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return output / path


def xml_feed_files(output: Path) -> list[Path]:
    """The RSS and Atom files (feedparser 6.0 does not read JSON Feed: those are checked apart)."""
    return [path for path, fmt in feed_files(output).items() if fmt != "json"]


def parsed(path: Path) -> feedparser.FeedParserDict:
    """An RSS or Atom feed parsed by feedparser."""
    return feedparser.parse(path.read_bytes())


def xml(path: Path) -> etree._Element:
    return etree.fromstring(path.read_bytes())


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def content_urls(fragment: str) -> list[str]:
    """Every URL in an HTML fragment: href, src and each srcset candidate."""
    if not fragment.strip():
        return []
    root = html.fragment_fromstring(fragment, create_parent="div")
    urls = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        urls.extend(element.get(a) for a in ("href", "src", "poster") if element.get(a) is not None)
        for candidate in (element.get("srcset") or "").split(","):
            if candidate.strip():
                urls.append(candidate.split()[0])
    return urls


@contextmanager
def connected(signal, receiver) -> Iterator[None]:
    """``receiver`` connected to a Pelican signal only while the block runs.

    Plugins loaded from a pelicanconf stay connected for every later build in the same process;
    a test's extra receivers must not leak into other tests' builds.
    """
    signal.connect(receiver)
    try:
        yield
    finally:
        signal.disconnect(receiver)

