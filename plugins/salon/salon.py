"""The salon's profile on the site: hours, contacts, schema.org data, sitemap and robots.txt.

The ``SALON`` setting is checked by ``passaparola.rules.salon`` (the build refuses an invalid
profile before Pelican starts); here it is turned into what the templates show:

- ``salon``: a dict of display-ready values (week rows, a short weekly summary, closures with
  their dates in words, tel/WhatsApp/maps links, the data the browser uses for the open badge);
- ``salon_json_ld()``: the schema.org ``HairSalon`` as script-safe JSON, read at render time so
  that the ratings another plugin put in the context are included;
- ``sitemap.xml`` and ``robots.txt``, written after every page, from the pages actually written.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, time
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlencode

from babel import Locale
from babel.dates import format_date, format_time
from jinja2 import pass_context
from lxml import etree
from lxml import html as lxml_html
from markupsafe import Markup

from passaparola.rules.salon import WEEKDAYS, SalonProfile, read_salon
from passaparola.salon_schema import salon_node
from passaparola.settings import (
    AGGREGATE_RATING,
    EVENTS,
    REVIEW_SCHEMA,
    SALON_SCHEMA_PARTS,
    TESTIMONIALS,
    site_language,
    site_timezone,
)
from passaparola.web import absolute_url, json_for_script

logger = logging.getLogger(__name__)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
DEFAULT_SITEMAP_SAVE_AS = "sitemap.xml"
DEFAULT_ROBOTS_SAVE_AS = "robots.txt"
# Kept in the settings of one Pelican run (never in a module global): what the sitemap needs
# from the generators' context, handed from `all_generators_finalized` to `finalized`.
SITEMAP_STATE_KEY = "_SALON_SITEMAP_STATE"
# Lists of the context whose objects have pages of their own, and those that are not public.
PUBLIC_LISTS = ("articles", "pages", EVENTS, TESTIMONIALS)
PRIVATE_LISTS = ("drafts", "hidden_articles", "draft_pages", "hidden_pages", "draft_events",
                 "hidden_events")
SCHEMA_DAYS = {day: day.capitalize() for day in WEEKDAYS}
RATING_KEYS = ("ratingValue", "reviewCount", "ratingCount", "bestRating", "worstRating")
# Context key of extra HairSalon properties (schema.org name -> value) that other plugins write
# before pages are rendered: the services plugin puts hasOfferCatalog and employee there.


# --- reading the profile -------------------------------------------------------------------------

def check_profile(pelican) -> None:
    """At start-up: refuse an invalid ``SALON`` setting with the owner's own words, not a traceback.

    ``passaparola build`` already checked it with the content; this covers a bare ``pelican`` run.
    """
    profile, problems = read_salon(pelican.settings)
    for problem in problems:
        logger.error("%s", problem)
    pelican.settings["SALON_PROFILE"] = profile
    if profile is not None:
        # Optional values left empty are absent for every template and plugin ("whatsapp": "").
        pelican.settings["SALON"] = profile.raw


def _profile(settings: dict[str, Any]) -> SalonProfile | None:
    if "SALON_PROFILE" not in settings:
        settings["SALON_PROFILE"] = read_salon(settings)[0]
    return settings["SALON_PROFILE"]


# --- what templates show -------------------------------------------------------------------------

def _time_label(value: str, lang: str) -> str:
    hours, minutes = (int(part) for part in value.split(":"))
    if hours == 24:  # "open until midnight": Babel has no 24:00, and 00:00 reads as the start
        return "24:00"
    return format_time(time(hours, minutes), format="short", locale=lang)


def _ranges_label(ranges: list[tuple[str, str]], lang: str) -> list[str]:
    return [f"{_time_label(opens, lang)}–{_time_label(closes, lang)}" for opens, closes in ranges]


def _week_summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Consecutive open days with the same hours, grouped: ``mar–mer 09:00–13:00``."""
    groups: list[dict[str, Any]] = []
    for row in rows:
        if not row["ranges"]:
            continue
        last = groups[-1] if groups else None
        if last and last["ranges"] == row["ranges"] and last["last_index"] == row["index"] - 1:
            last["last"], last["last_index"] = row["short"], row["index"]
            continue
        groups.append({"first": row["short"], "last": row["short"], "last_index": row["index"],
                       "ranges": row["ranges"]})
    return [{"days": g["first"] if g["first"] == g["last"] else f"{g['first']}–{g['last']}",
             "ranges": g["ranges"]} for g in groups]


def map_links(profile: SalonProfile) -> dict[str, str]:
    """Plain links that open the address in a maps app: a ``geo:`` URI and OpenStreetMap."""
    raw = profile.raw
    if "latitude" not in raw:
        return {}
    lat, lon = raw["latitude"], raw["longitude"]
    # RFC 5870 geo: URI; the q= part (coordinates and a label) is how Android's apps show a pin.
    return {
        "geo": f"geo:{lat},{lon}?q={lat},{lon}({quote(str(raw.get('name', '')))})",
        "osm": (f"https://www.openstreetmap.org/?{urlencode({'mlat': lat, 'mlon': lon})}"
                f"#map=18/{lat}/{lon}"),
    }


