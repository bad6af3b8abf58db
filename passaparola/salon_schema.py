"""The salon in schema.org terms, built in one place: its ``PostalAddress`` and its ``HairSalon``.

The salon plugin publishes the full ``HairSalon`` (hours, ratings, offers); the reviews' JSON-LD
and the events' organizer and place point at the same salon. All of them start from
:func:`salon_node`, so the salon's ``@id``, name and address cannot drift between pages.
"""

from __future__ import annotations

from typing import Any

from passaparola.web import site_base_url

# SALON key -> PostalAddress property, in the order schema.org lists them.
ADDRESS_PARTS = {"street": "streetAddress", "postcode": "postalCode", "city": "addressLocality",
                 "region": "addressRegion", "country": "addressCountry"}


def postal_address(salon: dict[str, Any]) -> dict[str, Any] | None:
    """The ``PostalAddress`` of a ``SALON`` profile, with the parts it has; None without any."""
    parts = {prop: salon.get(key) for key, prop in ADDRESS_PARTS.items() if salon.get(key)}
    return {"@type": "PostalAddress", **parts} if parts else None


def salon_node(settings: dict[str, Any], salon: dict[str, Any] | None = None) -> dict[str, Any]:
    """The ``HairSalon`` every page refers to: ``@id``, name, address and the site's address.

    ``salon`` is the profile (default: the ``SALON`` setting); without a name, the site's name.
    """
    salon = salon if salon is not None else settings.get("SALON") or {}
    base = _root_url(settings)
    node: dict[str, Any] = {
        "@type": "HairSalon",
        "@id": f"{base}/#salon",
        "name": salon.get("name") or settings.get("SITENAME"),
        "url": f"{base}/",
    }
    address = postal_address(salon)
    if address:
        node["address"] = address
    return node


def _root_url(settings: dict[str, Any]) -> str:
    """The site's root address, also for an extra language's pages (built at ``/en/``): one
    salon has one ``@id`` and one web address, so search engines see one business, not two."""
    from passaparola.build.languages import RUN_SETTING

    base = site_base_url(settings)
    run = settings.get(RUN_SETTING)
    if run and run["lang"] != run["default"]:
        base = base.removesuffix(f"/{run['lang']}")
    return base
