"""Safe HTML: escaping on in every template, and the HTML of every body sanitised."""

from pelican import signals

from .safe_html import require_autoescape, sanitize_content


def register() -> None:
    signals.initialized.connect(require_autoescape)
    signals.content_object_init.connect(sanitize_content)
