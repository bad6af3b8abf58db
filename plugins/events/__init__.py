"""Events: event pages, the events list, month calendars, iCalendar feeds, schema.org Event."""

from pelican import signals

from .events import EventsGenerator


def add_generator(pelican):
    """Pelican's ``get_generators`` signal: our generator reads ``content/events/``."""
    return EventsGenerator


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
    signals.get_generators.connect(add_generator)
