"""The salon's profile on the site: hours, contacts and schema.org data.

The ``SALON`` setting is checked by ``passaparola.rules.salon`` (the build refuses an invalid
profile before Pelican starts); here it is turned into what the templates show:

- ``salon``: a dict of display-ready values (week rows, a short weekly summary, closures with
  their dates in words, tel/WhatsApp/maps links, the data the browser uses for the open badge);
- ``salon_json_ld()``: the schema.org ``HairSalon`` as script-safe JSON, read at render time so
  that the ratings another plugin put in the context are included (the extra HairSalon
  properties other plugins write are in :data:`passaparola.settings.SALON_SCHEMA_PARTS`).

The sitemap and robots.txt, once written here, are the ``sitemap`` plugin's.
"""

from __future__ import annotations

import json
import logging
from datetime import time
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, urlencode

from babel import Locale
from babel.dates import format_date, format_time
from jinja2 import pass_context
from markupsafe import Markup

from passaparola.rules.salon import WEEKDAYS, SalonProfile, read_salon
from passaparola.salon_schema import salon_node
from passaparola.settings import (
    AGGREGATE_RATING,
    REVIEW_SCHEMA,
    SALON_SCHEMA_PARTS,
    site_language,
    site_timezone,
)
from passaparola.web import absolute_url, json_for_script, whatsapp_url

logger = logging.getLogger(__name__)

SCHEMA_DAYS = {day: day.capitalize() for day in WEEKDAYS}
RATING_KEYS = ("ratingValue", "reviewCount", "ratingCount", "bestRating", "worstRating")


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
        "whatsapp_url": whatsapp_url(profile.phone_digits("whatsapp")),
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

    # What it reads of the page's context, for the render cache's key (plugins/render_cache).
    salon_json_ld.context_reads = (AGGREGATE_RATING, REVIEW_SCHEMA, SALON_SCHEMA_PARTS)

    generator.env.globals.update({"salon": context["SALON_VIEW"], "salon_json_ld": salon_json_ld})
