"""Responsive, private images and share cards for every page.

- Every image under ``content/images/`` and every image a content file refers to (``Image``,
  testimonials' ``Photo``, ``{static}`` images in a body) is published re-encoded, from pixels
  only: the raw file, with its EXIF/GPS/XMP, never reaches the site. Derivatives at
  ``IMAGES_WIDTHS`` (never wider than the original) in WebP plus a JPEG (or PNG with
  transparency) fallback, and one ``IMAGES_SHARE_WIDTH`` derivative for social previews.
- Results are cached in ``IMAGES_CACHE_PATH`` under a hash of the source bytes and the settings:
  a rebuild without image changes encodes nothing. Encoding runs in ``IMAGES_WORKERS`` processes.
- Each content object gets ``cover`` (data for the ``picture`` macro) and ``share_image`` (the
  large derivative or a generated 1200×630 share card), read by Open Graph and the feeds.
- ``<img>`` in Markdown bodies become ``<picture>`` with ``srcset``, width/height and lazy loading.

This module publishes. ``workers.py`` runs the encodes (cache keys, the process pool),
``encode.py`` is the code the workers run, ``social.py`` says what a shared page shows (cards,
Open Graph, share links, the link page).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from lxml import html as lxml_html
from markupsafe import Markup

from passaparola import i18n
from passaparola.contents import replace_body
from passaparola.rules.base import body_image_path
from passaparola.rules.files import IMAGE_SUFFIXES  # one list with the rules, which report the rest
from passaparola.settings import (
    EVENTS,
    IMAGES_REPORT,
    SERVICES_WITH_IMAGE,
    SITE_SHARE_IMAGE,
    TEAM,
    TEAM_PRIVATE_PHOTOS,
    TESTIMONIALS,
    TESTIMONIALS_PRIVATE_PHOTOS,
    plugin_enabled,
    setting,
)

from . import encode
from .memo import DigestMemo
from .social import card_spec, font_digest, site_gettext
from .workers import (
    batch_size,  # noqa: F401 - the speed tests read it from this module
    cache_key,
    cpu_seconds,
    photo_spec,
    run_jobs,
    worker_count,
)

logger = logging.getLogger(__name__)

IMAGES_FOLDER = "images"
CARDS_FOLDER = "images/share"
REPORT_FILE = "report.json"


def report_file(settings: dict[str, Any]) -> str:
    """The report of this run: ``report.json`` for the site's (default) language; an extra
    language's run, which finds its images already encoded, writes ``report.<lang>.json``."""
    return i18n.run_file_name(REPORT_FILE, settings)
# Context lists whose objects get a cover and a share image, with the kind used in card names.
CONTENT_LISTS = {"articles": "tips", "pages": "pages", "hidden_pages": "pages",
                 EVENTS: "events", TESTIMONIALS: "reviews",
                 TEAM: "team", SERVICES_WITH_IMAGE: "services"}
_INTRASITE = re.compile(r"^[{|](?P<what>static|attach)[|}](?P<path>.*)$")



def enabled(settings: dict[str, Any]) -> bool:
    """Whether this build lists the plugin in ``PLUGINS`` (its receivers outlive a build)."""
    return plugin_enabled(settings, "images")


# --- which files are images ------------------------------------------------------------------

class PublishedImage:
    """Stands in for Pelican's Static object, so ``{static}`` links resolve to the re-encoded file.

    The address is only known once the image has been decoded (a WebP source with transparency is
    published as PNG, without as JPEG), so ``url`` reads the plugin's results when asked, which
    Pelican does while writing pages, after the images were made.
    """

    def __init__(self, relative: str, published: dict[str, dict[str, Any]]):
        self.relative = relative
        self._published = published
        self.source_path = relative

    @property
    def save_as(self) -> str:
        entry = self._published.get(self.relative)
        return entry["full"] if entry else self.relative

    @property
    def url(self) -> str:
        # Pelican puts this in an href or src as it is: "Foto Mare.jpg" must be "Foto%20Mare.jpg".
        return quote(self.save_as)

    def attach_to(self, content) -> None:
        """Pelican calls this for ``{attach}`` links; images keep their own folder."""


