"""Customer testimonials: the reviews section, a page per testimonial and honest aggregate figures.

Testimonials (``content/testimonials/*.md``) are read by a generator of their own, not by
Pelican's Markdown reader: what a customer wrote is untrusted text, so it is escaped and kept as
paragraphs, never rendered as Markdown or HTML. The name is shown as the customer consented
(full name, initials or an anonymous label) and that choice is applied here, once: the raw
``Reviewer`` never reaches a template, the context or another plugin.

Context for the other capabilities: ``testimonials`` (listed ones, newest first),
``aggregate_rating``, ``review_schema``, ``featured_testimonials`` and ``reviews_summary``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from markupsafe import Markup, escape
from pelican.contents import Content
from pelican.generators import Generator
from pelican.utils import slugify
from PIL import Image

from passaparola import i18n
from passaparola.build.languages import json_ld_language  # issue 23
from passaparola.contents import leave_out_static_files
from passaparola.rules.base import CheckContext, FieldError, read_source
from passaparola.rules.testimonials import (
    BEST_RATING,
    DEFAULT_CONSENT,
    DEFAULT_SOURCE,
    TESTIMONIAL_SCHEMA,
    WORST_RATING,
    average_rating,
    service_slug,
)
from passaparola.salon_schema import salon_node
from passaparola.settings import (
    AGGREGATE_RATING,
    REVIEW_SCHEMA,
    REVIEWS_URL,
    TESTIMONIALS,
    TESTIMONIALS_PRIVATE_PHOTOS,
    section_slug,
    setting,
    site_language,
    site_timezone,
    slug_substitutions,
)
from passaparola.web import absolute_url, json_for_script

logger = logging.getLogger(__name__)

CONTENT_FOLDER = "testimonials"
LIST_TEMPLATE = "reviews"
PAGE_TEMPLATE = "testimonial"
FULL_STAR, EMPTY_STAR = "★", "☆"
# The parts of a name that each give an initial: "Anna-Maria De Santis" is "A. M. D. S.".
_NAME_PARTS = re.compile(r"[\s\-‐‑]+")
_BLANK_LINES = re.compile(r"\n\s*\n")


class Testimonial(Content):
    """One customer's testimonial. Text attributes are plain text; ``text_html`` is escaped HTML."""

    mandatory_properties = ("title",)
    default_template = PAGE_TEMPLATE



def reviews_slug(settings: dict[str, Any]) -> str:
    """The URL section of the reviews (``recensioni`` / ``reviews``), set by the language plugin."""
    return section_slug(settings, "reviews")


# --- text and names ------------------------------------------------------------------------------

def paragraphs(text: str) -> list[str]:
    """The paragraphs of a plain text: blocks separated by blank lines, inner whitespace kept."""
    return [block.strip() for block in _BLANK_LINES.split(text.strip()) if block.strip()]


def text_to_html(text: str) -> Markup:
    """Plain text as escaped HTML paragraphs; a single line break is a soft wrap, as in Markdown."""
    return Markup("\n").join(Markup("<p>{}</p>").format(" ".join(block.split()))
                              for block in paragraphs(text))


def plain_text(text: str) -> str:
    """Plain text on one line per paragraph (for feeds and JSON-LD), paragraphs on their own lines."""
    return "\n\n".join(" ".join(block.split()) for block in paragraphs(text))


def first_words(text: str, count: int) -> str:
    """The first ``count`` words of a text, with an ellipsis when it was cut."""
    words = text.split()
    return " ".join(words) if len(words) <= count else " ".join(words[:count]) + " …"


def consented_name(reviewer: str, consent: str, anonymous_label: str) -> str:
    """The name to show: the full name, the initials only ("Giorgia Verdi" is "G. V."), or a label.

    Initials are what the customer agreed to: the initial of every part of the name, nothing
    more (no first name, even for a one-word name: "Giorgia" is "G.").
    """
    words = reviewer.split()
    if consent == "anonymous" or not words:
        return anonymous_label
    if consent == "full-name":
        return " ".join(words)
    initials = [f"{initial.upper()}." for initial in
                (next((c for c in part if c.isalnum()), "") for part in _NAME_PARTS.split(reviewer))
                if initial]
    return " ".join(initials) or anonymous_label


def stars(rating: int) -> str:
    """The rating as star glyphs, e.g. ``★★★★☆`` (shown beside a text, never alone)."""
    return FULL_STAR * rating + EMPTY_STAR * (BEST_RATING - rating)


# --- figures ---------------------------------------------------------------------------------

def histogram(ratings: list[int]) -> dict[int, int]:
    """How many testimonials gave each rating, from the best to the worst."""
    return {value: ratings.count(value) for value in range(BEST_RATING, WORST_RATING - 1, -1)}


