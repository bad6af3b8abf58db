"""Feeds of the whole site, of each section and of each topic, in RSS, Atom and JSON Feed.

The plan (which feeds exist and where) is made once every generator has made its content
(``all_generators_finalized``), so the templates of every page can link to the feeds; the items
are made and the files written by ``FeedsGenerator.generate_output``, after the images plugin has
given the content its ``share_image``. The plugin works from the content lists in Pelican's
context and is generic over content kinds: tips (``articles``), ``events`` and ``testimonials``
get a feed each when their list exists and is not empty.

Dates: ``published`` is the content's ``Date``; ``updated`` is its ``Modified`` when set, else its
``Date``. Editing a post without adding ``Modified`` changes its text in the feeds but not its
``updated`` time: readers show it as unchanged. Nothing reads a clock or a file's mtime, so an
unchanged site builds byte-identical feeds.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import lxml.html
from pelican.generators import Generator

from passaparola import i18n
from passaparola.settings import EVENTS, SECTION_SLUGS, TESTIMONIALS, setting, site_language, site_timezone
from passaparola.web import absolute_url

from .formats import FORMATS, MIME_TYPES, FeedDocument, FeedImage, FeedItem, FeedLinks

logger = logging.getLogger(__name__)

# Section key (as in SECTION_SLUGS) -> the context list holding its content.
SECTION_LISTS = {"tips": "articles", "events": EVENTS, "reviews": TESTIMONIALS}
FORMAT_NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
# Attributes that hold a URL in content HTML; ``srcset`` holds several and is handled apart.
URL_ATTRIBUTES = ("href", "src", "poster", "cite", "longdesc", "data", "action", "formaction")
_ABSOLUTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SPACES = re.compile(r"\s+")
_JAVASCRIPT = re.compile(r"^\s*(javascript|vbscript|data:text/html)", re.IGNORECASE)



# --- The plan: which feeds exist, where, for which content ---------------------------------------

@dataclass
class FeedSpec:
    """One feed to write: its key (``all``, ``tips``, ``tag:<slug>``...), texts, links, content."""

    key: str
    label: str  # what the follow page calls it, e.g. "Consigli"
    title: str
    description: str
    page_path: str  # the HTML page the feed follows, site-relative
    paths: dict[str, str]  # format -> site-relative path of the file
    content: list = field(default_factory=list)
    # What templates read (see plugins/render_cache): pages then do not depend on feeds' content.
    __render_visible__ = ("key", "label", "title", "description", "page_path", "paths", "links")

    def links(self) -> list[dict[str, str]]:
        """For templates: one dict per format with its name, MIME type, path and a link title."""
        return [{"format": fmt, "name": FORMAT_NAMES[fmt], "type": MIME_TYPES[fmt], "path": path,
                 "title": f"{self.title} ({FORMAT_NAMES[fmt]})"} for fmt, path in self.paths.items()]


def _gettext(settings: dict[str, Any]):
    lang = site_language(settings)
    return i18n.translations(lang, [Path(settings["THEME"]) / "locale"]).gettext


def _by_newest(content: list) -> list:
    # Ties are broken by URL so that the order never depends on the order files were read in.
    return sorted(content, key=lambda obj: (obj.date, obj.url), reverse=True)


def plan_feeds(context: dict[str, Any], settings: dict[str, Any]) -> list[FeedSpec]:
    """Every feed of the site, from the content lists in the context."""
    _ = _gettext(settings)
    kinds = set(setting(settings, "FEEDS_KINDS"))
    formats = [f for f in setting(settings, "FEEDS_FORMATS") if f in FORMATS]
    files = setting(settings, "FEEDS_FILES")
    slugs = settings.get(SECTION_SLUGS) or {}
    sitename = settings.get("SITENAME", "")

    def paths(folder: str) -> dict[str, str]:
        prefix = f"{folder.strip('/')}/" if folder.strip("/") else ""
        return {fmt: prefix + files[fmt] for fmt in formats}

    labels = {"tips": _("Tips"), "events": _("Events"), "reviews": _("Reviews")}
    descriptions = {
        "tips": _("Hair care tips from %(name)s") % {"name": sitename},
        "events": _("Events, live streams and evenings at %(name)s") % {"name": sitename},
        "reviews": _("What our customers say about %(name)s") % {"name": sitename},
    }
    sections = [(key, context.get(list_name)) for key, list_name in SECTION_LISTS.items()]
    sections = [(key, list(items)) for key, items in sections if items and key in kinds]

    specs = []
    everything = [obj for _key, items in sections for obj in items]
    if "all" in kinds and everything:
        specs.append(FeedSpec("all", _("All news"), sitename,
                              settings.get("SITESUBTITLE", ""), "", paths(""),
                              _by_newest(everything)))
    for key, items in sections:
        slug = slugs.get(key, key)
        specs.append(FeedSpec(key, labels[key], f"{sitename} · {labels[key]}", descriptions[key],
                              f"{slug}/", paths(slug), _by_newest(items)))
    if "tags" in kinds:
        for tag, articles in sorted(context.get("tags") or [], key=lambda pair: pair[0].slug):
            label = _("Topic: %(tag)s") % {"tag": tag.name}
            specs.append(FeedSpec(
                f"tag:{tag.slug}", tag.name, f"{sitename} · {label}",
                _("Tips about %(tag)s from %(name)s") % {"tag": tag.name, "name": sitename},
                tag.url, paths(f"{slugs.get('tags', 'tags')}/{tag.slug}"), _by_newest(articles)))
    return specs


def template_data(specs: list[FeedSpec], context: dict[str, Any],
                  settings: dict[str, Any]) -> dict[str, Any]:
    """What the templates need: the site feed, each section's and tag's feeds, the follow page."""
    slugs = settings.get(SECTION_SLUGS) or {}
    by_key = {spec.key: spec for spec in specs}
    sections = {key: by_key[key] for key in SECTION_LISTS if key in by_key}
    calendar = None
    if context.get(EVENTS):
        calendar = setting(settings, "FEEDS_CALENDAR_PATH")
    return {
        "site": by_key.get("all"),
        "sections": sections,
        # Content plugins may call their section "testimonials" in templates.
        "by_active_section": {**sections, **({"testimonials": sections["reviews"]}
                                             if "reviews" in sections else {})},
        "tags": {spec.key.removeprefix("tag:"): spec for spec in specs if spec.key.startswith("tag:")},
        "calendar_path": calendar,
        "follow_path": f"{slugs.get('follow', 'follow')}/",
    }


# --- Items --------------------------------------------------------------------------------------

def plain_text(html: str) -> str:
    """The text of an HTML fragment, on one line."""
    if not html:
        return ""
    text = lxml.html.fragment_fromstring(html, create_parent="div").text_content()
    return _SPACES.sub(" ", text).strip()


def shorten(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary within ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit].rsplit(" ", 1)[0] if " " in text[: limit] else text[: limit - 1]
    return cut.rstrip(" ,;:.-–—…") + "…"


def item_summary(obj, settings: dict[str, Any]) -> str:
    """The item's plain-text summary: ``Social`` as written, else the kind's own feed summary, else
    the summary shortened on a word boundary."""
    social = getattr(obj, "social", None)
    if social:
        return _SPACES.sub(" ", str(social)).strip()
    limit = int(setting(settings, "FEEDS_SUMMARY_MAX_CHARS"))
    feed_summary = getattr(obj, "feed_summary", None)
    if feed_summary:
        return shorten(_SPACES.sub(" ", str(feed_summary)).strip(), limit)
    return shorten(plain_text(getattr(obj, "summary", "") or ""), limit)


def _absolute(settings: dict[str, Any], base_url: str, value: str) -> str:
    value = value.strip()
    if not value or _ABSOLUTE.match(value):
        return value
    if value.startswith("//"):
        return urljoin(base_url, value)
    if value.startswith("/"):
        return absolute_url(settings, value)
    return urljoin(base_url, value)


def _absolute_srcset(settings: dict[str, Any], base_url: str, srcset: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        parts = candidate.split()
        if parts:
            candidates.append(" ".join([_absolute(settings, base_url, parts[0]), *parts[1:]]))
    return ", ".join(candidates)


def absolute_html(html: str, base_url: str, settings: dict[str, Any],
                  image: FeedImage | None = None) -> str:
    """The HTML fragment with every URL absolute (relative ones resolved against ``base_url``),
    and ``image`` put first, for the newsletter tools that take an item's first picture."""
    root = lxml.html.fragment_fromstring(html or "", create_parent="div")
    # Content plugins already escape untrusted text; scripts never belong in a feed item anyway,
    # and some readers show items unsanitised.
    for script in root.xpath(".//script"):
        script.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions have no links
        for attribute in [name for name in element.attrib if name.lower().startswith("on")]:
            del element.attrib[attribute]
        for attribute in URL_ATTRIBUTES:
            value = element.get(attribute)
            if value is None:
                continue
            if _JAVASCRIPT.match(value):
                del element.attrib[attribute]
            else:
                element.set(attribute, _absolute(settings, base_url, value))
        if element.get("srcset"):
            element.set("srcset", _absolute_srcset(settings, base_url, element.get("srcset")))
    if image is not None:
        paragraph = lxml.html.Element("p")
        attributes = {"src": image.url, "alt": image.alt}
        attributes.update({k: str(v) for k, v in (("width", image.width), ("height", image.height))
                           if v})
        lxml.html.etree.SubElement(paragraph, "img", attributes)
        paragraph.tail, root.text = root.text, None
        root.insert(0, paragraph)
    serialised = lxml.html.tostring(root, encoding="unicode", method="html")
    return serialised[len("<div>"):-len("</div>")]