def _image_state(context: dict[str, Any]) -> dict[str, Any]:
    """The plugin's state for this build, kept in Pelican's context (never in module globals)."""
    return context.setdefault("_images_state", {"published": {}})


def is_image(path: str | Path) -> bool:
    return Path(str(path)).suffix.lower() in IMAGE_SUFFIXES


def take_over_static_images(generator) -> None:
    """Keep Pelican from copying raw images; answer ``{static}`` links with the published files.

    Connected to ``static_generator_finalized``: the static generator has listed the files it will
    copy, including images linked from content; images are removed from that list here.
    """
    if not enabled(generator.settings):
        return
    context = generator.context
    state = _image_state(context)
    kept = []
    private = private_images(context)
    content_dir = Path(generator.settings["PATH"]).resolve()
    for static in generator.staticfiles:
        relative = static.get_relative_source_path()
        if is_image(relative) and (content_dir / relative).resolve() in private:
            continue  # dropped from the list: never copied, never published
        if is_image(relative):
            context["static_content"][relative] = PublishedImage(relative, state["published"])
        else:
            kept.append(static)
    generator.staticfiles[:] = kept
    context["staticfiles"] = generator.staticfiles


# --- resolving image references --------------------------------------------------------------

def metadata_path(value: str) -> str:
    """``images/x.jpg``, ``/images/x.jpg`` or ``{static}/images/x.jpg`` -> ``images/x.jpg``."""
    match = _INTRASITE.match(value)
    target = match.group("path") if match else value
    return unquote(target.split("#")[0].split("?")[0]).lstrip("/")


def body_path(src: str, obj) -> str | None:
    """The content-relative path of an ``<img src>`` in a body, or None if it is not ours.

    The content rules read the same addresses the same way (``body_image_path``): a photo written
    without ``{static}`` (``images/tips/x.jpg``) is published too, never left a broken image.
    """
    return body_image_path(src, getattr(obj, "relative_dir", "") or "")


@dataclass
class Reference:
    """Where a content object refers to an image: for error messages naming the content file."""

    obj: Any
    field: str  # "Image", "Photo" or "body"


@dataclass
class Plan:
    """Every image and card of the build and who refers to them."""

    images: dict[str, list[Reference]] = field(default_factory=dict)  # relative path -> refs
    covers: list[tuple[Any, str, str, str]] = field(default_factory=list)  # obj, kind, path, alt


def content_objects(context: dict[str, Any]) -> list[tuple[Any, str]]:
    """Every content object that gets a page of its own, with its kind."""
    seen: set[int] = set()
    objects = []
    for name, kind in CONTENT_LISTS.items():
        for obj in context.get(name) or []:
            if id(obj) not in seen:
                seen.add(id(obj))
                objects.append((obj, kind))
    return objects


def cover_reference(obj, kind: str) -> tuple[str, str, str] | None:
    """(field name, image path, alt text) of an object's cover, if it has one."""
    if kind == "reviews":
        photo = getattr(obj, "photo", None)
        if photo:
            return "Photo", metadata_path(str(photo)), str(getattr(obj, "photo_alt", "") or "")
        return None
    image = getattr(obj, "image", None)
    if image:
        return "Image", metadata_path(str(image)), str(getattr(obj, "image_alt", "") or "")
    return None


def _body_images(obj) -> list[str]:
    content = getattr(obj, "_content", "") or ""
    if "<img" not in content:
        return []
    found = []
    for element in lxml_html.fragment_fromstring(content, create_parent="div").iter("img"):
        path = body_path(element.get("src", ""), obj)
        if path:
            found.append(path)
    return found