def aggregate_rating(ratings: list[int]) -> dict[str, Any] | None:
    """The figures as schema.org AggregateRating properties, plus the histogram (not schema.org)."""
    average = average_rating(ratings)
    if average is None:
        return None
    return {
        "@type": "AggregateRating",
        "ratingValue": float(average),
        "reviewCount": len(ratings),
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "histogram": {str(k): v for k, v in histogram(ratings).items()},
    }


@dataclass
class RatingSummary:
    """What a page shows about a set of testimonials: average, count and histogram rows."""

    average: Decimal | None
    average_text: str
    count: int
    rows: list[dict[str, Any]]


def rating_summary(ratings: list[int], lang: str, translations) -> RatingSummary:
    """The figures of ``ratings`` formatted for the page, in the site language."""
    ngettext = translations.ngettext
    average = average_rating(ratings)
    text = format_decimal(average, format="0.0", locale=i18n.babel_locale(lang)) if average else ""
    rows = [{"stars": value, "count": count,
             "label": ngettext("%(num)s star", "%(num)s stars", value) % {"num": value}}
            for value, count in histogram(ratings).items()]
    return RatingSummary(average, text, len(ratings), rows)


# --- reading ---------------------------------------------------------------------------------

def field_values(path: Path, context: CheckContext) -> tuple[dict[str, Any], str] | None:
    """The parsed fields (by lower-case name) and the body of a testimonial, or None if unreadable.

    The build checks every file with the content rules first, so a problem here is unexpected.
    """
    document, problems = read_source(path, context.display_path(path), context)
    if document is None or problems:
        return None
    values: dict[str, Any] = {}
    fields = TESTIMONIAL_SCHEMA.by_key()
    for key, meta in document.meta.items():
        spec = fields.get(key)
        if spec is None or not meta.value:
            continue
        try:
            values[key] = spec.parse(meta.value, context, document) if spec.parse else meta.value
        except FieldError:
            return None
    return values, document.body


