"""Nothing written in content becomes live markup, whoever wrote it.

- Jinja2's autoescape is forced on, so titles, fields and settings are always escaped; templates
  mark the (sanitised) body HTML with ``|safe``.
- The HTML that Markdown makes of every body and summary goes through the ``nh3`` sanitiser
  (Ammonia): the tags and attributes Markdown produces, plus pictures and tables, are kept;
  scripts, styles, frames, forms, event handlers and ``javascript:`` URLs are dropped. An owner
  who pastes an embed code from a social network gets a plain page instead of a third-party
  script running on the site.

Setting ``SAFE_HTML_EXTRA_TAGS`` (default empty) allows more tags.
"""

from __future__ import annotations

import nh3

from passaparola.rules import markup

# One list for the sanitiser and the content rules, which warn about what it removes.
ALLOWED_TAGS = set(markup.ALLOWED_TAGS)
ALLOWED_ATTRIBUTES = {tag: set(names) for tag, names in markup.ALLOWED_ATTRIBUTES.items()}
URL_SCHEMES = set(markup.URL_SCHEMES)


def require_autoescape(pelican) -> None:
    """Turn Jinja2's autoescape on whatever the settings say."""
    environment = dict(pelican.settings.get("JINJA_ENVIRONMENT") or {})
    environment["autoescape"] = True
    pelican.settings["JINJA_ENVIRONMENT"] = environment


def clean_html(fragment: str, extra_tags: set[str] | frozenset[str] = frozenset()) -> str:
    """The fragment with everything that could run or load from elsewhere removed."""
    return nh3.clean(fragment, tags=ALLOWED_TAGS | set(extra_tags), attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


def sanitize_content(content) -> None:
    """Sanitise a content object's body and summary as soon as Pelican has made it."""
    extra = set(content.settings.get("SAFE_HTML_EXTRA_TAGS") or ())
    if getattr(content, "_content", None):
        content._content = clean_html(content._content, extra)
    summary = content.metadata.get("summary")
    if summary:
        content.metadata["summary"] = clean_html(summary, extra)
        content._summary = content.metadata["summary"]
