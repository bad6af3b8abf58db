"""Settings of the demo salon site. Edit the values below for your own business.

Everything a visitor reads about the business (name, address, hours, booking) is set here once
and used by every page, the feeds, the calendar and the search-engine data.
"""

# --- The business -----------------------------------------------------------------------------
SITENAME = "Salone Ciocche Ribelli"
SITESUBTITLE = "Parrucchiere a Bologna dal 2009: tagli, colore naturale e consigli per capelli sani"
AUTHOR = "Marta Lanzoni"

SALON = {
    "name": SITENAME,
    "description": SITESUBTITLE,
    "street": "Via del Pratello 41/B",
    "postcode": "40122",
    "city": "Bologna",
    "region": "BO",
    "country": "IT",
    "latitude": 44.4960,
    "longitude": 11.3322,
    "phone": "+39 051 000 4127",
    "whatsapp": "+39 333 000 4127",
    "email": "ciao@ciocheribelli.example",
    "booking_url": "https://prenota.ciocheribelli.example/",
    # Where customers leave a review (e.g. the review link of your Google Business Profile): the
    # reviews page's button and the review card of `invoke kit` lead there. Without it: the reviews page.
    "review_url": "https://recensioni.ciocheribelli.example/",
    "price_range": "€€",
    # A photo of the salon for search engines: a file in content/ or a web address.
    "image": "images/salone/vetrina.jpg",
    # Weekly opening hours: several ranges a day; a day left out is a closed day.
    "opening_hours": {
        "tuesday": ["09:00-13:00", "14:30-19:00"],
        "wednesday": ["09:00-13:00", "14:30-19:00"],
        "thursday": ["10:00-20:00"],
        "friday": ["09:00-19:00"],
        "saturday": ["08:30-17:00"],
    },
    # Special closures: date ranges (inclusive) with a note shown to visitors.
    "closures": [
        {"start": "2026-12-24", "end": "2026-12-27", "note": "Chiuso per le feste di Natale"},
        {"start": "2027-08-09", "end": "2027-08-23", "note": "Chiuso per ferie estive"},
    ],
    "social": {
        "instagram": "https://www.instagram.com/ciocheribelli.example",
        "facebook": "https://www.facebook.com/ciocheribelli.example",
        "tiktok": "https://www.tiktok.com/@ciocheribelli.example",
    },
}

# Brand colours used by the theme and the share cards.
BRAND_COLORS = {
    "primary": "#8c2f57",   # plum: buttons, links, headings
    "accent": "#d9a441",    # warm gold: stars and highlights
    "ink": "#2b2025",       # body text on light backgrounds
    "paper": "#fdf8f4",     # page background in the light scheme
}

# --- Language and time ------------------------------------------------------------------------
# "it" or "en": every UI string, date and URL section follows this setting.
DEFAULT_LANG = "it"
TIMEZONE = "Europe/Rome"

# --- Where things are -------------------------------------------------------------------------
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["safe_html", "language", "assets", "images", "events", "testimonials", "feeds", "salon", "sitemap",
           "search", "headers", "render_cache", "workflow", "addresses", "services"]

