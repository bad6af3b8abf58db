"""The three feed formats, each made from the same format-neutral items.

RSS 2.0 and Atom 1.0 are made by feedgen (with its Media RSS extension); the little feedgen can
not say itself — the WebSub hub link in RSS, ``dc:creator`` for an author without an e-mail
address and an item's update time in RSS — comes from the small ``PassaparolaExtension`` below.
JSON Feed 1.1 is a plain dict (checked by ``jsonfeed.validate``) serialised with ``json``.

Nothing here reads a clock: feedgen defaults every ``updated``/``lastBuildDate`` to *now*, so each
one is set explicitly, from the items, which makes an unchanged site give byte-identical feeds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from .jsonfeed import JSON_FEED_VERSION, validate

ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GENERATOR = "Passaparola"


@dataclass(frozen=True)
class FeedImage:
    """An image for auto-sharers: absolute URL, MIME type, size in bytes and pixels, text."""

    url: str
    mime: str
    length: int
    width: int | None = None
    height: int | None = None
    alt: str = ""


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed, already made absolute and plain where a format needs it."""

    id: str  # the absolute permalink: readers and auto-sharers remember it, so it never changes
    url: str
    title: str
    published: datetime
    updated: datetime
    author: str
    summary: str  # plain text
    content_html: str  # every URL absolute, the share image first when there is one
    tags: tuple[str, ...] = ()
    image: FeedImage | None = None
    # The language its text is written in, when not the feed's (an Italian review in the English
    # feed): RSS says it with dc:language, Atom with xml:lang, JSON Feed with the item's language.
    language: str | None = None


@dataclass(frozen=True)
class FeedLinks:
    """Where one feed lives: its files by format and the HTML page it follows."""

    page_url: str
    urls: dict[str, str] = field(default_factory=dict)  # format -> absolute URL of the file


@dataclass(frozen=True)
class FeedDocument:
    """Everything a format needs to write one feed."""

    title: str
    description: str
    language: str
    links: FeedLinks
    items: tuple[FeedItem, ...]
    updated: datetime
    rights: str = ""
    hub: str | None = None


class PassaparolaExtension(BaseExtension):
    """Adds ``<atom:link rel="hub">`` to an RSS channel (feedgen only writes rel="self" there)."""

    def __init__(self) -> None:
        self._hub: str | None = None

    def hub(self, url: str | None = None) -> str | None:
        """Get or set the WebSub hub URL."""
        if url is not None:
            self._hub = url
        return self._hub

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_rss(self, feed):
        if self._hub:
            channel = feed.find("channel")
            link = xml_elem(f"{{{ATOM_NS}}}link", channel, href=self._hub, rel="hub")
            # Keep it beside the self link, where readers and hubs look first.
            self_link = channel.find(f"{{{ATOM_NS}}}link")
            if self_link is not None:
                self_link.addnext(link)
        return feed

    def extend_atom(self, feed):
        return feed


class PassaparolaEntryExtension(BaseEntryExtension):
    """RSS items get ``dc:creator`` (the author's name) and ``atom:updated`` (the last edit);
    Atom entries get their links with ``rel``, ``type`` and ``length``.

    RSS's own ``<author>`` must be an e-mail address, which the salon does not publish for
    customers or staff; RSS has no update time at all, and feedparser and most readers read
    ``atom:updated`` inside an item. feedgen 1.0 writes an Atom entry's links with ``href`` only
    (it reads the other attributes from the element it has just made), which turns the
    ``rel="enclosure"`` image link into a second alternate link.
    """

    def __init__(self) -> None:
        self._creator: str | None = None
        self._updated: datetime | None = None
        self._atom_links: list[dict[str, str]] = []
        self._language: str | None = None

    def language(self, code: str | None = None) -> str | None:
        """Get or set the language of the item's text, when it is not the feed's."""
        if code is not None:
            self._language = code
        return self._language

    def atom_link(self, **attributes: str) -> None:
        """Add a link to the Atom entry (``href``, ``rel``, ``type``, ``length``...)."""
        self._atom_links.append({k: v for k, v in attributes.items() if v})

    def creator(self, name: str | None = None) -> str | None:
        """Get or set the author's name for RSS."""
        if name is not None:
            self._creator = name
        return self._creator

    def updated(self, when: datetime | None = None) -> datetime | None:
        """Get or set the item's last update time for RSS."""
        if when is not None:
            self._updated = when
        return self._updated

    def extend_rss(self, item):
        if self._creator:
            xml_elem(f"{{{DC_NS}}}creator", item).text = self._creator
        if self._updated:
            xml_elem(f"{{{ATOM_NS}}}updated", item).text = self._updated.isoformat()
        if self._language:
            xml_elem(f"{{{DC_NS}}}language", item).text = self._language
        return item

    def extend_atom(self, entry):
        if self._language:
            entry.set(XML_LANG, self._language)
        if self._atom_links:
            bare = entry.findall("link")
            position = list(entry).index(bare[0]) if bare else len(entry)
            for element in bare:
                entry.remove(element)
            for offset, attributes in enumerate(self._atom_links):
                entry.insert(position + offset, entry.makeelement("link", attributes))
        return entry


