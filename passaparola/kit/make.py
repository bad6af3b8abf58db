"""``invoke kit``: write ``kit/`` beside ``output/``, one folder per published item.

The items come from a real Pelican build of the public settings (``publishconf.py``) into a
throw-away folder: the same objects, addresses and photos the published site has, and the same
content check, so a content error stops the kit as it stops the build. ``output/`` is not touched.

The kit is incremental: each folder keeps the key it was drawn from (the item's fields and photo,
the settings the kit shows, the kit's code and fonts); an item whose key did not change is left
as it is, and folders of items no longer published are removed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from passaparola.build import fingerprint
from passaparola.build.driver import BuildFailed, BuildMemory, build, load_settings
from passaparola.i18n import tool_gettext, tool_ngettext
from passaparola.kit import captions, images, printed
from passaparola.kit.items import KitItem, collect_items
from passaparola.settings import REVIEWS_URL, site_language
from passaparola.web import absolute_url

KIT_FOLDER = "kit"
KEY_FILE = ".kit-key"
INDEX_FILE = "index.json"
REVIEW_CARD = "review-card.pdf"
REVIEW_CARD_KEY = ".review-card-key"
ITEM_FILES = ("story.png", "square.png", "portrait.png", "caption.txt", "caption-short.txt",
              "google-post.json")
EVENT_FILES = ("flyer.pdf",)
FONTS = ("fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf")  # relative to the theme
# Settings whose values show in the kit: a change to any of them draws every item again.
SHOWN_SETTINGS = ("BRAND_COLORS", "SALON", "SITENAME", "SITEURL", "DEFAULT_LANG", "TIMEZONE")


@dataclass
class KitReport:
    """What a kit run did."""

    folder: Path
    items: list[KitItem] = field(default_factory=list)
    drawn: list[str] = field(default_factory=list)  # item folders written this time
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    review_target: str = ""


def labels_for(lang: str) -> dict[str, str]:
    """Every text the kit prints, in the site language."""
    _ = tool_gettext(lang)
    return {
        "tip": _("Tip"), "event": _("Event"), "testimonial": _("Review"),
        "all_day": _("All day"),
        "call_tip": _("Read the whole tip:"),
        "call_event": _("Details and booking:"),
        "call_testimonial": _("Book your appointment:"),
        "link_in_bio": _("link in bio"),
        "where": _("Where: {place}"),
        "online_join": _("Online: join at {url}"),
        "online_page": _("Online: the link to join is on the event's page"),
        "price": _("Price: {price}"),
        "scan_event": _("Scan the code for the details and to book"),
        "review_heading": _("Did you like it? Leave us a review"),
        "scan_review": _("Point your phone's camera at the code: it takes a minute"),
    }


def kit_folder(project_dir: Path, settings: dict[str, Any]) -> Path:
    """``kit/`` beside the site's output folder."""
    output = Path(settings["OUTPUT_PATH"])
    output = output if output.is_absolute() else Path(project_dir) / output
    return output.resolve().parent / KIT_FOLDER


