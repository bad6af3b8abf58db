"""Services, prices and the team: the price list, the team page and a page per person.

Services (``content/services/*.md``) and people (``content/team/*.md``) are Markdown files read
through Pelican's readers; their fields were checked by ``passaparola.rules.services`` and
``passaparola.rules.team`` before Pelican ran, and are parsed here again with the same parsers.
Every figure a page shows is computed here, once: prices formatted by Babel in the site's
language, durations, each service's people, average rating and latest reviews, each person's
services and reviews. Reviews are linked once every generator has read its content
(``all_generators_finalized``), so the order of the plugins does not matter.

A service has no page of its own: its address is its place on the price list
(``servizi/#taglio-donna``), so a tip can link to it with ``{filename}/services/x.md``.
Neither services nor people are feed items: they are kept in lists of their own.

Context for the other capabilities: ``services``, ``service_categories``, ``team``,
``services_url``, ``team_url`` and :data:`SALON_SCHEMA_PARTS` (read by the salon plugin).
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from babel.units import format_unit
from markupsafe import Markup
from pelican.contents import Content
from pelican.generators import Generator

from passaparola import i18n
from passaparola.contents import leave_out_static_files
from passaparola.rules.base import CheckContext, FieldError
from passaparola.rules.services import (
    DEFAULT_CURRENCY,
    SERVICE_SCHEMA,
    SERVICES_FOLDER,
    TEAM_FOLDER,
    name_key,
    person_keys,
)
from passaparola.rules.team import PERSON_SCHEMA
from passaparola.rules.testimonials import average_rating
from passaparola.settings import (
    SALON_SCHEMA_PARTS,
    SERVICES,
    SERVICES_WITH_IMAGE,
    TEAM,
    TEAM_PRIVATE_PHOTOS,
    TESTIMONIALS,
    section_slug,
    setting,
    site_language,
    site_timezone,
)
from passaparola.web import absolute_url

logger = logging.getLogger(__name__)

# The context key the salon plugin reads for extra HairSalon properties (schema.org names ->
# values): written here, read by plugins/salon when it writes the HairSalon JSON-LD.
SERVICES_TEMPLATE = "services"
TEAM_TEMPLATE = "team"
PERSON_TEMPLATE = "person"



class Service(Content):
    """One service of the price list; its URL is its place on the list."""

    mandatory_properties = ("title",)
    allowed_statuses = ("published", "hidden", "draft")
    default_status = "published"
    default_template = SERVICES_TEMPLATE


class Person(Content):
    """One person of the team, with a page of their own."""

    mandatory_properties = ("title",)
    allowed_statuses = ("published", "hidden", "draft")
    default_status = "published"
    default_template = PERSON_TEMPLATE


@dataclass
class Category:
    """A group of the price list (Taglio, Colore…) and its services, in order."""

    name: str
    anchor: str
    services: list[Service] = field(default_factory=list)


# --- formatting --------------------------------------------------------------------------------

def price_text(amount: Decimal, currency: str, lang: str) -> str:
    """A price in the site's language, by Babel: ``35 €`` / ``€35``, cents only when there are some."""
    locale = i18n.babel_locale(lang)
    pattern = locale.currency_formats["standard"]
    if amount == amount.to_integral_value():
        # The locale's own currency pattern, without its decimal places: "35 €", not "35,00 €".
        pattern = copy.copy(pattern)
        pattern.frac_prec = (0, 0)
        return pattern.apply(amount, locale, currency=currency, currency_digits=False)
    return pattern.apply(amount, locale, currency=currency)


def duration_text(minutes: int, lang: str) -> str:
    """A duration in the site's language, by Babel: ``45 min``, ``1 h 30 min``."""
    locale = i18n.babel_locale(lang)
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(format_unit(hours, "duration-hour", length="short", locale=locale))
    if rest:
        parts.append(format_unit(rest, "duration-minute", length="short", locale=locale))
    return " ".join(parts)


