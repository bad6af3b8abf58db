"""Social sharing: share cards, Open Graph and Twitter Card data, share links and the link page.

What a page says about itself when shared: its share image (a photo of its own, published by
``images.py``, or a card drawn from its title: :func:`card_spec` says what the card shows,
``encode.py`` draws it), the ``og:``/``twitter:`` values, plain share links (no third-party
script) and the "link in bio" page. Templates get these through ``social_meta``,
``share_links`` and ``salon_whatsapp_url``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from passaparola import i18n, web
from passaparola.settings import (
    SITE_SHARE_IMAGE,
    plugin_enabled,
    section_slug,
    setting,
    site_language,
    site_timezone,
)

from . import encode


def site_gettext(settings: dict[str, Any]):
    """``gettext`` of the site's language, from the theme's catalogs (cards and messages)."""
    lang = site_language(settings)
    return i18n.translations(lang, [Path(settings["THEME"]) / "locale"]).gettext


# --- share cards -----------------------------------------------------------------------------

def card_spec(settings: dict[str, Any], obj, kind: str, gettext=None) -> dict[str, Any]:
    """What a share card shows for ``obj`` (None: the site's own card).

    ``gettext`` is the site language's, when the caller has it already (finding the catalogs
    again for each of thousands of cards costs more than drawing some of them).
    """
    _ = gettext or site_gettext(settings)
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


def font_digest(spec: dict[str, Any], cache: dict[str, str]) -> str:
    """The fonts a card is drawn with, as part of its cache key (a new font redraws every card)."""
    digests = []
    for path in (spec["font"], spec["font_bold"]):
        if path not in cache:
            cache[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        digests.append(cache[path])
    return "".join(digests)


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
    if not plugin_enabled(settings, "images"):
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
    if not plugin_enabled(settings, "images"):
        return
    slug = section_slug(settings, "link")
    settings["LINK_SAVE_AS"] = f"{slug}/index.html"
    settings["LINK_URL"] = f"{slug}/"
    templates = list(settings.get("DIRECT_TEMPLATES", []))
    if "link" not in templates:
        templates.append("link")
    settings["DIRECT_TEMPLATES"] = templates
