"""Translations and locale-aware formatting that never touch the system locale.

UI strings are written in English in the source (templates and Python) and translated through
gettext catalogs kept as ``.po`` files: ``theme/locale/<lang>/*.po`` for the site, and
``passaparola/locale/<lang>/*.po`` for the tool's own messages. Every ``.po`` file of a language
is merged into one catalog, so each capability keeps its strings in a file of its own. Catalogs
are compiled in memory by Babel: there is no ``.mo`` file to forget to rebuild.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_time as babel_format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from passaparola.settings import PROJECT_DEFAULTS

TOOL_LOCALE_DIR = Path(__file__).parent / "locale"

# Open Graph wants a territory; these are the usual ones for each language.
OG_LOCALES = {"it": "it_IT", "en": "en_GB"}

def _catalog_files(locale_dirs: Iterable[Path], lang: str) -> tuple[tuple[str, float], ...]:
    files = []
    for folder in locale_dirs:
        lang_dir = Path(folder) / lang
        if lang_dir.is_dir():
            files.extend(sorted(lang_dir.glob("*.po")))
    # The modification times are part of the cache key, so `invoke serve` sees edited catalogs.
    return tuple((str(path), path.stat().st_mtime) for path in files)


@lru_cache(maxsize=16)
def _load(files: tuple[tuple[str, float], ...], lang: str) -> NullTranslations:
    if not files:
        return NullTranslations()
    merged: Translations | None = None
    for path, _mtime in files:
        with open(path, "rb") as po_file:
            catalog = read_po(po_file, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        translations = Translations(buffer)
        if merged is None:
            merged = translations
        else:
            merged.merge(translations)
    return merged


def translations(lang: str, locale_dirs: Iterable[Path] = ()) -> NullTranslations:
    """The merged gettext translations for ``lang`` from every ``.po`` file in ``locale_dirs``."""
    return _load(_catalog_files(tuple(locale_dirs), lang), lang)


def tool_gettext(lang: str):
    """``gettext`` for the tool's own messages (content errors, task output) in ``lang``."""
    return translations(lang, [TOOL_LOCALE_DIR]).gettext


def tool_ngettext(lang: str):
    """``ngettext`` for the tool's messages that count: "1 problema", "2 problemi"."""
    return translations(lang, [TOOL_LOCALE_DIR]).ngettext


def babel_locale(lang: str) -> Locale:
    """The Babel locale for a site language such as ``it`` or ``en``."""
    return Locale.parse(lang.replace("-", "_"))


def _aware(value: datetime, timezone: str) -> datetime:
    zone = ZoneInfo(timezone)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def format_date(value: date | datetime, lang: str, timezone: str, fmt: str = "long") -> str:
    """A date in the site's language, e.g. ``3 marzo 2027`` / ``3 March 2027``."""
    if isinstance(value, datetime):
        value = _aware(value, timezone).date()
    return babel_format_date(value, format=fmt, locale=babel_locale(lang))


def format_datetime(value: datetime, lang: str, timezone: str, fmt: str = "long") -> str:
    """A date and time in the site's language and time zone."""
    zone = ZoneInfo(timezone)
    return babel_format_datetime(_aware(value, timezone), format=fmt, tzinfo=zone,
                                 locale=babel_locale(lang))


def format_time(value: datetime, lang: str, timezone: str, fmt: str = "short") -> str:
    """A time of day in the site's language and time zone, e.g. ``18:30``."""
    zone = ZoneInfo(timezone)
    return babel_format_time(_aware(value, timezone), format=fmt, tzinfo=zone,
                             locale=babel_locale(lang))


# Languages the site is written in: the theme and the tool have a catalog for each (English is
# the language of the source itself). DEFAULT_LANG must be one of these.
SUPPORTED_LANGUAGES = ("it", "en")
FALLBACK_LANGUAGE = PROJECT_DEFAULTS["DEFAULT_LANG"]


def owner_language(lang: object) -> str:
    """The language of the owner's messages: ``DEFAULT_LANG`` if the site supports it, else Italian.

    A mistyped DEFAULT_LANG ("fr") is itself reported; the report must still be readable.
    """
    return lang if lang in SUPPORTED_LANGUAGES else FALLBACK_LANGUAGE  # type: ignore[return-value]


def language_names(in_lang: str) -> str:
    """``it (italiano), en (inglese)``: the supported languages named in ``in_lang``."""
    names = babel_locale(owner_language(in_lang)).languages
    return ", ".join(f"{code} ({names.get(code, code)})" for code in SUPPORTED_LANGUAGES)


def site_languages(settings: dict) -> list[str]:
    """The site's languages, the default first: ``LANGUAGES``, or only ``DEFAULT_LANG`` without it.

    A site in one language (no ``LANGUAGES``, or ``LANGUAGES = [DEFAULT_LANG]``) is built exactly
    as before the setting existed. ``passaparola.rules.translations`` checks the setting itself.
    """
    default = settings.get("DEFAULT_LANG", FALLBACK_LANGUAGE)
    languages = settings.get("LANGUAGES")
    if not isinstance(languages, (list, tuple)) or not languages:
        return [default]
    return [str(code) for code in languages]


def run_file_name(name: str, settings: dict) -> str:
    """``name`` for the run of the site's first language, ``name`` with the run's language before
    its suffix (``report.en.json``) for an extra language's run, which keeps files of its own."""
    lang = settings.get("DEFAULT_LANG", FALLBACK_LANGUAGE)
    if lang == site_languages(settings)[0]:
        return name
    path = Path(name)
    return path.stem + f".{lang}" + path.suffix