def private_images(context: dict[str, Any]) -> set[Path]:
    """Images that must stay off the site: photos of customers or staff shared without consent."""
    return {Path(p).resolve() for key in (TESTIMONIALS_PRIVATE_PHOTOS, TEAM_PRIVATE_PHOTOS)
            for p in context.get(key) or ()}


def make_plan(context: dict[str, Any], content_dir: Path) -> Plan:
    """Every image to publish: the whole images folder plus anything the content refers to."""
    plan = Plan()
    private = private_images(context)
    folder = content_dir / IMAGES_FOLDER
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and is_image(path) and path.resolve() not in private and not any(
                    part.startswith(".") for part in path.relative_to(content_dir).parts):
                plan.images.setdefault(path.relative_to(content_dir).as_posix(), [])
    for obj, kind in content_objects(context):
        cover = cover_reference(obj, kind)
        if cover:
            field_name, path, alt = cover
            plan.images.setdefault(path, []).append(Reference(obj, field_name))
            plan.covers.append((obj, kind, path, alt))
        for path in _body_images(obj):
            plan.images.setdefault(path, []).append(Reference(obj, "body"))
    return plan


# --- publishing names ------------------------------------------------------------------------

def published_names(relative: str, meta: dict[str, Any], taken: set[str] | None = None
                    ) -> dict[str, str]:
    """Cache file name -> site path, e.g. ``w480.webp`` -> ``images/tips/sole-480w.webp``.

    When a path is already ``taken`` (``sole.jpg`` and ``sole.png`` side by side), the source's
    extension becomes part of the name: ``sole-png-480w.webp``.
    """
    names = _names_for_stem(relative.rsplit(".", 1)[0], meta)
    if taken is not None and taken.intersection(names.values()):
        names = _names_for_stem(relative.replace(".", "-"), meta)
    if taken is not None:
        taken.update(names.values())
    return names


def _names_for_stem(stem: str, meta: dict[str, Any]) -> dict[str, str]:
    names = {}
    for name in meta["files"]:
        if name.startswith("full."):
            names[name] = f"{stem}.{meta['ext']}"
        else:
            width, ext = name[1:].split(".")
            names[name] = f"{stem}-{width}w.{ext}"
    return names


def _copy_out(cache_dir: Path, key: str, names: dict[str, str], output: Path) -> None:
    for name, site_path in names.items():
        target = output / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        # A hard link costs no bytes and no copying; the build never writes into a published
        # file, and the cache entry is never changed once stored (read-only, and checked against
        # its digests before each use: encode.cached_meta), so both stay right. Where links are
        # not possible (another file system), the bytes are copied.
        try:
            os.link(cache_dir / key / name, target)
        except OSError:
            shutil.copyfile(cache_dir / key / name, target)


# --- what templates get ----------------------------------------------------------------------

def _site_url(settings: dict[str, Any], path: str) -> str:
    return f"{settings.get('SITEURL', '')}/{quote(path)}"


def picture_data(settings: dict[str, Any], entry: dict[str, Any], alt: str,
                 sizes: str | None = None) -> dict[str, Any]:
    """What the ``picture`` macro needs: sources, fallback, intrinsic size and alt text."""
    paths = entry["paths"]
    meta = entry["meta"]
    fallback = [(w, paths[f"w{w}.{meta['ext']}"]) for w in meta["widths"]]
    webp = [(w, paths[f"w{w}.webp"]) for w in meta["widths"]]
    middle = next((p for w, p in fallback if w >= 900), fallback[-1][1])
    return {
        "sources": [{"type": "image/webp",
                     "srcset": ", ".join(f"{_site_url(settings, p)} {w}w" for w, p in webp)}],
        "src": _site_url(settings, middle),
        "srcset": ", ".join(f"{_site_url(settings, p)} {w}w" for w, p in fallback),
        "sizes": sizes or setting(settings, "IMAGES_SIZES"),
        "type": meta["mime"],
        "width": meta["width"],
        "height": meta["height"],
        "alt": alt,
        "full": _site_url(settings, entry["full"]),
    }


