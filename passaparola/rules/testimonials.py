"""Rules for testimonials (``content/testimonials/``). Filled in by the testimonials capability."""

from passaparola.rules.base import COMMON_FIELDS, Field, Schema, text

TESTIMONIAL_SCHEMA = Schema(fields=COMMON_FIELDS + (Field("Title", text),))