def iso_duration(minutes: int) -> str:
    """A duration as ISO 8601 (``PT1H30M``), for ``<time datetime>``."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def price_value(amount: Decimal) -> str:
    """A price as machines read it (schema.org, ``<data value>``): ``35`` or ``35.50``."""
    return str(amount) if amount == amount.to_integral_value() else f"{amount:.2f}"


# --- reading -----------------------------------------------------------------------------------

def parsed_fields(obj: Content, schema, context: CheckContext) -> dict[str, Any]:
    """The object's fields parsed by the content rules' own parsers (by lower-case name)."""
    values: dict[str, Any] = {}
    for key, spec in schema.by_key().items():
        raw = obj.metadata.get(key)
        if raw is None or spec.parse is None or not isinstance(raw, str) or not raw.strip():
            continue
        try:
            values[key] = spec.parse(raw, context, None)
        except FieldError as error:  # the build checked the content first: not expected
            logger.error("%s: %s: %s", obj.source_path, spec.name, error)
    return values


class ServicesGenerator(Generator):
    """Reads ``content/services/`` and ``content/team/``; writes the price list and the team pages."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("readers_cache_name", "ServicesGenerator-Readers")
        super().__init__(*args, **kwargs)
        settings = self.settings
        self.services_slug = section_slug(settings, "services")
        self.team_slug = section_slug(settings, "team")
        for klass, url, save_as in (
                ("SERVICE", f"{self.services_slug}/#{{slug}}", f"{self.services_slug}/index.html"),
                ("PERSON", f"{self.team_slug}/{{slug}}/", f"{self.team_slug}/{{slug}}/index.html")):
            settings.setdefault(f"{klass}_URL", url)
            settings.setdefault(f"{klass}_SAVE_AS", save_as)
            # A file written in another language is still this salon's: same address.
            settings.setdefault(f"{klass}_LANG_URL", settings[f"{klass}_URL"])
            settings.setdefault(f"{klass}_LANG_SAVE_AS", settings[f"{klass}_SAVE_AS"])
        self.lang = site_language(settings)
        self.translations = i18n.translations(self.lang, [Path(self.theme) / "locale"])
        self.check_context = CheckContext(content_dir=Path(settings["PATH"]), lang=self.lang,
                                          timezone=site_timezone(settings),
                                          settings=settings)
        self.services: list[Service] = []
        self.categories: list[Category] = []
        self.team: list[Person] = []
        self.hidden: list[Content] = []
        self.private_photos: set[Path] = set()

    # -- context ---------------------------------------------------------------------------

    def read(self, folder: str, content_class: type[Content]) -> list[Content]:
        """Every published object of one folder; hidden ones are kept aside (written, not listed)."""
        published = []
        for path in sorted(self.get_files([folder])):
            obj = self.readers.read_file(base_path=self.path, path=path, content_class=content_class,
                                         context=self.context)
            if not obj.is_valid():
                self._add_failed_source_path(path)
                continue
            self.add_source_path(obj)
            self.add_static_links(obj)
            if obj.status == "published":
                published.append(obj)
            elif obj.status == "hidden":
                self.hidden.append(obj)
        return published

    def generate_context(self) -> None:
        """Read every service and person and put the lists in the shared context."""
        self.services = [self.complete_service(s) for s in self.read(SERVICES_FOLDER, Service)]
        self.team = [self.complete_person(p) for p in self.read(TEAM_FOLDER, Person)]
        for obj in self.hidden:
            (self.complete_service if isinstance(obj, Service) else self.complete_person)(obj)
        self.readers.save_cache()
        self.team.sort(key=lambda p: (p.order, p.title.casefold()))
        by_category: dict[str, Category] = {}
        for service in self.services:
            key = name_key(service.category_name, self.check_context)
            by_category.setdefault(key, Category(service.category_name, f"{self.services_slug}-{key}"))
            by_category[key].services.append(service)
        # Categories in the order of their first service (lowest Order), services by Order.
        for category in by_category.values():
            category.services.sort(key=lambda s: (s.order, s.title.casefold()))
        self.categories = sorted(by_category.values(),
                                 key=lambda c: (c.services[0].order, c.name.casefold()))
        self.services = [s for category in self.categories for s in category.services]
        self.context.update({
            SERVICES: self.services,
            "service_categories": self.categories,
            TEAM: self.team,
            "services_url": f"{self.services_slug}/",
            "team_url": f"{self.team_slug}/",
            # Only services with a photo go through the images plugin (a cover, no share card).
            SERVICES_WITH_IMAGE: [s for s in self.services if getattr(s, "image", None)],
            TEAM_PRIVATE_PHOTOS: self.private_photos,
        })

    def complete_service(self, service: Service) -> Service:
        """Set every attribute the templates and the JSON-LD read (prices by Babel)."""
        _ = self.translations.gettext
        values = parsed_fields(service, SERVICE_SCHEMA, self.check_context)
        service.category_name = str(service.metadata.get("category") or values.get("category"))
        service.is_price_from = "price-from" in values
        service.price = values.get("price-from", values.get("price"))
        service.currency = values.get("currency", DEFAULT_CURRENCY)
        amount = price_text(service.price, service.currency, self.lang)
        service.price_amount_text = amount
        service.price_value = price_value(service.price)
        service.price_text = _("from %(price)s") % {"price": amount} if service.is_price_from else amount
        service.duration = values.get("duration")
        service.duration_text = duration_text(service.duration, self.lang) if service.duration else ""
        service.duration_iso = iso_duration(service.duration) if service.duration else ""
        service.order = values.get("order", 0)
        service.anchor = service.slug
        salon_booking = (self.settings.get("SALON") or {}).get("booking_url") or ""
        service.booking_url = values.get("booking") or salon_booking
        service.description_text = Markup(service.content or "").striptags()
        service.people = []
        service.reviews = []
        service.reviews_url = None
        service.latest_reviews = []
        service.rating_average = None
        service.rating_text = ""
        service.rating_count = 0
        return service

    def complete_person(self, person: Person) -> Person:
        """Set every attribute the templates and the JSON-LD read; the photo only with consent."""
        values = parsed_fields(person, PERSON_SCHEMA, self.check_context)
        person.name = person.title
        person.role = values.get("role", "")
        person.specialty_names = values.get("specialties", [])
        person.order = values.get("order", 0)
        person.keys = person_keys(person.title, self.check_context)
        photo: Path | None = values.get("image")
        if photo is not None and values.get("consent") != "yes":
            # Without consent the photo is neither shown nor published, not even as a loose file.
            self.private_photos.add(photo.resolve())
            person.image = person.image_alt = None
            person.metadata.pop("image", None)
        person.first_name = person.title.split()[0]
        person.initials = "".join(word[0] for word in person.title.split()[:2]).upper()
        person.description_text = Markup(person.content or "").striptags()
        person.services = []
        person.reviews = []
        person.latest_reviews = []
        person.rating_average = None
        person.rating_text = ""
        person.rating_count = 0
        return person

    # -- links between services, people and reviews ----------------------------------------

    def link(self) -> None:
        """Each service's people and reviews, each person's services and reviews, the JSON-LD."""
        context = self.check_context
        by_key = {name_key(s.title, context): s for s in self.services}
        for person in self.team:
            person.services = [by_key[k] for k in (name_key(n, context) for n in person.specialty_names)
                               if k in by_key]
            for service in person.services:
                service.people.append(person)
        testimonials = self.context.get(TESTIMONIALS) or []
        for testimonial in testimonials:  # newest first, as the testimonials plugin lists them
            for link in getattr(testimonial, "service_links", []):
                service = by_key.get(name_key(link["name"], context))
                if service is not None and testimonial not in service.reviews:
                    service.reviews.append(testimonial)
                    # The reviews section's own page for this service, when it wrote one.
                    service.reviews_url = service.reviews_url or link.get("url")
            staff = {name_key(name, context) for name in getattr(testimonial, "staff", [])}
            for person in self.team:
                if staff & person.keys:
                    person.reviews.append(testimonial)
        shown = {Service: int(setting(self.settings, "SERVICES_REVIEWS_SHOWN")),
                 Person: int(setting(self.settings, "SERVICES_PERSON_REVIEWS_SHOWN"))}
        for obj in self.services + self.team:
            ratings = [t.rating for t in obj.reviews]
            obj.rating_average = average_rating(ratings)
            obj.rating_count = len(ratings)
            obj.rating_text = format_decimal(obj.rating_average, format="0.0",
                                             locale=i18n.babel_locale(self.lang)
                                             ) if obj.rating_average is not None else ""
            obj.latest_reviews = obj.reviews[:shown[type(obj)]]
        unpublished = [p for p in self.team if getattr(p, "image", None)
                       and getattr(p, "share_image", None) is None]
        if unpublished and any(str(getattr(p, "__name__", p)).endswith("images")
                               for p in self.settings.get("PLUGINS") or []):
            # The images plugin publishes photos in the same signal; it must have run already.
            logger.error("PLUGINS: list 'services' after 'images', or the team's photos are "
                         "left out of the salon's data")
        self.context[SALON_SCHEMA_PARTS] = {
            **(self.context.get(SALON_SCHEMA_PARTS) or {}),
            **salon_schema_parts(self.settings, self.categories, self.team),
        }

    # -- output ----------------------------------------------------------------------------

    def generate_output(self, writer) -> None:
        """Write the price list, the team page and one page per person (hidden ones too)."""
        relative = self.settings.get("RELATIVE_URLS", False)
        if self.services:
            writer.write_file(f"{self.services_slug}/index.html", self.get_template(SERVICES_TEMPLATE),
                              self.context, relative_urls=relative, url=f"{self.services_slug}/")
        if self.team:
            writer.write_file(f"{self.team_slug}/index.html", self.get_template(TEAM_TEMPLATE),
                              self.context, relative_urls=relative, url=f"{self.team_slug}/")
        for person in self.team + [p for p in self.hidden if isinstance(p, Person)]:
            writer.write_file(person.save_as, self.get_template(PERSON_TEMPLATE), self.context,
                              relative_urls=relative, url=person.url, person=person)


