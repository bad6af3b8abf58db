"""Rules for events (``content/events/``). Filled in by the events capability."""

from passaparola.rules.base import COMMON_FIELDS, Field, Schema, text

EVENT_SCHEMA = Schema(fields=COMMON_FIELDS + (Field("Title", text, required=True),))