def code_digest(theme: Path) -> str:
    """A digest of the kit's code and fonts: a change to either draws everything again."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")) + [theme / font for font in FONTS]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def settings_digest(settings: dict[str, Any]) -> str:
    shown = {name: settings.get(name) for name in SHOWN_SETTINGS}
    return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


def review_target(settings: dict[str, Any], context: dict[str, Any]) -> str:
    """Where the review card sends customers: ``SALON["review_url"]``, else the reviews page."""
    configured = (settings.get("SALON") or {}).get("review_url")
    return configured or absolute_url(settings, context.get(REVIEWS_URL) or "")


def _write_item(item: KitItem, target: Path, brand: images.Brand, contacts: printed.Contacts,
                labels: dict[str, str], lang: str, key: str) -> None:
    staging = target.parent / f".{target.name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for fmt in images.FORMATS:
        images.draw(item, fmt, brand, labels).save(staging / f"{fmt}.png", optimize=False)
    (staging / "caption.txt").write_text(captions.instagram_caption(item, labels), encoding="utf-8")
    (staging / "caption-short.txt").write_text(captions.short_caption(item, labels),
                                               encoding="utf-8")
    post = captions.google_local_post(item, lang, labels)
    (staging / "google-post.json").write_text(
        json.dumps(post, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if item.event:
        (staging / "flyer.pdf").write_bytes(printed.flyer(item, brand, contacts, labels))
    (staging / KEY_FILE).write_text(key, encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


def expected_files(item: KitItem) -> tuple[str, ...]:
    return ITEM_FILES + (EVENT_FILES if item.event else ())


def write_kit(memory: BuildMemory, folder: Path) -> KitReport:
    """Write the kit of a build's published items into ``folder``, drawing only what changed."""
    settings = memory.settings
    context = memory.generators[0].context
    lang = site_language(settings)
    labels = labels_for(lang)
    theme = Path(settings["THEME"])
    brand = images.brand_from(settings, tuple(str(theme / font) for font in FONTS))
    contacts = printed.contacts_from(settings, absolute_url(settings, "/"))
    report = KitReport(folder=folder, items=collect_items(context, settings))
    # The texts are part of the key too: a corrected translation draws every item again.
    shared = code_digest(theme) + settings_digest(settings) + json.dumps(labels, sort_keys=True)
    folder.mkdir(parents=True, exist_ok=True)
    for item in report.items:
        target = folder / item.section / item.slug
        key = hashlib.sha256((shared + item.digest()).encode()).hexdigest()
        key_file = target / KEY_FILE
        if (key_file.is_file() and key_file.read_text(encoding="utf-8") == key
                and all((target / name).is_file() for name in expected_files(item))):
            report.unchanged.append(item.folder)
            continue
        _write_item(item, target, brand, contacts, labels, lang, key)
        report.drawn.append(item.folder)
    kept = {item.folder for item in report.items}
    for key_file in sorted(folder.glob(f"*/*/{KEY_FILE}")):
        item_folder = key_file.parent.relative_to(folder).as_posix()
        if item_folder not in kept:
            shutil.rmtree(key_file.parent)
            report.removed.append(item_folder)
    for section in folder.iterdir():
        if section.is_dir() and not any(section.iterdir()):
            section.rmdir()
    report.review_target = review_target(settings, context)
    card_key = hashlib.sha256((shared + report.review_target).encode()).hexdigest()
    card_key_file = folder / REVIEW_CARD_KEY
    if not ((folder / REVIEW_CARD).is_file() and card_key_file.is_file()
            and card_key_file.read_text(encoding="utf-8") == card_key):
        (folder / REVIEW_CARD).write_bytes(
            printed.review_card(report.review_target, brand, contacts, labels))
        card_key_file.write_text(card_key, encoding="utf-8")
    index = {"review_card": REVIEW_CARD, "review_target": report.review_target,
             "items": [{"kind": item.kind, "folder": item.folder, "title": item.title,
                        "url": item.url, "files": list(expected_files(item))}
                       for item in report.items]}
    (folder / INDEX_FILE).write_text(json.dumps(index, ensure_ascii=False, indent=2) + "\n",
                                     encoding="utf-8")
    return report


def make_kit(project_dir: Path | str = ".", settings_file: str = "publishconf.py",
             folder: Path | None = None, overrides: dict[str, Any] | None = None) -> KitReport:
    """Build the public site into a throw-away folder and write the kit of its items.

    Raises :class:`passaparola.build.driver.BuildFailed` (nothing written) when the content has errors.
    """
    project_dir = Path(project_dir).resolve()
    folder = folder or kit_folder(project_dir, load_settings(project_dir, settings_file, overrides))
    remembered: list[BuildMemory] = []
    with tempfile.TemporaryDirectory(prefix=".kit-site-", dir=project_dir / ".cache"
                                     if (project_dir / ".cache").is_dir() else None) as scratch:
        site = Path(scratch) / "site"
        try:
            build(project_dir, settings_file, overrides=overrides, output_dir=site, force=True,
                  remember=remembered.append)
        finally:
            # The build's record of a folder that is about to go would only pile up.
            fingerprint.record_path(project_dir, site.resolve()).unlink(missing_ok=True)
        return write_kit(remembered[0], folder)


def make_kit_for_owner(project_dir: Path | str = ".", settings_file: str = "publishconf.py") -> int:
    """``invoke kit``: write the kit and say what was drawn; 1 when the content has errors."""
    project_dir = Path(project_dir).resolve()
    lang = site_language(load_settings(project_dir, settings_file))
    _ = tool_gettext(lang)
    print(_("Checking the content and preparing the social kit…"), flush=True)
    try:
        report = make_kit(project_dir, settings_file)
    except BuildFailed as failure:
        count = len(failure.problems)
        print(tool_ngettext(lang)("The kit was not made: {count} problem.",
                                  "The kit was not made: {count} problems.", count)
              .format(count=count), file=sys.stderr)
        for problem in failure.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(_("Kit ready in {folder}: {items} items, {drawn} drawn again, {unchanged} unchanged, "
            "{removed} removed.").format(
        folder=report.folder, items=len(report.items), drawn=len(report.drawn),
        unchanged=len(report.unchanged), removed=len(report.removed)))
    return 0