# --- schema.org --------------------------------------------------------------------------------

def offer(settings: dict[str, Any], service: Service) -> dict[str, Any]:
    """The schema.org Offer of a service: its price (or starting price) and the Service offered."""
    item: dict[str, Any] = {"@type": "Service", "name": service.title}
    if service.description_text.strip():
        item["description"] = " ".join(service.description_text.split())
    data: dict[str, Any] = {
        "@type": "Offer",
        "url": absolute_url(settings, service.url),
        "priceCurrency": service.currency,
        "itemOffered": item,
    }
    amount = price_value(service.price)
    if service.is_price_from:
        data["priceSpecification"] = {"@type": "PriceSpecification", "minPrice": amount,
                                      "priceCurrency": service.currency}
    else:
        data["price"] = amount
    return data


def employee(settings: dict[str, Any], person: Person) -> dict[str, Any]:
    """The schema.org Person of a member of the team."""
    data: dict[str, Any] = {"@type": "Person", "name": person.title,
                            "url": absolute_url(settings, person.url)}
    if person.role:
        data["jobTitle"] = person.role
    if person.services:
        data["knowsAbout"] = [service.title for service in person.services]
    cover = getattr(person, "share_image", None) if getattr(person, "image", None) else None
    if cover:
        data["image"] = absolute_url(settings, cover["path"])
    return data