def share_from_photo(entry: dict[str, Any], alt: str) -> dict[str, Any]:
    meta = entry["meta"]
    name = f"w{meta['share_width']}.{meta['ext']}"
    width, height, length = meta["files"][name]
    return {"path": entry["paths"][name], "width": width, "height": height, "mime": meta["mime"],
            "length": length, "alt": alt}


# --- the build step --------------------------------------------------------------------------

def _log_problem(path: str, field_name: str, message: str, image: str | None = None) -> None:
    # The build driver reports every error record as "path:line: logger: message"; a logger named
    # after the content field makes that line read like the content rules' own messages. The
    # driver finds the line from the field (or, in the body, from the image's name).
    logging.getLogger(field_name).error("%s", message, extra={"content_path": path,
                                                              "content_image": image})


def _display(settings: dict[str, Any], source_path: str) -> str:
    root = Path(settings["PATH"]).resolve().parent
    try:
        return str(Path(source_path).resolve().relative_to(root))
    except ValueError:
        return str(source_path)


def process_images(generators) -> None:
    """Publish every image and card, and give each content object its cover and share image.

    The steps, in order: plan the encodes (photos, then share cards), run those not cached,
    report the files that could not be encoded, copy the results out, hand them to the content.
    """
    if not generators or not enabled(generators[0].settings):
        return
    started, cpu_started = time.perf_counter(), cpu_seconds()
    context = generators[0].context
    settings = generators[0].settings
    content_dir = Path(settings["PATH"]).resolve()
    output = Path(settings["OUTPUT_PATH"])
    cache_dir = Path(setting(settings, "IMAGES_CACHE_PATH")).resolve()
    cache_dir.mkdir(parents=True, exist_ok=True)
    _ = site_gettext(settings)
    plan = make_plan(context, content_dir)
    spec = photo_spec(settings)

    jobs = EncodeJobs()
    memo = DigestMemo(cache_dir)  # what earlier builds already read and checked (memo.py)
    photo_keys = plan_photo_jobs(plan, settings, content_dir, memo, spec, jobs, _)
    cards = plan_card_jobs(context, plan, settings, memo, jobs, _)
    results = run_jobs(jobs.jobs, worker_count(settings))
    encoded_files, encoded_sources = report_failed_encodes(jobs, results, plan, settings,
                                                           content_dir, spec, _)
    published = _image_state(context)["published"]
    publish_photos(photo_keys, memo, output, published)
    card_data = publish_cards(cards, memo, output)
    give_images_to_content(context, settings, plan, published, card_data)

    prune_cache(cache_dir, set(photo_keys.values()) | {key for _path, key in cards.values()},
                int(setting(settings, "IMAGES_CACHE_DAYS")))
    memo.save()
    report = {"encoded": encoded_files, "encoded_sources": sorted(encoded_sources),
              "images": len(photo_keys), "cards": len(cards), "workers": worker_count(settings),
              "jobs": len(jobs.jobs), "seconds": round(time.perf_counter() - started, 3),
              "cpu_seconds": round(cpu_seconds() - cpu_started, 3)}
    context[IMAGES_REPORT] = report
    (cache_dir / report_file(settings)).write_text(json.dumps(report, sort_keys=True),
                                                   encoding="utf-8")
    logger.info("images: %s", json.dumps(report, sort_keys=True))


