"""Stable addresses: a retitled page keeps its address; a changed Slug leaves a redirect behind."""

from pelican import signals

from passaparola.settings import require_plugins

from .addresses import add_generator, add_moved_redirects, keep_recorded_address, read_record


def check_needed_plugins(pelican) -> None:
    """At start-up: the redirects this plugin adds (REDIRECTS_ADDED) are written by workflow."""
    require_plugins(pelican.settings, "addresses", needs=["workflow"])


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
    signals.initialized.connect(check_needed_plugins)
    signals.initialized.connect(read_record)
    signals.content_object_init.connect(keep_recorded_address)
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(add_moved_redirects)
