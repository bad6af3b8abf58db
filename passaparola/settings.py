"""Every default of the project once, one way to read a setting, and the plugins' shared keys.

Like Pelican's ``DEFAULT_CONFIG``: a setting the owner does not write in ``pelicanconf.py`` takes
its value from :data:`DEFAULTS`, read through :func:`setting`. A value of ``None`` counts as not
written (``SALON = {"review_url": None}`` style), so one rule holds everywhere.

The context keys at the end are the seams between plugins: one plugin writes a key into Pelican's
context and others read it. Each constant says who writes it and who reads it, so a newcomer can
follow a value without searching for a bare string.
"""

from __future__ import annotations

from typing import Any

from PIL import Image

# --- Project-wide defaults ------------------------------------------------------------------------
# The language and clock of a site whose settings do not say. Pelican sets DEFAULT_LANG itself
# ("en"); ours is Italian because the owner's guide and the demo are.
PROJECT_DEFAULTS: dict[str, Any] = {
    "DEFAULT_LANG": "it",
    "TIMEZONE": "Europe/Rome",
}

# --- Plugin defaults: one section per plugin; its README documents each setting -----------------

# plugins/images (plugins/images/README.md)
IMAGES_DEFAULTS: dict[str, Any] = {
    "IMAGES_WIDTHS": [480, 960, 1600],
    "IMAGES_SHARE_WIDTH": 1200,
    "IMAGES_JPEG_QUALITY": 82,
    "IMAGES_WEBP_QUALITY": 80,
    "IMAGES_WORKERS": None,  # None: one per processor core
    "IMAGES_CACHE_PATH": ".cache/images",
    "IMAGES_CACHE_DAYS": 30,  # cache entries no build used for this long are deleted
    "IMAGES_MAX_PIXELS": Image.MAX_IMAGE_PIXELS,
    "IMAGES_SIZES": "(min-width: 46rem) 44rem, calc(100vw - 2rem)",
    "IMAGES_CARD_FONT": "fonts/DejaVuSans.ttf",
    "IMAGES_CARD_FONT_BOLD": "fonts/DejaVuSans-Bold.ttf",
}

# plugins/events (plugins/events/README.md)
EVENTS_DEFAULTS: dict[str, Any] = {
    "EVENTS_PATHS": ["events"],
    "EVENTS_DEFAULT_DURATION": "2h",
    "EVENTS_CALENDAR_SAVE_AS": "calendar.ics",
    "EVENTS_CALENDAR_REFRESH_HOURS": 12,
    "EVENTS_UID_DOMAIN": None,
    "EVENTS_NOW": None,
    "EVENTS_HOME_COUNT": 3,
    # Also the limit of the content rules (passaparola/rules/events.py reads it from here).
    "EVENTS_MAX_OCCURRENCES": 60,
    "EVENTS_NEXT_DATES_SHOWN": 6,
    "EVENTS_SEQUENCE_FILE": "events/sequence.json",
}

# plugins/testimonials (plugins/testimonials/README.md)
TESTIMONIALS_DEFAULTS: dict[str, Any] = {
    "TESTIMONIALS_PER_PAGE": 10,
    "TESTIMONIALS_HOME_COUNT": 3,
    "TESTIMONIALS_HOME_MIN_RATING": 4,
    "TESTIMONIALS_SUMMARY_WORDS": 40,
}

# plugins/feeds (plugins/feeds/README.md)
FEEDS_DEFAULTS: dict[str, Any] = {
    "FEEDS_FORMATS": ("rss", "atom", "json"),
    "FEEDS_MAX_ITEMS": 20,
    "FEEDS_WEBSUB_HUB": None,
    "FEEDS_FILES": {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"},
    "FEEDS_KINDS": ("all", "tips", "events", "reviews", "tags"),
    "FEEDS_SUMMARY_MAX_CHARS": 280,
    "FEEDS_CALENDAR_PATH": "calendar.ics",
}

# plugins/services (plugins/services/README.md)
SERVICES_DEFAULTS: dict[str, Any] = {
    "SERVICES_REVIEWS_SHOWN": 2,  # latest reviews shown under each service on the price list
    "SERVICES_PERSON_REVIEWS_SHOWN": 6,  # latest reviews on a person's page
}

# plugins/editor (plugins/editor/README.md)
EDITOR_DEFAULTS: dict[str, Any] = {
    "EDITOR_PUBLISH": False,
    "EDITOR_REPO": "",
    "EDITOR_BRANCH": "main",
    "EDITOR_AUTH_URL": "",
    "EDITOR_BUNDLE_DIR": None,  # None: node_modules/decap-cms/dist next to content/
    "EDITOR_SAVE_AS": "admin",
}

DEFAULTS: dict[str, Any] = {
    **PROJECT_DEFAULTS,
    **IMAGES_DEFAULTS,
    **EVENTS_DEFAULTS,
    **TESTIMONIALS_DEFAULTS,
    **FEEDS_DEFAULTS,
    **SERVICES_DEFAULTS,
    **EDITOR_DEFAULTS,
}


def setting(settings: dict[str, Any], name: str) -> Any:
    """The value of setting ``name``, or its default from :data:`DEFAULTS` when absent or None."""
    value = settings.get(name)
    return DEFAULTS[name] if value is None else value


def site_language(settings: dict[str, Any]) -> str:
    """The site's (default) language: ``DEFAULT_LANG``."""
    return setting(settings, "DEFAULT_LANG")


def site_timezone(settings: dict[str, Any]) -> str:
    """The salon's time zone name (IANA), used for every date and time shown or emitted."""
    return setting(settings, "TIMEZONE")


# --- Context keys shared between plugins ----------------------------------------------------------
# Written by one plugin into Pelican's context (or settings), read by others. Keep one line each:
# who writes, who reads.
