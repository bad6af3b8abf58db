"""Feeds for syndication: RSS 2.0, Atom 1.0 and JSON Feed 1.1, and the follow page."""

from pelican import signals

from passaparola.settings import require_plugins

from .feeds import get_generators, plan_after_all_generators


def check_needed_plugins(pelican) -> None:
    """At start-up: the section folders this plugin uses (SECTION_SLUGS) come from language."""
    require_plugins(pelican.settings, "feeds", needs=["language"])


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
    signals.initialized.connect(check_needed_plugins)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(plan_after_all_generators)
