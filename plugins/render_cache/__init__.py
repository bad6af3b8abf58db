"""Speed: a dependency-aware render cache, so a rebuild renders only the pages whose inputs changed."""

from pelican import signals

from .render_cache import provide_writer


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
    signals.get_writer.connect(provide_writer)
