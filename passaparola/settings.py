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


def slug_substitutions(settings: dict[str, Any]) -> list[tuple[str, str]]:
    """The SLUG_REGEX_SUBSTITUTIONS Pelican makes addresses with: the site's, else Pelican's default.

    Settings read by Pelican always have it; the settings of a check or a test may not, and must
    still give the address Pelican would.
    """
    from pelican.settings import DEFAULT_CONFIG

    value = settings.get("SLUG_REGEX_SUBSTITUTIONS")
    return DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"] if value is None else value


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

# plugins/sitemap (plugins/sitemap/README.md); the names keep the SALON_ prefix they were born with.
SITEMAP_DEFAULTS: dict[str, Any] = {
    "SALON_SITEMAP_SAVE_AS": "sitemap.xml",  # "": no sitemap
    "SALON_ROBOTS_SAVE_AS": "robots.txt",  # "": no robots.txt
}

# plugins/search (plugins/search/README.md)
SEARCH_DEFAULTS: dict[str, Any] = {
    "SEARCH_INDEX": True,
    "SEARCH_BUNDLE_DIR": "pagefind",
}

DEFAULTS: dict[str, Any] = {
    **PROJECT_DEFAULTS,
    **IMAGES_DEFAULTS,
    **EVENTS_DEFAULTS,
    **TESTIMONIALS_DEFAULTS,
    **FEEDS_DEFAULTS,
    **SERVICES_DEFAULTS,
    **EDITOR_DEFAULTS,
    **SITEMAP_DEFAULTS,
    **SEARCH_DEFAULTS,
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
# The section folders in the site's language ({"reviews": "recensioni", ...}): a setting, written by
# plugins/language at start-up (its table merged with the owner's); read through section_slug() by
# events, feeds, images, search, services, testimonials and the quality gates.
SECTION_SLUGS = "SECTION_SLUGS"
# The published testimonials: written by plugins/testimonials; read by services (reviews of a
# service), search (index), images (cover and share card) and sitemap (dates).
TESTIMONIALS = "testimonials"
# The reviews' average and count: written by plugins/testimonials; read by salon (HairSalon JSON-LD).
AGGREGATE_RATING = "aggregate_rating"
# The schema.org Review of every published testimonial: written by plugins/testimonials; read by
# salon (HairSalon JSON-LD on the home page).
REVIEW_SCHEMA = "review_schema"
# The address of the reviews list: written by plugins/testimonials; read by passaparola/kit (the
# review card's QR code).
REVIEWS_URL = "reviews_url"
# Photos of reviews whose consent keeps them off the site: written by plugins/testimonials; read by
# images (not published) and by testimonials' own static-files filter.
TESTIMONIALS_PRIVATE_PHOTOS = "testimonials_private_photos"
# The same for the team's photos: written by plugins/services; read by images and services.
TEAM_PRIVATE_PHOTOS = "team_private_photos"
# HairSalon JSON-LD properties known only to another plugin (schema.org name -> value):
# written by plugins/services (hasOfferCatalog, employee); read by salon.
SALON_SCHEMA_PARTS = "salon_schema_parts"
# Redirects a plugin adds while reading content (an address that changed): written by
# plugins/addresses; read by plugins/workflow (redirects.py), which writes the hosts' files.
REDIRECTS_ADDED = "redirects_added"
# The site's own share card ({"path", "width", "height", "mime", "length", "alt"}): written by
# plugins/images while publishing; read by its social tags for pages without an image of their own.
SITE_SHARE_IMAGE = "site_share_image"
# What the image step did in this build (encoded files, images, cards, workers, seconds): written
# by plugins/images into the context and into IMAGES_CACHE_PATH/report.json, which
# passaparola/dev/bench reads (by its path: bench runs the build in another process).
IMAGES_REPORT = "images_report"
# The upcoming events: written by plugins/events; read by the templates of other plugins (the
# images plugin's link page shows the next one).
UPCOMING_EVENTS = "upcoming_events"
# The events, published: written by plugins/events; read by feeds, search, images and sitemap.
EVENTS = "events"
# Hidden events (a page, but in no list): written by plugins/events; read by sitemap (left out).
HIDDEN_EVENTS = "hidden_events"
# When the site next changes by itself (an event's occurrence ends: upcoming becomes past), or
# None: written by plugins/events; read by the build driver, so an unchanged project is rebuilt
# from that moment (passaparola.build.fingerprint).
EVENTS_NEXT_CHANGE = "events_next_change"
# The services and the team: written by plugins/services; read by search (index) and images
# (team photos as covers).
SERVICES = "services"
TEAM = "team"
# The services that have a photo of their own: written by plugins/services; read by images.
SERVICES_WITH_IMAGE = "services_with_image"


# The first folder of each section's URLs, by language (plugins/language sets Pelican's URLs from
# them; the content rules keep pages off them). Other plugins read their own entry.
DEFAULT_SECTION_SLUGS: dict[str, dict[str, str]] = {
    "it": {"tips": "consigli", "events": "eventi", "reviews": "recensioni", "tags": "argomenti",
           "page": "pagina", "follow": "segui", "calendar": "calendario", "search": "cerca",
           "link": "link", "services": "servizi", "team": "team"},
    "en": {"tips": "tips", "events": "events", "reviews": "reviews", "tags": "topics",
           "page": "page", "follow": "follow", "calendar": "calendar", "search": "search",
           "link": "link", "services": "services", "team": "team"},
}


def section_slugs(settings: dict[str, Any]) -> dict[str, str]:
    """The URL section names for the site's language (``SECTION_SLUGS`` overrides them)."""
    lang = site_language(settings)
    slugs = dict(DEFAULT_SECTION_SLUGS.get(lang, DEFAULT_SECTION_SLUGS["en"]))
    slugs.update(settings.get(SECTION_SLUGS) or {})
    return slugs


def section_slug(settings: dict[str, Any], section: str) -> str:
    """The folder of ``section`` ("reviews", "events"...) in this site, from :data:`SECTION_SLUGS`."""
    return (settings.get(SECTION_SLUGS) or {}).get(section, section)


# --- Plugins that need each other -----------------------------------------------------------------

class MissingPlugin(Exception):
    """A plugin listed in ``PLUGINS`` needs another plugin that the list leaves out."""


def plugin_enabled(settings: dict[str, Any], name: str) -> bool:
    """Whether this build lists plugin ``name`` in ``PLUGINS`` (by name or as a module).

    Pelican's signals outlive a build: once any build in a process has loaded a plugin, its
    receivers stay connected for the next builds, even those whose settings leave it out.
    """
    names = [getattr(p, "__name__", str(p)) for p in settings.get("PLUGINS") or []]
    return any(item == name or item.endswith(f".{name}") for item in names)


def require_plugins(settings: dict[str, Any], plugin: str, needs: list[str]) -> None:
    """Stop the build with the owner's words when ``plugin`` is on but a plugin it ``needs`` is not.

    Called from the needing plugin's ``initialized`` receiver, so the build fails before reading
    any content instead of producing pages with values silently missing.
    """
    if not plugin_enabled(settings, plugin):
        return
    missing = [name for name in needs if not plugin_enabled(settings, name)]
    if missing:
        # Imported here: passaparola.i18n may itself read settings through this module.
        from passaparola.i18n import owner_language, tool_gettext

        _ = tool_gettext(owner_language(settings.get("DEFAULT_LANG")))
        raise MissingPlugin(_('the plugin "{plugin}" needs the plugin "{needed}": add "{needed}" '
                              'to PLUGINS in pelicanconf.py').format(
                                  plugin=plugin, needed='", "'.join(missing)))