def salon_view(settings: dict[str, Any], profile: SalonProfile) -> dict[str, Any]:
    """Every value the salon partials show, formatted for the site's language."""
    lang = site_language(settings)
    locale = Locale.parse(lang)
    wide, short = locale.days["format"]["wide"], locale.days["format"]["abbreviated"]
    raw = profile.raw
    rows = []
    for index, day in enumerate(WEEKDAYS):
        rows.append({"index": index, "key": day, "name": wide[index][:1].upper() + wide[index][1:],
                     "short": short[index], "ranges": _ranges_label(profile.week[day], lang)})
    # Two full dates rather than Babel's interval formats, whose Italian data writes "09–23 ago".
    closures = [{"start": c.start.isoformat(), "end": c.end.isoformat(), "note": c.note,
                 "when": " – ".join(dict.fromkeys(format_date(d, "long", locale=lang)
                                                  for d in (c.start, c.end)))}
                for c in profile.closures]
    country = raw.get("country", "")
    whatsapp = profile.phone_digits("whatsapp").lstrip("+")
    browser_data = {
        "timezone": site_timezone(settings),
        "week": {day: [list(r) for r in profile.week[day]] for day in WEEKDAYS},
        "labels": {row["key"]: ", ".join(row["ranges"]) for row in rows},
        "closures": [{k: c[k] for k in ("start", "end", "note")} for c in closures],
    }
    return {
        "week": rows,
        "summary": _week_summary(rows),
        "closures": closures,
        "tel": profile.phone_digits("phone"),
        "whatsapp_url": f"https://wa.me/{whatsapp}" if whatsapp else "",
        "maps": map_links(profile),
        "country_name": locale.territories.get(country, country),
        # Pelican names a direct template's page after its file: "index" for index.html.
        "home_page_name": PurePosixPath(settings.get("HOME_SAVE_AS") or "index.html"
                                        ).with_suffix("").as_posix(),
        # Read by theme/assets/js/20-salon.js to tell "open now" in the salon's time zone.
        "browser_data": browser_data,
        # As a data- attribute (the template escapes it): a page's only scripts are files and JSON-LD.
        "browser_json": json.dumps(browser_data, ensure_ascii=False, sort_keys=True),
    }


# --- schema.org ----------------------------------------------------------------------------------

def opening_hours_specification(profile: SalonProfile) -> list[dict[str, Any]]:
    """Weekly ranges (days with the same range share one entry) and the special closures.

    A closure is a whole closed day range: schema.org's documented form is opens = closes =
    00:00 with validFrom/validThrough.
    """
    by_range: dict[tuple[str, str], list[str]] = {}
    for day in WEEKDAYS:
        for opens, closes in profile.week[day]:
            by_range.setdefault((opens, closes), []).append(SCHEMA_DAYS[day])
    specs: list[dict[str, Any]] = [
        {"@type": "OpeningHoursSpecification", "dayOfWeek": days,
         "opens": opens, "closes": "23:59" if closes == "24:00" else closes}
        for (opens, closes), days in sorted(by_range.items(), key=lambda item: (
            WEEKDAYS.index(item[1][0].lower()), item[0]))]
    for closure in profile.closures:
        specs.append({"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00",
                      "validFrom": closure.start.isoformat(),
                      "validThrough": closure.end.isoformat(), "description": closure.note})
    return specs


