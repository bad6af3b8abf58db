"""Content-Security-Policy meta tag and a ``_headers`` file for static hosts."""

from pelican import signals

from .headers import provide_policy, write_headers_file


def register() -> None:
    signals.generator_init.connect(provide_policy)
    signals.finalized.connect(write_headers_file)
