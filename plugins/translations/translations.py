"""What one language's Pelican run reads, and what its templates know of the other languages.

The build (:mod:`passaparola.build.languages`) puts its plan for the run in the settings
(``LANGUAGES_RUN``): the content files this language does not publish, and the default language's
untranslated tips, pages and events to list with an "in italiano" mark. Without that key (a site
in one language) nothing here does anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from passaparola import i18n
from passaparola.build.languages import RUN_SETTING
from passaparola.rules.translations import SHARED_FIELDS


def _(message: str) -> str:
    """Marks a string for the theme's catalog; it is translated below, in the item's language."""
    return message


# The mark of an untranslated item, written in the item's own language ("in italiano").
LANGUAGE_MARKS = {"it": _("in Italian"), "en": _("in English")}


def read_only_this_language(generator) -> None:
    """``generator_init``: the generator's file search leaves out the other languages' files."""
    run = generator.settings.get(RUN_SETTING)
    if not run or not run["skip"]:
        return
    skip = run["skip"]
    find = generator.get_files

    def get_files(paths, exclude=None, extensions=None) -> set[str]:
        found = find(paths, exclude=exclude, extensions=extensions)
        return {path for path in found if _posix(path) not in skip}

    generator.get_files = get_files


def take_shared_fields_from_the_original(generator) -> None:
    """``generator_init``: a translation that leaves out a time or figure gets the original's.

    The rules (``passaparola.rules.translations.SHARED_FIELDS``) let a translation leave out an
    event's times, a review's rating, a service's price: they come from the original, read with
    the same reader when the translation is read.
    """
    run = generator.settings.get(RUN_SETTING)
    readers = getattr(getattr(generator, "readers", None), "readers", None)
    if not run or not run.get("originals") or not readers:
        return
    content_dir = Path(generator.settings["PATH"]).resolve()
    originals = run["originals"]
    for extension, reader in list(readers.items()):
        readers[extension] = _SharedFieldsReader(reader, originals, content_dir)


class _SharedFieldsReader:
    """A reader that completes a translation's metadata with the original's shared fields."""

    def __init__(self, reader, originals: dict[str, str], content_dir: Path) -> None:
        self._reader = reader
        self._originals = originals
        self._content_dir = content_dir

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)

    def read(self, source_path: str):
        content, metadata = self._reader.read(source_path)
        try:
            relative = Path(source_path).resolve().relative_to(self._content_dir).as_posix()
        except ValueError:
            return content, metadata
        original = self._originals.get(relative)
        if original is None:
            return content, metadata
        _body, original_metadata = self._reader.read(str(self._content_dir / original))
        for name in SHARED_FIELDS.get(relative.split("/", 1)[0], ()):
            key = name.lower()
            if key not in metadata and key in original_metadata:
                metadata[key] = original_metadata[key]
        return content, metadata


def _posix(path: str) -> str:
    return path.replace("\\", "/").removeprefix("./")


def mark_the_language_of_its_text(content) -> None:
    """``content_object_init``: in an extra language's run, a review (or any item) published as
    written, in the default language, says so: ``text_lang``, which templates put in ``lang``."""
    run = getattr(content, "settings", {}).get(RUN_SETTING)
    if run and run["lang"] != run["default"] and "lang" not in content.metadata:
        content.text_lang = run["default"]


def install_language_globals(generator) -> None:
    """``generator_init``: the templates' view of the other languages (switcher, alternates)."""
    run: dict[str, Any] | None = generator.settings.get(RUN_SETTING)
    if not run:
        return
    others = [code for code in run["languages"] if code != run["lang"]]
    generator.env.globals.update({
        "site_languages": run["languages"],
        "other_og_locales": [i18n.OG_LOCALES.get(code, code) for code in others],
        "default_lang": run["default"],
        "untranslated_mark": i18n.translations(run["default"], [Path(generator.settings["THEME"]) / "locale"])
        .gettext(LANGUAGE_MARKS.get(run["default"], run["default"])),
    })
    # In the context, not the globals: the render cache keys a page on the context values it
    # reads, so a list is rendered again when an untranslated title changes.
    generator.context["untranslated"] = run["untranslated"]