ARTICLE_PATHS = ["tips"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["extra"]  # content/images is published by plugins/images, re-encoded

# During preview the site is served from http://localhost:8000; publishconf.py sets the real URL.
SITEURL = ""
RELATIVE_URLS = False

DEFAULT_PAGINATION = 9
DEFAULT_DATE = None
SUMMARY_MAX_LENGTH = 40

# Feeds are written by the feeds plugin, not by Pelican's own writer.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# --- Images and share cards (plugins/images) ---------------------------------------------------
# Widths (pixels) of the resized copies of every photo; never wider than the photo itself.
IMAGES_WIDTHS = [480, 960, 1600]
# Width of the copy shown when a page is shared on social networks.
IMAGES_SHARE_WIDTH = 1200
# Processes that encode images at the same time (None: one per processor core).
IMAGES_WORKERS = None

# --- Events (plugins/events) -------------------------------------------------------------------
# Length of an event that gives neither Event-end nor Event-duration.
EVENTS_DEFAULT_DURATION = "2h"
# Calendar apps identify events by UID = "event-<file name>@<this domain>": set it once, keep it.
EVENTS_UID_DOMAIN = "ciocheribelli.example"
# How often calendar apps subscribed to calendar.ics should check it for changes.
EVENTS_CALENDAR_REFRESH_HOURS = 12
# How many upcoming events the home page shows.
EVENTS_HOME_COUNT = 3

# --- Testimonials (plugins/testimonials) -------------------------------------------------------
# How many testimonials the home page shows (newest first), and the lowest rating shown there.
TESTIMONIALS_HOME_COUNT = 3
TESTIMONIALS_HOME_MIN_RATING = 4
# Testimonials per page in the reviews section (/recensioni/).
TESTIMONIALS_PER_PAGE = 10

# --- Feeds (plugins/feeds) ---------------------------------------------------------------------
# Formats of every feed: "rss" (RSS 2.0), "atom" (Atom 1.0), "json" (JSON Feed 1.1).
FEEDS_FORMATS = ("rss", "atom", "json")
# How many of the newest items each feed lists.
FEEDS_MAX_ITEMS = 20
# A WebSub hub's address, so that readers and auto-sharers hear of new posts at once; None: no hub.
FEEDS_WEBSUB_HUB = None

# --- The salon's profile, sitemap and robots (plugins/salon) -----------------------------------
# The profile itself is SALON, at the top. Leave a file name empty ("") to not write that file.
SALON_SITEMAP_SAVE_AS = "sitemap.xml"
SALON_ROBOTS_SAVE_AS = "robots.txt"

# --- Search (plugins/search) -------------------------------------------------------------------
# Build the Pagefind search index at the end of the build; False leaves it out (no results).
SEARCH_INDEX = True
SEARCH_BUNDLE_DIR = "pagefind"

# --- Security headers: Content-Security-Policy meta tag and _headers file (plugins/headers) -------
# Only the site's own files: no inline scripts or styles, no other host. See plugins/headers/README.md.
# The default policy allows only the site's own files; these sources are added to it.
# 'wasm-unsafe-eval': the search index (plugins/search) is searched by Pagefind's WebAssembly.
HEADERS_CSP_EXTRA = {"script-src": ["'wasm-unsafe-eval'"]}
HEADERS_FILE = "_headers"

# --- Speed: render cache and preview (plugins/render_cache) -----------------------------------
# True only for the live preview (`invoke serve` passes it as an override): plugins may skip
# work a preview visitor does not need, such as the search index. `make build` and publishing
# always leave it False, so they always do everything.
PREVIEW = False
# Templates rendered on every build even when their inputs did not change (e.g. a template
# that calls a function with side effects).
RENDER_CACHE_EXCLUDE_TEMPLATES = []

# --- Preview and publishing (plugins/workflow, `invoke serve` and `invoke publish`) ------------
# Drafts are shown only when PREVIEW (above) is True. Old addresses that moved, for hosts that
# read a `_redirects` file: {"/old/": "/new/"}.
REDIRECTS = {}

# --- Content editor at /admin/ (plugins/editor; the owner's guide, "l'editor") ---------------
# The editor always works in the preview (invoke serve). True: also publish it with the site,
# to write online from a phone (needs the three settings below; see the guide).
EDITOR_PUBLISH = False
# The site's repository on GitHub ("owner/name") and its branch: where the online editor saves.
EDITOR_REPO = ""
EDITOR_BRANCH = "main"
# The address of the small sign-in service for GitHub (see the guide); "" until it is set up.
EDITOR_AUTH_URL = ""
# After "headers": the editor adds its own policy for /admin/ to the _headers file.
PLUGINS += ["editor"]

# --- Several languages (plugins/translations; the owner's guide, "Due lingue") -----------------
# The site's languages, the default (DEFAULT_LANG) first. A translation is its own file in the
# original's folder, with "Lang: en" and "Translation-of: <the original's file name>".
LANGUAGES = ["it", "en"]
# True: the tips, pages and events not translated yet are listed in the other language too, with
# an "in italiano" mark and a link to their page. False: they are left out there.
LANGUAGES_SHOW_UNTRANSLATED = True
# The settings written again in another language: only what a visitor reads.
SITESUBTITLE_EN = "Hairdresser in Bologna since 2009: cuts, natural colour and advice for healthy hair"
LANGUAGES_SETTINGS = {
    "en": {
        "SITESUBTITLE": SITESUBTITLE_EN,
        "SALON": {
            "description": SITESUBTITLE_EN,
            "closures": [
                {"start": "2026-12-24", "end": "2026-12-27", "note": "Closed for the Christmas holidays"},
                {"start": "2027-08-09", "end": "2027-08-23", "note": "Closed for the summer holidays"},
            ],
        },
    },
}
PLUGINS += ["translations"]