def share_image(obj, settings: dict[str, Any]) -> FeedImage | None:
    """The item's share image (set by the images plugin), or None when it has none usable."""
    data = getattr(obj, "share_image", None)
    if not isinstance(data, dict) or not data.get("path"):
        return None
    try:
        length = int(data.get("length") or 0)
    except (TypeError, ValueError):
        length = 0
    mime = str(data.get("mime") or "")
    if length <= 0 or not mime.startswith("image/"):
        # An enclosure without a true size or type breaks some auto-sharers: better none at all.
        logger.debug("share image of %s has no size or MIME type; left out of the feeds", obj.url)
        return None

    def pixels(name: str) -> int | None:
        try:
            return int(data.get(name)) or None
        except (TypeError, ValueError):
            return None

    return FeedImage(url=absolute_url(settings, str(data["path"])), mime=mime, length=length,
                     width=pixels("width"), height=pixels("height"), alt=str(data.get("alt") or ""))


def _aware(value: datetime, settings: dict[str, Any]) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=ZoneInfo(site_timezone(settings)))
    return value


def feed_item(obj, settings: dict[str, Any]) -> FeedItem:
    """The format-neutral feed item for one content object (tip, event, testimonial...)."""
    url = absolute_url(settings, obj.url)
    published = _aware(obj.date, settings)
    modified = getattr(obj, "modified", None)
    updated = max(_aware(modified, settings), published) if modified else published
    author = (getattr(obj, "feed_author", None) or str(getattr(obj, "author", "") or "")
              or settings.get("SITENAME", ""))
    image = share_image(obj, settings)
    return FeedItem(
        id=url,
        url=url,
        # Titles are plain text (Pelican does not render them): "<" in a title is a character.
        title=_SPACES.sub(" ", str(getattr(obj, "title", "") or "")).strip() or url,
        published=published,
        updated=updated,
        author=str(author),
        summary=item_summary(obj, settings),
        content_html=absolute_html(getattr(obj, "content", "") or "", url, settings, image),
        tags=tuple(str(tag) for tag in getattr(obj, "tags", None) or ()),
        image=image,
        language=_written_in(obj, settings),
    )