def salon_schema_parts(settings: dict[str, Any], categories: list[Category],
                       team: list[Person]) -> dict[str, Any]:
    """``hasOfferCatalog`` (one OfferCatalog per category) and ``employee`` for the HairSalon."""
    parts: dict[str, Any] = {}
    if categories:
        parts["hasOfferCatalog"] = {
            "@type": "OfferCatalog",
            "name": settings.get("SITENAME", ""),
            "itemListElement": [
                {"@type": "OfferCatalog", "name": category.name,
                 "itemListElement": [offer(settings, s) for s in category.services]}
                for category in categories],
        }
    if team:
        parts["employee"] = [employee(settings, person) for person in team]
    return parts


# --- Pelican hooks -----------------------------------------------------------------------------

def get_generators(pelican) -> type[Generator]:
    """Pelican's ``get_generators`` signal: add the services and team generator."""
    return ServicesGenerator


def link_reviews(generators) -> None:
    """Once every generator read its content: link services, people and reviews."""
    for generator in generators:
        if isinstance(generator, ServicesGenerator):
            generator.link()


def keep_private_photos_out(static_generator) -> None:
    """A person's photo without ``Consent: yes`` must not be published, not even as a loose file."""
    leave_out_static_files(static_generator, TEAM_PRIVATE_PHOTOS)
