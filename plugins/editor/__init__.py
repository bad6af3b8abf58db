"""The content editor (Decap CMS) at /admin/: in the preview always, published with EDITOR_PUBLISH."""

from pelican import signals

from .editor import write_editor


def register() -> None:
    signals.finalized.connect(write_editor)
