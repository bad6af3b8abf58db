"""Fingerprinted theme assets (CSS and JS) with the brand colours from the settings."""

from pelican import signals

from .assets import provide_asset_urls, write_assets


def register() -> None:
    signals.generator_init.connect(provide_asset_urls)
    signals.finalized.connect(write_assets)
