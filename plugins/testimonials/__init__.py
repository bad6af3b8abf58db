"""Customer testimonials: reviews section, a page per testimonial, aggregate rating and JSON-LD."""

from pelican import signals

from passaparola.settings import require_plugins
from passaparola.signals import content_body_replaced

from .testimonials import Testimonial, get_generators, keep_private_photos_out


def check_needed_plugins(pelican) -> None:
    """At start-up: the section folders this plugin uses (SECTION_SLUGS) come from language."""
    require_plugins(pelican.settings, "testimonials", needs=["language"])


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
    signals.initialized.connect(check_needed_plugins)
    signals.get_generators.connect(get_generators)
    signals.static_generator_finalized.connect(keep_private_photos_out)
    content_body_replaced.connect(needs_complete_build)


def needs_complete_build(obj, context, settings) -> bool | None:
    """A testimonial's text is made into its page, summary, rating and feeds when the generator
    reads it: the preview's fast render cannot replay that, so it waits for the complete build."""
    return False if isinstance(obj, Testimonial) else None
