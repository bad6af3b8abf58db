"""The site's language: UI translations, Babel dates and localised URL sections."""

from pelican import signals

from .language import configure_urls, install_translations


def register() -> None:
    signals.initialized.connect(configure_urls)
    signals.generator_init.connect(install_translations)
