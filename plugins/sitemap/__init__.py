"""The sitemap and robots.txt, written from the pages actually built."""

from pelican import signals

from .sitemap import remember_pages, write_sitemap_and_robots


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
    signals.all_generators_finalized.connect(remember_pages)
    signals.finalized.connect(write_sitemap_and_robots)
