"""Site search: a Pagefind index of the content built at the end, and a search page."""

from pelican import signals

from passaparola.settings import require_plugins

from .search import build_index, configure_search_page, provide_search_paths, remember_searchable_pages


def check_needed_plugins(pelican) -> None:
    """At start-up: the section folders this plugin uses (SECTION_SLUGS) come from language."""
    require_plugins(pelican.settings, "search", needs=["language"])


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
    signals.initialized.connect(check_needed_plugins)
    signals.initialized.connect(configure_search_page)
    signals.generator_init.connect(provide_search_paths)
    signals.all_generators_finalized.connect(remember_searchable_pages)
    signals.finalized.connect(build_index)
