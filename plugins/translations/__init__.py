"""A site in several languages: each language's run reads its own files and links the others."""

from pelican import signals

from .translations import (
    install_language_globals,
    mark_the_language_of_its_text,
    read_only_this_language,
    take_shared_fields_from_the_original,
)


def register() -> None:
    signals.generator_init.connect(read_only_this_language)
    signals.generator_init.connect(install_language_globals)
    signals.generator_init.connect(take_shared_fields_from_the_original)
    signals.content_object_init.connect(mark_the_language_of_its_text)
