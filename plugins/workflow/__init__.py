"""The owner's workflow: drafts visible only in the preview, and the ``_redirects`` file."""

from pelican import signals

from .redirects import get_generators
from .workflow import drop_drafts_outside_preview, show_drafts_in_preview


def register() -> None:
    signals.content_object_init.connect(show_drafts_in_preview)
    signals.article_generator_finalized.connect(drop_drafts_outside_preview)
    signals.page_generator_finalized.connect(drop_drafts_outside_preview)
    signals.get_generators.connect(get_generators)