def hair_salon(settings: dict[str, Any], profile: SalonProfile,
               aggregate_rating: dict[str, Any] | None = None,
               reviews: list[dict[str, Any]] | None = None,
               extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The schema.org ``HairSalon`` of the profile, with ratings when there are some.

    ``extra`` holds properties other capabilities add (the services plugin's ``hasOfferCatalog``
    and ``employee``); they cannot replace what the profile itself says.
    """
    raw = profile.raw
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        # @type, @id, name, url and address: the node the reviews and events point at.
        **salon_node(settings, raw),
        "telephone": raw["phone"],
        "openingHoursSpecification": opening_hours_specification(profile),
    }
    optional = {"description": raw.get("description"), "email": raw.get("email"),
                "priceRange": raw.get("price_range")}
    data.update({key: value for key, value in optional.items() if value})
    if "latitude" in raw:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": raw["latitude"],
                       "longitude": raw["longitude"]}
        data["hasMap"] = map_links(profile)["osm"]
    if raw.get("social"):
        data["sameAs"] = sorted(raw["social"].values())
    if raw.get("image"):
        data["image"] = absolute_url(settings, str(raw["image"]).removeprefix("{static}"))
    if raw.get("booking_url"):
        data["potentialAction"] = {"@type": "ReserveAction", "target": raw["booking_url"]}
    if aggregate_rating:
        rating = {"@type": "AggregateRating"}
        rating.update({k: aggregate_rating[k] for k in RATING_KEYS if k in aggregate_rating})
        data["aggregateRating"] = rating
    if reviews:
        data["review"] = list(reviews)
    for key, value in (extra or {}).items():
        data.setdefault(key, value)
    return data


# --- Pelican hooks -------------------------------------------------------------------------------

def provide_salon(generator) -> None:
    """Give templates ``salon`` (display values) and ``salon_json_ld()``; none if the profile is bad."""
    settings = generator.settings
    profile = _profile(settings)
    if profile is None:
        return
    context = generator.context
    if "SALON_VIEW" not in context:
        context["SALON_VIEW"] = salon_view(settings, profile)

    @pass_context
    def salon_json_ld(template_context) -> Markup:
        data = hair_salon(settings, profile, template_context.get(AGGREGATE_RATING),
                          template_context.get(REVIEW_SCHEMA),
                          template_context.get(SALON_SCHEMA_PARTS))
        return json_for_script(data)

    generator.env.globals.update({"salon": context["SALON_VIEW"], "salon_json_ld": salon_json_ld})


def _content_date(obj) -> datetime | None:
    return getattr(obj, "modified", None) or getattr(obj, "date", None)


def remember_pages(generators) -> None:
    """After every generator ran: the last change of each page's content, for the sitemap."""
    context = generators[0].context
    settings = generators[0].settings
    dates: dict[str, str] = {}
    newest: datetime | None = None
    for name in PUBLIC_LISTS:
        for obj in context.get(name) or []:
            changed = _content_date(obj)
            save_as = getattr(obj, "save_as", "")
            if changed is None or not save_as:
                continue
            dates[save_as] = changed.isoformat()
            if name != "pages" and (newest is None or changed > newest):
                newest = changed
    for tag, articles in context.get("tags") or []:
        changed = max((_content_date(a) for a in articles if _content_date(a)), default=None)
        if changed and getattr(tag, "save_as", ""):
            dates[tag.save_as] = changed.isoformat()
    private = {getattr(obj, "save_as", "") for name in PRIVATE_LISTS for obj in context.get(name) or []}
    private.add(settings.get("404_SAVE_AS") or "404.html")
    settings[SITEMAP_STATE_KEY] = {"dates": dates, "private": sorted(p for p in private if p),
                                   "newest": newest.isoformat() if newest else None}


def _is_noindex(page: Path) -> bool:
    document = lxml_html.parse(str(page)).getroot()
    if document is None:
        return True
    robots = document.xpath("//meta[@name='robots']/@content")
    return any("noindex" in value.lower() for value in robots)


def _page_url(save_as: str) -> str:
    if save_as == "index.html":
        return ""
    if save_as.endswith("/index.html"):
        return save_as[: -len("index.html")]
    return save_as


def sitemap_entries(output: Path, state: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(site path, lastmod) of every public HTML page written in ``output``."""
    private = set(state["private"])
    entries = []
    for page in sorted(output.rglob("*.html")):
        save_as = page.relative_to(output).as_posix()
        if any(part.startswith(".") for part in page.relative_to(output).parts):
            continue  # another plugin's scratch files, never published pages
        if save_as in private or save_as.startswith("drafts/") or _is_noindex(page):
            continue
        entries.append((_page_url(save_as), state["dates"].get(save_as) or state["newest"]))
    return entries


def sitemap_xml(settings: dict[str, Any], entries: list[tuple[str, str | None]]) -> bytes:
    """The sitemap document (sitemaps.org protocol 0.9)."""
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
    for path, lastmod in entries:
        url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = absolute_url(settings, "/" + path)
        if lastmod:
            etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def robots_txt(settings: dict[str, Any], sitemap_save_as: str) -> str:
    """Everything may be crawled except drafts; the sitemap's absolute address."""
    lines = ["User-agent: *", "Disallow: /drafts/"]
    if sitemap_save_as:
        lines.append(f"Sitemap: {absolute_url(settings, sitemap_save_as)}")
    return "\n".join(lines) + "\n"


def write_sitemap_and_robots(pelican) -> None:
    """Write ``sitemap.xml`` and ``robots.txt`` into the output, from the pages just written."""
    settings = pelican.settings
    state = settings.get(SITEMAP_STATE_KEY)
    if state is None:
        return
    output = Path(pelican.output_path)
    sitemap_save_as = settings.get("SALON_SITEMAP_SAVE_AS", DEFAULT_SITEMAP_SAVE_AS)
    robots_save_as = settings.get("SALON_ROBOTS_SAVE_AS", DEFAULT_ROBOTS_SAVE_AS)
    if sitemap_save_as:
        (output / sitemap_save_as).write_bytes(sitemap_xml(settings, sitemap_entries(output, state)))
    if robots_save_as:
        (output / robots_save_as).write_text(robots_txt(settings, sitemap_save_as), encoding="utf-8")