class TestimonialsGenerator(Generator):
    """Reads ``content/testimonials/`` and writes the reviews pages and one page per testimonial."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        settings = self.settings
        section = reviews_slug(settings)
        settings.setdefault("TESTIMONIAL_URL", f"{section}/{{slug}}/")
        settings.setdefault("TESTIMONIAL_SAVE_AS", f"{section}/{{slug}}/index.html")
        # A testimonial written in another language is still a review of this salon: same URL.
        settings.setdefault("TESTIMONIAL_LANG_URL", settings["TESTIMONIAL_URL"])
        settings.setdefault("TESTIMONIAL_LANG_SAVE_AS", settings["TESTIMONIAL_SAVE_AS"])
        paginated = dict(settings.get("PAGINATED_TEMPLATES") or {})
        paginated[LIST_TEMPLATE] = int(setting(settings, "TESTIMONIALS_PER_PAGE"))
        settings["PAGINATED_TEMPLATES"] = paginated
        self.lang = site_language(settings)
        self.translations = i18n.translations(self.lang, [Path(self.theme) / "locale"])
        self.all_testimonials: list[Testimonial] = []
        self.testimonials: list[Testimonial] = []
        self.service_pages: list[dict[str, Any]] = []
        self.private_photos: set[Path] = set()
        self.used_slugs: set[str] = set()

    # -- context --------------------------------------------------------------------------

    def generate_context(self) -> None:
        """Read every testimonial and put the lists and figures in the shared context."""
        check_context = CheckContext(content_dir=Path(self.path), lang=self.lang,
                                     timezone=site_timezone(self.settings),
                                     settings=self.settings)
        folder = Path(self.path) / CONTENT_FOLDER
        sources = sorted(folder.glob("*.md")) + sorted(folder.glob("*.markdown"))
        readable = []
        for path in sources:
            read = field_values(path, check_context)
            if read is None:
                logger.error("%s could not be read as a testimonial; run the content check",
                             check_context.display_path(path))
            else:
                readable.append((path, *read))
        self.used_slugs.update(values["slug"] for _path, values, _body in readable if "slug" in values)
        for path, values, body in readable:
            testimonial = self.make_testimonial(path, values, body)
            # The build checks that every content file was read and published, a draft or hidden.
            self.add_source_path(testimonial)
            if testimonial.status != "draft":
                self.all_testimonials.append(testimonial)

        listed = [t for t in self.all_testimonials
                  if t.status == "published" and not t.is_translation]
        self.testimonials = sorted(listed, key=lambda t: (t.date, t.slug), reverse=True)
        self.service_pages = self.collect_services(self.testimonials)
        self.check_addresses()

        ratings = [t.rating for t in self.testimonials]
        minimum = int(setting(self.settings, "TESTIMONIALS_HOME_MIN_RATING"))
        home_count = int(setting(self.settings, "TESTIMONIALS_HOME_COUNT"))
        self.context.update({
            TESTIMONIALS: self.testimonials,
            AGGREGATE_RATING: aggregate_rating(ratings),
            REVIEW_SCHEMA: [t.review_schema for t in self.testimonials],
            "featured_testimonials": [t for t in self.testimonials if t.rating >= minimum][:home_count],
            "reviews_summary": rating_summary(ratings, self.lang, self.translations),
            REVIEWS_URL: f"{reviews_slug(self.settings)}/",
            TESTIMONIALS_PRIVATE_PHOTOS: self.private_photos,
        })

    def make_testimonial(self, path: Path, values: dict[str, Any], body: str) -> Testimonial:
        """A content object with consent applied: nothing raw about the customer is kept on it."""
        _ = self.translations.gettext
        ngettext = self.translations.ngettext
        rating = values["rating"]
        name = consented_name(values["reviewer"], values.get("consent", DEFAULT_CONSENT),
                              _("Salon customer"))
        source = values.get("source", DEFAULT_SOURCE)
        text = plain_text(body)
        summary_text = first_words(text, int(setting(self.settings, "TESTIMONIALS_SUMMARY_WORDS")))
        rating_text = ngettext("%(num)s star out of %(best)s", "%(num)s stars out of %(best)s",
                               rating) % {"num": rating, "best": BEST_RATING}
        title = values.get("title") or _("Review by {name}").format(name=name)
        metadata: dict[str, Any] = {
            "title": title,
            "date": values["date"],
            "slug": values.get("slug") or self.private_slug(values["date"], name),
            "status": values.get("status", "published"),
            "summary": str(escape(summary_text)),
        }
        for key in ("lang", "save_as", "url"):
            if key in values:
                metadata[key] = values[key]
        testimonial = Testimonial(str(text_to_html(body)), metadata, settings=self.settings,
                                  source_path=str(path), context=self.context)
        reply = plain_text(values["reply"]) if values.get("reply") else None
        testimonial.is_translation = values.get("translation") == "true"
        testimonial.rating = rating
        testimonial.rating_text = rating_text
        testimonial.stars = stars(rating)
        testimonial.reviewer_name = name
        testimonial.services = values.get("service", [])
        testimonial.staff = values.get("staff", [])  # names of the team, read by plugins/services
        testimonial.source = source
        testimonial.source_text = self.source_text(source)
        testimonial.text = text
        testimonial.summary_text = summary_text
        testimonial.text_html = text_to_html(body)
        testimonial.reply = reply
        testimonial.reply_html = text_to_html(values["reply"]) if reply else None
        testimonial.feed_author = name
        testimonial.feed_summary = f"{stars(rating)} {rating_text} — {name}: {text}"
        self.attach_photo(testimonial, path, values)
        testimonial.review_schema = self.review_schema(testimonial)
        return testimonial

    def private_slug(self, date, name: str) -> str:
        """The address of a testimonial from its date and consented name, never from the file name.

        Owners often name files after the customer; an anonymous testimonial must not publish that.
        """
        base = slugify(f"{date:%Y-%m-%d} {name}",
                       regex_subs=slug_substitutions(self.settings))
        slug, number = base, 2
        while slug in self.used_slugs:
            slug, number = f"{base}-{number}", number + 1
        self.used_slugs.add(slug)
        return slug

    def source_text(self, source: str) -> str:
        """Where the testimonial was given, as a phrase for the page."""
        _ = self.translations.gettext
        return {
            "in-salon": _("Left in the salon"),
            "google": _("Left on Google"),
            "facebook": _("Left on Facebook"),
            "instagram": _("Left on Instagram"),
            "email": _("Sent by email"),
        }[source]

    def attach_photo(self, testimonial: Testimonial, path: Path, values: dict[str, Any]) -> None:
        """Expose the photo only with the customer's consent; otherwise keep it out of the site."""
        photo: Path | None = values.get("photo")
        testimonial.photo = testimonial.photo_alt = None
        if photo is None:
            return
        if values.get("photo_consent") != "yes":
            self.private_photos.add(photo.resolve())
            return
        with Image.open(photo) as image:
            testimonial.photo_width, testimonial.photo_height = image.size
        testimonial.photo = photo.relative_to(Path(self.path).resolve()).as_posix()
        testimonial.photo_alt = values["photo_alt"]
        testimonial.metadata.update({"photo": testimonial.photo, "photo_alt": testimonial.photo_alt})

    def review_schema(self, testimonial: Testimonial) -> dict[str, Any]:
        """The schema.org Review of a testimonial, with the author as consented."""
        return {
            "@type": "Review",
            "url": absolute_url(self.settings, testimonial.url),
            "name": testimonial.title,
            "author": {"@type": "Person", "name": testimonial.reviewer_name},
            "datePublished": testimonial.date.date().isoformat(),
            "reviewBody": testimonial.text,
            "reviewRating": {"@type": "Rating", "ratingValue": testimonial.rating,
                             "bestRating": BEST_RATING, "worstRating": WORST_RATING},
        }

    def collect_services(self, testimonials: list[Testimonial]) -> list[dict[str, Any]]:
        """One filter page per service, named as first written (newest testimonial first)."""
        section = reviews_slug(self.settings)
        by_slug: dict[str, dict[str, Any]] = {}
        for testimonial in testimonials:
            links = []
            for service in testimonial.services:
                key = service_slug(service, self.settings)
                entry = by_slug.setdefault(key, {
                    "name": service, "slug": key, "url": f"{section}/{key}/",
                    "save_as": f"{section}/{key}/index.html", "testimonials": []})
                if testimonial not in entry["testimonials"]:
                    entry["testimonials"].append(testimonial)
                links.append({"name": service, "url": entry["url"]})
            testimonial.service_links = links
        for testimonial in self.all_testimonials:
            if not hasattr(testimonial, "service_links"):
                testimonial.service_links = [{"name": s, "url": None} for s in testimonial.services]
        services = sorted(by_slug.values(), key=lambda s: s["name"].casefold())
        for entry in services:
            entry["count"] = len(entry["testimonials"])
        return services

    def check_addresses(self) -> None:
        """A testimonial and a service page must not share an address: report it, do not overwrite."""
        section = reviews_slug(self.settings)
        taken = {entry["save_as"]: entry["name"] for entry in self.service_pages}
        page_slug = section_slug(self.settings, "page")
        taken[f"{section}/{page_slug}/index.html"] = page_slug
        for testimonial in self.all_testimonials:
            clash = taken.get(testimonial.save_as)
            if clash is not None:
                logger.error("%s: its address %s is already used by '%s'; give it another Slug",
                             testimonial.source_path, testimonial.url, clash)
            taken[testimonial.save_as] = testimonial.source_path

    # -- output ---------------------------------------------------------------------------

    def reviews_jsonld(self) -> Markup | None:
        """JSON-LD of the reviews page: the salon with the same figures the page shows."""
        aggregate = self.context.get(AGGREGATE_RATING)
        if not aggregate:
            return None
        node = salon_node(self.settings)
        node["aggregateRating"] = {k: v for k, v in aggregate.items() if k != "histogram"}
        node["review"] = self.context[REVIEW_SCHEMA]
        return json_for_script({"@context": "https://schema.org", **node})

    def testimonial_jsonld(self, testimonial: Testimonial) -> Markup:
        """JSON-LD of a testimonial's own page: the Review of the salon."""
        salon = salon_node(self.settings)
        review = dict(testimonial.review_schema)
        review["itemReviewed"] = {"@type": "HairSalon", "@id": salon["@id"], "name": salon["name"]}
        review.update(json_ld_language(self.settings, testimonial))  # issue 23: inLanguage
        return json_for_script({"@context": "https://schema.org", **review})

    def generate_output(self, writer) -> None:
        """Write the reviews list, one list per service and one page per testimonial."""
        relative = self.settings.get("RELATIVE_URLS", False)
        section = reviews_slug(self.settings)
        list_template = self.get_template(LIST_TEMPLATE)
        lists = [(None, self.testimonials, f"{section}/index.html", f"{section}/",
                  self.context["reviews_summary"])]
        for service in self.service_pages:
            ratings = [t.rating for t in service["testimonials"]]
            lists.append((service, service["testimonials"], service["save_as"], service["url"],
                          rating_summary(ratings, self.lang, self.translations)))
        for service, testimonials, save_as, url, summary in lists:
            writer.write_file(
                save_as, list_template, self.context, relative, paginated={"reviews": testimonials},
                template_name=LIST_TEMPLATE, url=url, reviews_service=service,
                reviews_list_summary=summary, reviews_services=self.service_pages,
                reviews_jsonld=None if service else self.reviews_jsonld())
        page_template = self.get_template(PAGE_TEMPLATE)
        for testimonial in self.all_testimonials:
            writer.write_file(
                testimonial.save_as, page_template, self.context, relative,
                testimonial=testimonial, testimonial_jsonld=self.testimonial_jsonld(testimonial))


def get_generators(pelican) -> type[Generator]:
    """Pelican's ``get_generators`` signal: add the testimonials generator."""
    return TestimonialsGenerator


def keep_private_photos_out(static_generator) -> None:
    """A photo without ``Photo_consent: yes`` must not be published, not even as a loose file."""
    leave_out_static_files(static_generator, TESTIMONIALS_PRIVATE_PHOTOS)
