"""Services, prices and the team: the price list, the team page, a page per person, HairSalon offers."""

from pelican import signals

from passaparola.settings import require_plugins
from passaparola.signals import content_body_replaced

from .services import Person, Service, get_generators, keep_private_photos_out, link_reviews


def check_needed_plugins(pelican) -> None:
    """At start-up: the section folders this plugin uses (SECTION_SLUGS) come from language."""
    require_plugins(pelican.settings, "services", needs=["language"])


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
    signals.initialized.connect(check_needed_plugins)
    signals.get_generators.connect(get_generators)
    # After the images plugin's receiver (PLUGINS order): the team's photos are published by then.
    signals.all_generators_finalized.connect(link_reviews)
    signals.static_generator_finalized.connect(keep_private_photos_out)
    content_body_replaced.connect(needs_complete_build)


def needs_complete_build(obj, context, settings) -> bool | None:
    """A service's or person's text is shown on the price list, the team page and in the salon's
    JSON-LD: the preview's fast render cannot replay that, so it waits for the complete build."""
    return False if isinstance(obj, Service | Person) else None
