"""Customer testimonials: reviews section, a page per testimonial, aggregate rating and JSON-LD."""

from pelican import signals

from .testimonials import get_generators, keep_private_photos_out


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
    signals.get_generators.connect(get_generators)
    signals.static_generator_finalized.connect(keep_private_photos_out)