class _RssNamespaces(BaseExtension):
    """Declares the Dublin Core prefix on the RSS root, so items do not each redeclare it."""

    def extend_ns(self) -> dict[str, str]:
        return {"dc": DC_NS}


def _generator(document: FeedDocument, feed_format: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("media", atom=True, rss=True)
    fg.register_extension("passaparola", PassaparolaExtension, PassaparolaEntryExtension,
                          atom=True, rss=True)
    fg.register_extension("dcns", _RssNamespaces, None, atom=False, rss=True)
    fg.id(document.links.urls.get("atom") or document.links.page_url)
    fg.title(document.title)
    fg.description(document.description or document.title)
    fg.subtitle(document.description or document.title)
    fg.language(document.language)
    fg.generator(GENERATOR)
    if document.rights:
        fg.rights(document.rights)
    self_url = document.links.urls[feed_format]
    self_type = "application/rss+xml" if feed_format == "rss" else "application/atom+xml"
    fg.link(href=self_url, rel="self", type=self_type)
    if document.hub:
        fg.link(href=document.hub, rel="hub")
        fg.passaparola.hub(document.hub)
    # feedgen takes the channel's RSS <link> from the last link added: the page, so it goes last.
    fg.link(href=document.links.page_url, rel="alternate", type="text/html")
    fg.updated(document.updated)
    for item in document.items:
        _add_entry(fg, item)
    return fg


def _add_entry(fg: FeedGenerator, item: FeedItem) -> None:
    entry = fg.add_entry(order="append")
    entry.guid(item.id, permalink=True)
    entry.title(item.title)
    entry.link(href=item.url, rel="alternate", type="text/html")
    entry.passaparola.atom_link(href=item.url, rel="alternate", type="text/html")
    entry.published(item.published)
    entry.updated(item.updated)
    entry.author(name=item.author)
    entry.passaparola.creator(item.author)
    entry.passaparola.updated(item.updated)
    if item.language:
        entry.passaparola.language(item.language)
    for tag in item.tags:
        entry.category(term=tag)
    entry.content(item.content_html, type="html")
    entry.summary(item.summary)
    if item.image:
        image = item.image
        entry.enclosure(url=image.url, length=str(image.length), type=image.mime)
        entry.passaparola.atom_link(href=image.url, rel="enclosure", type=image.mime,
                                    length=str(image.length))
        size = {k: str(v) for k, v in (("width", image.width), ("height", image.height)) if v}
        entry.media.content(url=image.url, medium="image", type=image.mime,
                            fileSize=str(image.length), group=None, **size)
        entry.media.thumbnail(url=image.url, group=None, **size)


def rss_bytes(document: FeedDocument) -> bytes:
    """The feed as RSS 2.0 with Media RSS, UTF-8 bytes."""
    return _generator(document, "rss").rss_str(pretty=True)


def atom_bytes(document: FeedDocument) -> bytes:
    """The feed as Atom 1.0 with Media RSS, UTF-8 bytes."""
    return _generator(document, "atom").atom_str(pretty=True)


def json_feed(document: FeedDocument) -> dict:
    """The feed as a JSON Feed 1.1 dict."""
    data: dict = {
        "version": JSON_FEED_VERSION,
        "title": document.title,
        "home_page_url": document.links.page_url,
        "feed_url": document.links.urls["json"],
        "description": document.description or document.title,
        "language": document.language,
        "items": [_json_item(item, document.language) for item in document.items],
    }
    if document.hub:
        data["hubs"] = [{"type": "WebSub", "url": document.hub}]
    return data


def _json_item(item: FeedItem, language: str) -> dict:
    data: dict = {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_html": item.content_html,
        "summary": item.summary,
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "authors": [{"name": item.author}],
        "language": item.language or language,
    }
    if item.tags:
        data["tags"] = list(item.tags)
    if item.image:
        data["image"] = item.image.url
    return data


def json_bytes(document: FeedDocument) -> bytes:
    """The feed as JSON Feed 1.1, checked against the spec, UTF-8 bytes.

    Raises ValueError if the dict breaks the spec: that is a bug here, never the owner's content.
    """
    data = json_feed(document)
    problems = validate(data)
    if problems:
        raise ValueError("JSON Feed does not follow the 1.1 spec: " + "; ".join(problems))
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


FORMATS = {"rss": rss_bytes, "atom": atom_bytes, "json": json_bytes}
MIME_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml",
              "json": "application/feed+json"}
