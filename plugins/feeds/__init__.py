"""Feeds for syndication: RSS 2.0, Atom 1.0 and JSON Feed 1.1, and the follow page."""

from pelican import signals

from .feeds import get_generators, plan_after_all_generators


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(plan_after_all_generators)
