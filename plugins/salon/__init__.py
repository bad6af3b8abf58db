"""The salon: opening hours and contacts on every page, schema.org HairSalon, sitemap and robots."""

from pelican import signals

from .salon import check_profile, provide_salon, remember_pages, write_sitemap_and_robots


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
    signals.initialized.connect(check_profile)
    signals.generator_init.connect(provide_salon)
    signals.all_generators_finalized.connect(remember_pages)
    signals.finalized.connect(write_sitemap_and_robots)
