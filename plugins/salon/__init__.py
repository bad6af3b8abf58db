"""The salon: opening hours and contacts on every page, schema.org HairSalon."""

from pelican import signals

from .salon import check_profile, provide_salon


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
    signals.initialized.connect(check_profile)
    signals.generator_init.connect(provide_salon)
