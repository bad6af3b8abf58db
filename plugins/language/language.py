"""Everything that depends on ``DEFAULT_LANG``.

- URL sections: ``/consigli/`` in Italian, ``/tips/`` in English (setting ``SECTION_SLUGS``).
- UI strings: the theme's gettext catalogs (``theme/locale/<lang>/*.po``) installed in Jinja2.
- Dates: Babel filters in the site's time zone, never the system locale.
- Pelican's category, author and archive pages are switched off here (their addresses are made
  of words in the site's language, so this is where the URL settings are): a salon's site has
  one author and one category of tips, and those pages would be empty copies of the tips list.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from pelican.paginator import PaginationRule

from passaparola import i18n
from passaparola.settings import (
    SECTION_SLUGS,
    section_slugs,
    site_language,
    site_timezone,
)


def configure_urls(pelican) -> None:
    """Set Pelican's URL settings from the language, and turn off pages a salon has no use for."""
    settings = pelican.settings
    slugs = section_slugs(settings)
    settings[SECTION_SLUGS] = slugs
    tips, tags, page = slugs["tips"], slugs["tags"], slugs["page"]
    settings.update({
        "ARTICLE_URL": f"{tips}/{{slug}}/",
        "ARTICLE_SAVE_AS": f"{tips}/{{slug}}/index.html",
        "ARTICLE_LANG_URL": f"{{lang}}/{tips}/{{slug}}/",
        "ARTICLE_LANG_SAVE_AS": f"{{lang}}/{tips}/{{slug}}/index.html",
        "DRAFT_URL": f"drafts/{tips}/{{slug}}/",
        "DRAFT_SAVE_AS": f"drafts/{tips}/{{slug}}/index.html",
        "PAGE_URL": "{slug}/",
        "PAGE_SAVE_AS": "{slug}/index.html",
        "PAGE_LANG_URL": "{lang}/{slug}/",
        "PAGE_LANG_SAVE_AS": "{lang}/{slug}/index.html",
        "DRAFT_PAGE_URL": "drafts/{slug}/",
        "DRAFT_PAGE_SAVE_AS": "drafts/{slug}/index.html",
        "TAG_URL": f"{tags}/{{slug}}/",
        "TAG_SAVE_AS": f"{tags}/{{slug}}/index.html",
        "TAGS_URL": f"{tags}/",
        "TAGS_SAVE_AS": f"{tags}/index.html",
        "INDEX_URL": f"{tips}/",
        "INDEX_SAVE_AS": f"{tips}/index.html",
        "HOME_SAVE_AS": "index.html",
        "CATEGORY_SAVE_AS": "",
        "CATEGORIES_SAVE_AS": "",
        "AUTHOR_SAVE_AS": "",
        "AUTHORS_SAVE_AS": "",
        "ARCHIVES_SAVE_AS": "",
        "PAGINATION_PATTERNS": [
            PaginationRule(1, "{url}", "{save_as}"),
            PaginationRule(2, f"{{base_name}}/{page}/{{number}}/",
                           f"{{base_name}}/{page}/{{number}}/index.html"),
        ],
    })
    # With category pages off, Pelican gives articles no category, and then fails writing a
    # draft (it passes draft.category to the template). Every tip is in the one "tips" category.
    settings["DEFAULT_METADATA"] = {"category": "tips", **dict(settings.get("DEFAULT_METADATA", {}))}
    direct = list(settings.get("DIRECT_TEMPLATES", []))
    for template in ("home", "index", "tags", "404"):
        if template not in direct:
            direct.append(template)
    settings["DIRECT_TEMPLATES"] = [t for t in direct if t not in ("categories", "authors",
                                                                   "archives")]
    settings.setdefault("404_SAVE_AS", "404.html")
    settings["PAGINATED_TEMPLATES"] = {"index": None, "tag": None}


def locale_dirs(settings: dict[str, Any]) -> list[Path]:
    """Where the theme's catalogs are."""
    return [Path(settings["THEME"]) / "locale"]


def install_translations(generator) -> None:
    """Give the generator's Jinja2 environment gettext and the date filters for the site language."""
    settings = generator.settings
    lang = site_language(settings)
    timezone = site_timezone(settings)
    env = generator.env
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(i18n.translations(lang, locale_dirs(settings)), newstyle=True)
    env.filters.update({
        "date_long": partial(i18n.format_date, lang=lang, timezone=timezone, fmt="long"),
        "date_medium": partial(i18n.format_date, lang=lang, timezone=timezone, fmt="medium"),
        "date_full": partial(i18n.format_date, lang=lang, timezone=timezone, fmt="full"),
        "datetime_long": partial(i18n.format_datetime, lang=lang, timezone=timezone, fmt="long"),
        "time_short": partial(i18n.format_time, lang=lang, timezone=timezone, fmt="short"),
        "isoformat": _isoformat,
    })
    env.globals.update({
        "lang": lang,
        "og_locale": i18n.OG_LOCALES.get(lang, lang),
        "section_slugs": section_slugs(settings),
    })


def _isoformat(value) -> str:
    return value.isoformat()
