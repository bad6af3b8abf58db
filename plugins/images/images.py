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
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import resource
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from lxml import html as lxml_html
from markupsafe import Markup

from passaparola import i18n, web
from passaparola.build.processes import die_with_parent
from passaparola.contents import replace_body
from passaparola.rules.base import body_image_path
from passaparola.rules.files import IMAGE_SUFFIXES  # one list with the rules, which report the rest
from passaparola.settings import (
    DEFAULTS,
    EVENTS,
    IMAGES_REPORT,
    SITE_SHARE_IMAGE,
    TEAM_PRIVATE_PHOTOS,
    TESTIMONIALS,
    TESTIMONIALS_PRIVATE_PHOTOS,
    section_slug,
    setting,
    site_language,
    site_timezone,
)

from . import encode

logger = logging.getLogger(__name__)

IMAGES_FOLDER = "images"
CARDS_FOLDER = "images/share"
REPORT_FILE = "report.json"
# Context lists whose objects get a cover and a share image, with the kind used in card names.
CONTENT_LISTS = {"articles": "tips", "pages": "pages", "hidden_pages": "pages",
                 EVENTS: "events", TESTIMONIALS: "reviews",
                 "team": "team", "services_with_image": "services"}
_INTRASITE = re.compile(r"^[{|](?P<what>static|attach)[|}](?P<path>.*)$")



def enabled(settings: dict[str, Any]) -> bool:
    """Whether this build lists the plugin in ``PLUGINS``.

    Pelican's signals outlive a build: once any build in a process has loaded the plugin, its
    receivers stay connected for the next builds, even those whose settings leave it out.
    """
    names = [getattr(p, "__name__", str(p)) for p in settings.get("PLUGINS") or []]
    return any(name == "images" or name.endswith(".images") for name in names)


def _gettext(settings: dict[str, Any]):
    lang = site_language(settings)
    return i18n.translations(lang, [Path(settings["THEME"]) / "locale"]).gettext


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


# --- encoding --------------------------------------------------------------------------------

def photo_spec(settings: dict[str, Any]) -> dict[str, Any]:
    """The settings that change how a photo is encoded (part of its cache key)."""
    max_pixels = int(setting(settings, "IMAGES_MAX_PIXELS") or 0)
    if max_pixels <= 0:
        # The decompression-bomb limit protects the build; it can be changed but not turned off.
        max_pixels = DEFAULTS["IMAGES_MAX_PIXELS"]
    return {
        "widths": sorted(int(w) for w in setting(settings, "IMAGES_WIDTHS")),
        "share_width": int(setting(settings, "IMAGES_SHARE_WIDTH")),
        "jpeg_quality": int(setting(settings, "IMAGES_JPEG_QUALITY")),
        "webp_quality": int(setting(settings, "IMAGES_WEBP_QUALITY")),
        "max_pixels": max_pixels,
    }


