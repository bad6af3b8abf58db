"""Events as schema.org ``Event`` JSON-LD: one object per occurrence, with place and offers."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from passaparola.build.languages import json_ld_language
from passaparola.salon_schema import postal_address, salon_node
from passaparola.web import absolute_url

from .ical import plain_text

if TYPE_CHECKING:
    from .events import Event

# Event-status -> schema.org eventStatus; Event-mode -> eventAttendanceMode.
SCHEMA_STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled",
                 "postponed": "EventPostponed", "rescheduled": "EventRescheduled",
                 "moved-online": "EventMovedOnline"}
SCHEMA_MODE = {"offline": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode",
               "mixed": "MixedEventAttendanceMode"}


def _schema_date(moment: datetime, all_day: bool) -> str:
    return moment.date().isoformat() if all_day else moment.isoformat()


def _place(settings: dict[str, Any], location: str) -> dict[str, Any]:
    """A Place; the salon's own address when the location is the salon."""
    salon = settings.get("SALON") or {}
    if salon and (salon.get("street", "\0").lower() in location.lower()
                  or location.strip().lower() == str(salon.get("name", "")).lower()):
        return {"@type": "Place", "name": salon.get("name"), "address": postal_address(salon)}
    name, _, rest = location.partition(",")
    return {"@type": "Place", "name": name.strip(), "address": {
        "@type": "PostalAddress", "streetAddress": (rest or name).strip(),
        "addressCountry": salon.get("country", "")}}


def schema_event(event: Event, settings: dict[str, Any]) -> list[dict[str, Any]]:
    """schema.org Event data, one object per occurrence (search engines read each date alone)."""
    organizer = salon_node(settings)
    page = absolute_url(settings, event.url)
    locations: list[dict[str, Any]] = []
    if event.mode in ("offline", "mixed"):
        locations.append(_place(settings, event.location))
    if event.mode in ("online", "mixed"):
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    base: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": page,
        "eventStatus": f"https://schema.org/{SCHEMA_STATUS[event.event_status]}",
        "eventAttendanceMode": f"https://schema.org/{SCHEMA_MODE[event.mode]}",
        "location": locations[0] if len(locations) == 1 else locations,
        # The salon without its @id and address: what the event pages have always said.
        "organizer": {key: organizer[key] for key in ("@type", "name", "url")},
    }
    base.update(json_ld_language(settings, event))  # inLanguage, on a site in several languages
    description = plain_text(getattr(event, "summary", ""))
    if description:
        base["description"] = description
    image = getattr(event, "image", None)
    if image:
        base["image"] = absolute_url(settings, str(image).replace("{static}", "").lstrip("/"))
    if event.price is not None:
        offer_url = event.registration if event.registration.startswith("http") else page
        base["offers"] = {"@type": "Offer", "price": str(event.price), "priceCurrency": "EUR",
                          "url": offer_url, "availability": "https://schema.org/InStock"}
        base["isAccessibleForFree"] = event.price == 0
    items = []
    for occurrence in event.occurrences:
        item = dict(base)
        # A cancelled or postponed event keeps its original date, as schema.org asks.
        item["startDate"] = _schema_date(occurrence.start, event.all_day)
        item["endDate"] = _schema_date(occurrence.end - timedelta(days=1) if event.all_day
                                       else occurrence.end, event.all_day)
        if event.previous_start:
            item["previousStartDate"] = _schema_date(event.previous_start, event.all_day)
        items.append(item)
    return items
