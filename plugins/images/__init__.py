"""Images and social sharing: responsive private images, share cards, Open Graph, link page."""

from pelican import signals

from passaparola.settings import require_plugins
from passaparola.signals import content_body_replaced

from .images import process_images, rewrite_replaced_body, take_over_static_images
from .social import add_link_page, install_template_helpers


def check_needed_plugins(pelican) -> None:
    """At start-up: the section folders this plugin uses (SECTION_SLUGS) come from language."""
    require_plugins(pelican.settings, "images", needs=["language"])


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
    signals.initialized.connect(check_needed_plugins)
    signals.initialized.connect(add_link_page)
    signals.generator_init.connect(install_template_helpers)
    signals.static_generator_finalized.connect(take_over_static_images)
    signals.all_generators_finalized.connect(process_images)
    content_body_replaced.connect(rewrite_replaced_body)
