"""Every default of the project once, one way to read a setting, and the plugins' shared keys.

Like Pelican's ``DEFAULT_CONFIG``: a setting the owner does not write in ``pelicanconf.py`` takes
its value from :data:`DEFAULTS`, read through :func:`setting`. A value of ``None`` counts as not
written (``SALON = {"review_url": None}`` style), so one rule holds everywhere.

The context keys at the end are the seams between plugins: one plugin writes a key into Pelican's
context and others read it. Each constant says who writes it and who reads it, so a newcomer can
follow a value without searching for a bare string.
"""

from __future__ import annotations

from typing import Any

# --- Project-wide defaults ------------------------------------------------------------------------
# The language and clock of a site whose settings do not say. Pelican sets DEFAULT_LANG itself
# ("en"); ours is Italian because the owner's guide and the demo are.
PROJECT_DEFAULTS: dict[str, Any] = {
    "DEFAULT_LANG": "it",
    "TIMEZONE": "Europe/Rome",
}


def slug_substitutions(settings: dict[str, Any]) -> list[tuple[str, str]]:
    """The SLUG_REGEX_SUBSTITUTIONS Pelican makes addresses with: the site's, else Pelican's default.

    Settings read by Pelican always have it; the settings of a check or a test may not, and must
    still give the address Pelican would.
    """
    from pelican.settings import DEFAULT_CONFIG

    value = settings.get("SLUG_REGEX_SUBSTITUTIONS")
    return DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"] if value is None else value

DEFAULTS: dict[str, Any] = {
    **PROJECT_DEFAULTS,
}


def setting(settings: dict[str, Any], name: str) -> Any:
    """The value of setting ``name``, or its default from :data:`DEFAULTS` when absent or None."""
    value = settings.get(name)
    return DEFAULTS[name] if value is None else value


def site_language(settings: dict[str, Any]) -> str:
    """The site's (default) language: ``DEFAULT_LANG``."""
    return setting(settings, "DEFAULT_LANG")


def site_timezone(settings: dict[str, Any]) -> str:
    """The salon's time zone name (IANA), used for every date and time shown or emitted."""
    return setting(settings, "TIMEZONE")


# --- Context keys shared between plugins ----------------------------------------------------------
# Written by one plugin into Pelican's context (or settings), read by others. Keep one line each:
# who writes, who reads.