def _written_in(obj: Any, settings: dict[str, Any]) -> str | None:
    """The language of ``obj``'s text when it is not the site's (plugins/translations marks an
    item published as written in another language's site with ``text_lang``)."""
    written = getattr(obj, "text_lang", None) or getattr(obj, "lang", None)
    return written if written and written != site_language(settings) else None


def feed_document(spec: FeedSpec, settings: dict[str, Any]) -> FeedDocument:
    """The feed of ``spec`` with its newest items; its update time is the newest item's."""
    limit = int(setting(settings, "FEEDS_MAX_ITEMS"))
    items = tuple(feed_item(obj, settings) for obj in spec.content[:limit])
    return FeedDocument(
        title=spec.title,
        description=spec.description,
        language=site_language(settings),
        links=FeedLinks(page_url=absolute_url(settings, spec.page_path),
                        urls={fmt: absolute_url(settings, path) for fmt, path in spec.paths.items()}),
        items=items,
        updated=max(item.updated for item in items),
        rights=f"© {settings.get('SITENAME', '')}",
        hub=setting(settings, "FEEDS_WEBSUB_HUB") or None,
    )


# --- Pelican glue -------------------------------------------------------------------------------

class FeedsGenerator(Generator):
    """Writes every feed and the follow page, once every other generator made its content."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.specs: list[FeedSpec] = []

    def generate_context(self) -> None:
        """Nothing yet: the content of other generators may not exist at this point."""

    def plan(self) -> None:
        """Decide which feeds exist and give the templates their links."""
        self.specs = plan_feeds(self.context, self.settings)
        self.context["feed_links"] = template_data(self.specs, self.context, self.settings)

    def generate_output(self, writer) -> None:
        """Write the feed files and the follow page."""
        output = Path(self.output_path)
        for spec in self.specs:
            document = feed_document(spec, self.settings)
            for fmt, path in spec.paths.items():
                target = output / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(FORMATS[fmt](document))
        self._write_follow_page(writer)

    def _write_follow_page(self, writer) -> None:
        links = self.context["feed_links"]
        path = links["follow_path"]
        feeds = [spec for spec in self.specs if not spec.key.startswith("tag:")]
        tags = [spec for spec in self.specs if spec.key.startswith("tag:")]
        calendar_path = links["calendar_path"]
        writer.write_file(
            f"{path}index.html", self.get_template("follow"), self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False), url=path,
            follow_feeds=[_follow_entry(spec, self.settings) for spec in feeds],
            follow_tag_feeds=[_follow_entry(spec, self.settings) for spec in tags],
            calendar_url=absolute_url(self.settings, calendar_path) if calendar_path else None,
        )


def _follow_entry(spec: FeedSpec, settings: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": spec.key.replace(":", "-"),
        "label": spec.label,
        "description": spec.description,
        "page_url": absolute_url(settings, spec.page_path),
        "links": [{**link, "url": absolute_url(settings, link["path"])} for link in spec.links()],
    }


def get_generators(pelican) -> type[Generator]:
    """Pelican's ``get_generators`` signal: add the feeds generator."""
    return FeedsGenerator


def plan_after_all_generators(generators) -> None:
    """Pelican's ``all_generators_finalized`` signal: plan the feeds now that all content exists."""
    for generator in generators:
        if isinstance(generator, FeedsGenerator):
            generator.plan()