@dataclass
class EncodeJobs:
    """The encodes this build must run (those not in the cache), each with the name it reports."""

    jobs: list[tuple[Any, ...]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def add(self, name: str, job: tuple[Any, ...]) -> None:
        self.jobs.append(job)
        self.names.append(name)


def plan_photo_jobs(plan: Plan, settings: dict[str, Any], content_dir: Path, memo: DigestMemo,
                    spec: dict[str, Any], jobs: EncodeJobs, _) -> dict[str, str]:
    """The cache key of every referenced photo that exists; a missing one is reported."""
    spec_text = json.dumps(spec, sort_keys=True)
    photo_keys: dict[str, str] = {}
    for relative, references in sorted(plan.images.items()):
        source = content_dir / relative
        if not source.is_file():
            for ref in references:
                _log_problem(_display(settings, ref.obj.source_path), ref.field,
                             _("the image '{path}' does not exist").format(path=relative), relative)
            continue
        key = memo.photo_key(source, spec_text)
        photo_keys[relative] = key
        if memo.cached_meta(key) is None:
            jobs.add(relative, (encode.encode_photo, str(source), str(memo.cache_dir), key, spec))
    return photo_keys


def plan_card_jobs(context: dict[str, Any], plan: Plan, settings: dict[str, Any], memo: DigestMemo,
                   jobs: EncodeJobs, _) -> dict[int, tuple[str, str]]:
    """The share card of the site (key 0) and of every object without a cover photo of its own.

    Keyed by ``id(obj)``: (site path, cache key).
    """
    cards: dict[int, tuple[str, str]] = {}
    card_specs: dict[str, dict[str, Any]] = {}
    font_digests: dict[str, str] = {}
    covered = {id(obj) for obj, *_rest in plan.covers}
    for obj, kind in [(None, "home")] + content_objects(context):
        if obj is not None and id(obj) in covered:
            continue
        card = card_spec(settings, obj, kind, _)
        key = cache_key(json.dumps(card, sort_keys=True), font_digest(card, font_digests))
        site_path = f"{CARDS_FOLDER}/{'home' if obj is None else f'{kind}-{obj.slug}'}.png"
        cards[id(obj) if obj is not None else 0] = (site_path, key)
        if key not in card_specs and memo.cached_meta(key) is None:
            card_specs[key] = card
            jobs.add(site_path, (encode.encode_card, str(memo.cache_dir), key, card))
    return cards


def report_failed_encodes(jobs: EncodeJobs, results: list[dict[str, Any]], plan: Plan,
                          settings: dict[str, Any], content_dir: Path, spec: dict[str, Any],
                          _) -> tuple[int, list[str]]:
    """Report each file that could not be encoded at its references; count what was encoded."""
    encoded_files = 0
    encoded_sources = []
    for name, result in zip(jobs.names, results, strict=True):
        if "error" in result:
            references = plan.images.get(name) or []
            reason = {
                "not-an-image": _("it is not an image Pillow can read (JPEG, PNG, WebP, GIF...)"),
                "unreadable": _("the file is damaged or cut short"),
                "too-many-pixels": _("it has too many pixels; make it smaller than {limit} "
                                     "pixels in all").format(limit=spec["max_pixels"]),
            }[result["error"]]
            message = _("the image '{path}' cannot be published: {reason}").format(
                path=name, reason=reason)
            for ref in references:
                _log_problem(_display(settings, ref.obj.source_path), ref.field, message, name)
            if not references:
                _log_problem(_display(settings, str(content_dir / name)), "file", message)
            continue
        encoded_files += result["encoded"]
        encoded_sources.append(name)
    return encoded_files, encoded_sources


def publish_photos(photo_keys: dict[str, str], memo: DigestMemo, output: Path,
                   published: dict[str, Any]) -> None:
    """Copy every encoded photo into the output under its published names, and remember them."""
    taken: set[str] = set()
    for relative, key in sorted(photo_keys.items()):
        meta = memo.cached_meta(key)
        if meta is None:  # could not be encoded: already reported
            continue
        names = published_names(relative, meta, taken)
        _copy_out(memo.cache_dir, key, names, output)
        published[relative] = {"meta": meta, "paths": names, "full": names[f"full.{meta['ext']}"]}


def publish_cards(cards: dict[int, tuple[str, str]], memo: DigestMemo,
                  output: Path) -> dict[int, dict[str, Any]]:
    """Copy every share card into the output; what a page says about each (size, type, length)."""
    card_data: dict[int, dict[str, Any]] = {}
    for owner, (site_path, key) in cards.items():
        meta = memo.cached_meta(key)
        if meta is None:
            continue
        _copy_out(memo.cache_dir, key, {"card.png": site_path}, output)
        width, height, length = meta["files"]["card.png"]
        card_data[owner] = {"path": site_path, "width": width, "height": height,
                            "mime": meta["mime"], "length": length}
    return card_data


def give_images_to_content(context: dict[str, Any], settings: dict[str, Any], plan: Plan,
                           published: dict[str, Any], card_data: dict[int, dict[str, Any]]) -> None:
    """The site's share card, each object's cover and share image, and pictures in its body."""
    site_card = dict(card_data.get(0) or {})
    site_card["alt"] = f"{settings.get('SITENAME', '')}: {settings.get('SITESUBTITLE', '')}"
    context[SITE_SHARE_IMAGE] = site_card

    for obj, _kind, relative, alt in plan.covers:
        entry = published.get(relative)
        if entry is None:
            continue
        obj.cover = picture_data(settings, entry, alt)
        obj.share_image = share_from_photo(entry, alt)
    for obj, _kind in content_objects(context):
        if id(obj) in card_data:
            obj.cover = getattr(obj, "cover", None)
            obj.share_image = {**card_data[id(obj)], "alt": Markup(str(obj.title)).striptags()}
        rewrite_body_images(obj, settings, published)


def prune_cache(cache_dir: Path, used: set[str], days: int) -> None:
    """Mark the entries this build used, and delete those no build used for ``days`` days.

    Entries are not deleted at once: another build (the other language, a test copy with other
    widths) may share the folder and still need them.
    """
    now = time.time()
    for key in used:
        meta = cache_dir / key / encode.META_FILE
        if meta.is_file():
            os.utime(meta, (now, now))
    for entry in cache_dir.iterdir():
        if not entry.is_dir() or entry.name in used:
            continue
        marker = entry / encode.META_FILE
        last_used = marker.stat().st_mtime if marker.is_file() else entry.stat().st_mtime
        if now - last_used > days * 86400:
            shutil.rmtree(entry, ignore_errors=True)


def rewrite_body_images(obj, settings: dict[str, Any], published: dict[str, Any]) -> None:
    """Turn each ``<img>`` of a body that points at a published image into a ``<picture>``."""
    content = getattr(obj, "_content", "") or ""
    if "<img" not in content:
        return
    root = lxml_html.fragment_fromstring(content, create_parent="div")
    changed = False
    for img in list(root.iter("img")):
        relative = body_path(img.get("src", ""), obj)
        entry = published.get(relative) if relative else None
        if entry is None:
            continue
        data = picture_data(settings, entry, img.get("alt", ""))
        picture = lxml_html.Element("picture")
        for source in data["sources"]:
            picture.append(lxml_html.Element("source", type=source["type"], srcset=source["srcset"],
                                             sizes=data["sizes"]))
        attributes = {"src": data["src"], "srcset": data["srcset"], "sizes": data["sizes"],
                      "width": str(data["width"]), "height": str(data["height"]),
                      "alt": data["alt"], "loading": "lazy", "decoding": "async"}
        if img.get("title"):
            attributes["title"] = img.get("title")
        picture.append(lxml_html.Element("img", **attributes))
        picture.tail = img.tail
        img.getparent().replace(img, picture)
        changed = True
    if not changed:
        return
    text = (root.text or "") + "".join(
        lxml_html.tostring(child, encoding="unicode", method="html") for child in root)
    # libxml2 serialises HTML 4, which has no <source>: drop the end tag HTML 5 forbids.
    text = text.replace("</source>", "")
    replace_body(obj, text)


def rewrite_replaced_body(obj, context: dict[str, Any], settings: dict[str, Any]) -> bool:
    """The preview gave ``obj`` a new body: rewrite its images as the build does.

    False when the body shows an image this build did not publish (it needs a complete build).
    """
    published = _image_state(context)["published"]
    if any(path not in published for path in _body_images(obj)):
        return False
    rewrite_body_images(obj, settings, published)
    return True