def cache_key(*parts: bytes | str) -> str:
    digest = hashlib.sha256(encode.ENCODER_DIGEST.encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


# A cold build of a large site has thousands of jobs, most of them cards of a few milliseconds:
# jobs go to the workers in batches, so that passing them costs little, but in enough batches
# (at least BATCHES_PER_WORKER per worker) that both cores stay busy until the last one ends.
MAX_BATCH = 8
BATCHES_PER_WORKER = 16


def batch_size(jobs: int, workers: int) -> int:
    """How many jobs each batch sent to a worker process holds."""
    return max(1, min(MAX_BATCH, jobs // (workers * BATCHES_PER_WORKER)))


def run_jobs(jobs: list[tuple[Any, ...]], workers: int) -> list[dict[str, Any]]:
    """Run ``(function, *args)`` jobs, in worker processes when there is more than one.

    Returns one result per job, in the order of ``jobs``.
    """
    if not jobs:
        return []
    if workers <= 1 or len(jobs) == 1:
        return encode.run_batch(jobs)
    size = batch_size(len(jobs), workers)
    batches = [jobs[start:start + size] for start in range(0, len(jobs), size)]
    with ProcessPoolExecutor(max_workers=min(workers, len(batches)),
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(encode.run_batch, batch) for batch in batches]
        return [result for future in futures for result in future.result()]


def _cpu_seconds() -> float:
    """CPU time of this process and of its child processes that ended (the encoding workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def worker_count(settings: dict[str, Any]) -> int:
    return max(1, int(setting(settings, "IMAGES_WORKERS") or os.cpu_count() or 1))


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


# --- share cards -----------------------------------------------------------------------------

def card_spec(settings: dict[str, Any], obj, kind: str, gettext=None) -> dict[str, Any]:
    """What a share card shows for ``obj`` (None: the site's own card).

    ``gettext`` is the site language's, when the caller has it already (finding the catalogs
    again for each of thousands of cards costs more than drawing some of them).
    """
    _ = gettext or _gettext(settings)
    theme = Path(settings["THEME"])
    colors = dict(settings.get("BRAND_COLORS") or {})
    colors.setdefault("primary", "#8c2f57")
    colors.setdefault("accent", "#d9a441")
    spec: dict[str, Any] = {
        "font": str(theme / setting(settings, "IMAGES_CARD_FONT")),
        "font_bold": str(theme / setting(settings, "IMAGES_CARD_FONT_BOLD")),
        "colors": colors,
        "footer": settings.get("SITENAME", ""),
        "footer_right": (settings.get("SALON") or {}).get("city", ""),
        "kicker": "",
        "stars": 0,
    }
    if obj is None:
        spec["title"] = encode.short_title(settings.get("SITESUBTITLE") or settings.get("SITENAME", ""))
        spec["kicker"] = settings.get("SITENAME", "")
        spec["footer"] = _("Book online or send us a message")
        return spec
    spec["title"] = encode.short_title(Markup(str(obj.title)).striptags())
    lang, zone = site_language(settings), site_timezone(settings)
    if kind == "tips":
        spec["kicker"] = _("Tip")
    elif kind == "events":
        start = getattr(obj, "start", None)
        spec["kicker"] = _("Event")
        if start:
            spec["kicker"] = i18n.format_date(start, lang=lang, timezone=zone, fmt="full")
            if not getattr(obj, "all_day", False):
                spec["kicker"] += " · " + i18n.format_time(start, lang=lang, timezone=zone)
    elif kind == "reviews":
        spec["kicker"] = _("Review")
        rating = getattr(obj, "rating", None)
        spec["stars"] = int(rating) if isinstance(rating, int) else 0
        name = getattr(obj, "reviewer_name", None)
        if name:
            spec["kicker"] = _("Review by %(name)s") % {"name": name}
    return spec


def _font_digest(spec: dict[str, Any], cache: dict[str, str]) -> str:
    digests = []
    for path in (spec["font"], spec["font_bold"]):
        if path not in cache:
            cache[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        digests.append(cache[path])
    return "".join(digests)


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
    """Publish every image and card, and give each content object its cover and share image."""
    if not generators or not enabled(generators[0].settings):
        return
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    context = generators[0].context
    settings = generators[0].settings
    state = _image_state(context)
    content_dir = Path(settings["PATH"]).resolve()
    output = Path(settings["OUTPUT_PATH"])
    cache_dir = Path(setting(settings, "IMAGES_CACHE_PATH")).resolve()
    cache_dir.mkdir(parents=True, exist_ok=True)
    _ = _gettext(settings)
    plan = make_plan(context, content_dir)
    spec = photo_spec(settings)
    spec_text = json.dumps(spec, sort_keys=True)

    photo_keys: dict[str, str] = {}
    jobs: list[tuple[Any, ...]] = []
    job_names: list[str] = []
    for relative, references in sorted(plan.images.items()):
        source = content_dir / relative
        if not source.is_file():
            for ref in references:
                _log_problem(_display(settings, ref.obj.source_path), ref.field,
                             _("the image '{path}' does not exist").format(path=relative), relative)
            continue
        key = cache_key(source.read_bytes(), spec_text)
        photo_keys[relative] = key
        if encode.cached_meta(cache_dir, key) is None:
            jobs.append((encode.encode_photo, str(source), str(cache_dir), key, spec))
            job_names.append(relative)

    cards: dict[int, tuple[str, str]] = {}  # id(obj) -> (site path, key); 0 is the site's card
    card_specs: dict[str, dict[str, Any]] = {}
    font_digests: dict[str, str] = {}
    covered = {id(obj) for obj, *_rest in plan.covers}
    for obj, kind in [(None, "home")] + content_objects(context):
        if obj is not None and id(obj) in covered:
            continue
        card = card_spec(settings, obj, kind, _)
        key = cache_key(json.dumps(card, sort_keys=True), _font_digest(card, font_digests))
        site_path = f"{CARDS_FOLDER}/{'home' if obj is None else f'{kind}-{obj.slug}'}.png"
        cards[id(obj) if obj is not None else 0] = (site_path, key)
        if key not in card_specs and encode.cached_meta(cache_dir, key) is None:
            card_specs[key] = card
            jobs.append((encode.encode_card, str(cache_dir), key, card))
            job_names.append(site_path)

    results = run_jobs(jobs, worker_count(settings))
    encoded_files = 0
    encoded_sources = []
    for name, result in zip(job_names, results, strict=True):
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

    published = state["published"]
    taken: set[str] = set()
    for relative, key in sorted(photo_keys.items()):
        meta = encode.cached_meta(cache_dir, key)
        if meta is None:  # could not be encoded: already reported
            continue
        names = published_names(relative, meta, taken)
        _copy_out(cache_dir, key, names, output)
        published[relative] = {"meta": meta, "paths": names, "full": names[f"full.{meta['ext']}"]}

    card_data: dict[int, dict[str, Any]] = {}
    for owner, (site_path, key) in cards.items():
        meta = encode.cached_meta(cache_dir, key)
        if meta is None:
            continue
        _copy_out(cache_dir, key, {"card.png": site_path}, output)
        width, height, length = meta["files"]["card.png"]
        card_data[owner] = {"path": site_path, "width": width, "height": height,
                            "mime": meta["mime"], "length": length}

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

    prune_cache(cache_dir, set(photo_keys.values()) | {key for _path, key in cards.values()},
                int(setting(settings, "IMAGES_CACHE_DAYS")))
    report = {"encoded": encoded_files, "encoded_sources": sorted(encoded_sources),
              "images": len(photo_keys), "cards": len(cards), "workers": worker_count(settings),
              "jobs": len(jobs), "seconds": round(time.perf_counter() - started, 3),
              "cpu_seconds": round(_cpu_seconds() - cpu_started, 3)}
    context[IMAGES_REPORT] = report
    (cache_dir / REPORT_FILE).write_text(json.dumps(report, sort_keys=True), encoding="utf-8")
    logger.info("images: %s", json.dumps(report, sort_keys=True))


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


# --- template helpers ------------------------------------------------------------------------

def _page_path(output_file: str) -> str:
    if output_file.endswith("index.html"):
        return output_file[: -len("index.html")]
    return output_file


def social_meta(settings: dict[str, Any], context: dict[str, Any], obj=None,
                output_file: str = "", kind: str = "", title: str = "") -> dict[str, Any]:
    """Everything Open Graph, Twitter Card and the canonical link say about one page."""
    share = getattr(obj, "share_image", None) if obj is not None else None
    share = share or context.get(SITE_SHARE_IMAGE) or {}
    if obj is not None and getattr(obj, "url", None) is not None:
        path = obj.url
        title = Markup(str(obj.title)).striptags()
        description = Markup(str(getattr(obj, "feed_summary", None) or getattr(obj, "summary", "")
                                 or settings.get("SITESUBTITLE", ""))).striptags()
        og_type = "website" if kind == "pages" else "article"
    else:
        path = _page_path(output_file or "")
        title = f"{title} · {settings.get('SITENAME', '')}" if title else settings.get("SITENAME", "")
        description = settings.get("SITESUBTITLE", "")
        og_type = "website"
    return {
        "title": title,
        "description": " ".join(description.split()),
        "type": og_type,
        "url": web.absolute_url(settings, path or "/"),
        "canonical": output_file != settings.get("404_SAVE_AS", "404.html"),
        "image": web.absolute_url(settings, share.get("path", "")) if share else "",
        "image_width": share.get("width"),
        "image_height": share.get("height"),
        "image_type": share.get("mime"),
        "image_alt": share.get("alt", ""),
        "published": getattr(obj, "date", None) if kind == "tips" else None,
        "modified": getattr(obj, "modified", None) if kind == "tips" else None,
    }


def share_links(settings: dict[str, Any], obj) -> dict[str, str]:
    """Plain share links (no third-party script) for one content object."""
    url = web.absolute_url(settings, obj.url)
    title = Markup(str(obj.title)).striptags()
    text = f"{title} {url}"
    q = lambda value: quote(value, safe="")  # noqa: E731 - a local shorthand
    return {
        "url": url,
        "title": title,
        "whatsapp": web.whatsapp_url(text=text),
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={q(url)}",
        "x": f"https://x.com/intent/post?text={q(title)}&url={q(url)}",
        "telegram": f"https://t.me/share/url?url={q(url)}&text={q(title)}",
        "email": f"mailto:?subject={q(title)}&body={q(text)}",
    }


def install_template_helpers(generator) -> None:
    """Give templates ``social_meta``, ``share_links`` and the link page's data."""
    settings, context = generator.settings, generator.context
    if not enabled(settings):
        return
    kinds = {"article": "tips", "page": "pages", "event": "events", "testimonial": "reviews"}

    def social(obj=None, output_file: str = "", variable: str = "", title: str = "") -> dict[str, Any]:
        return social_meta(settings, context, obj, output_file, kinds.get(variable, ""), title)

    generator.env.globals.update({
        "social_meta": social,
        "share_links": lambda obj: share_links(settings, obj),
        "salon_whatsapp_url": web.whatsapp_url((settings.get("SALON") or {}).get("whatsapp", "")),
    })


def add_link_page(pelican) -> None:
    """Publish the "link in bio" page at the ``link`` section (``/link/``) as a direct template."""
    settings = pelican.settings
    if not enabled(settings):
        return
    slug = section_slug(settings, "link")
    settings["LINK_SAVE_AS"] = f"{slug}/index.html"
    settings["LINK_URL"] = f"{slug}/"
    templates = list(settings.get("DIRECT_TEMPLATES", []))
    if "link" not in templates:
        templates.append("link")
    settings["DIRECT_TEMPLATES"] = templates
