"""Events: event pages, the events list, month calendars, iCalendar feeds, schema.org Event."""

from pelican import signals

from passaparola.settings import require_plugins

from .events import EventsGenerator


def add_generator(pelican):
    """Pelican's ``get_generators`` signal: our generator reads ``content/events/``."""
    return EventsGenerator


def check_needed_plugins(pelican) -> None:
    """At start-up: the section folders this plugin uses (SECTION_SLUGS) come from language."""
    require_plugins(pelican.settings, "events", needs=["language"])


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
    signals.initialized.connect(check_needed_plugins)
    signals.get_generators.connect(add_generator)
