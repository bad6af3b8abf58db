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


def _posix(path: str) -> str:
    return path.replace("\\", "/").removeprefix("./")


def install_language_globals(generator) -> None:
    """``generator_init``: the templates' view of the other languages (switcher, alternates)."""
    run: dict[str, Any] | None = generator.settings.get(RUN_SETTING)
    if not run:
        return
    from language.language import OG_LOCALES  # the language plugin, loaded by Pelican before this one

    others = [code for code in run["languages"] if code != run["lang"]]
    generator.env.globals.update({
        "site_languages": run["languages"],
        "other_og_locales": [OG_LOCALES.get(code, code) for code in others],
        "untranslated": run["untranslated"],
        "default_lang": run["default"],
        "untranslated_mark": i18n.translations(run["default"], [Path(generator.settings["THEME"]) / "locale"])
        .gettext(LANGUAGE_MARKS.get(run["default"], run["default"])),
    })
