"""The Content-Security-Policy and the other HTTP headers of the site.

The same policy reaches the browser twice: as ``<meta http-equiv="Content-Security-Policy">`` in
every page (works on any host, even a plain folder of files) and in a ``_headers`` file, the
format Netlify and Cloudflare Pages read, which can also carry what a meta tag cannot
(``frame-ancestors``, caching, ``X-Content-Type-Options``).

The default policy allows our own files only: no inline scripts (``script-src 'self'``, no
``unsafe-inline``), no inline styles or ``style=`` attributes (``style-src 'self'``), no other
host. JSON-LD ``<script type="application/ld+json">`` blocks are data, which a CSP does not block.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from passaparola.i18n import site_languages

DEFAULT_CSP: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
FEED_CACHE = {"Cache-Control": "public, max-age=3600"}
DEFAULT_RULES: dict[str, dict[str, str]] = {
    "/*": {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "X-Frame-Options": "DENY",
    },
    # The assets plugin writes fingerprinted bundles here: a changed file gets a new name.
    "/theme/*": {"Cache-Control": "public, max-age=31536000, immutable"},
    # Calendar apps and feed readers poll these files: their own types (a host may guess
    # text/plain or application/octet-stream) and an hour's cache, so a change reaches subscribers
    # the same day. The names are the events' and feeds plugins' defaults (calendar.ics, one .ics
    # per event; feed.xml, atom.xml, feed.json in every section).
    "/*.ics": {"Content-Type": "text/calendar; charset=utf-8", **FEED_CACHE},
    "/*feed.xml": {"Content-Type": "application/rss+xml; charset=utf-8", **FEED_CACHE},
    "/*atom.xml": {"Content-Type": "application/atom+xml; charset=utf-8", **FEED_CACHE},
    "/*feed.json": {"Content-Type": "application/feed+json; charset=utf-8", **FEED_CACHE},
}
# Directives that browsers ignore (and warn about) when the policy comes from a meta tag.
HEADER_ONLY_DIRECTIVES = {"frame-ancestors", "report-uri", "report-to", "sandbox"}


def csp_directives(settings: dict[str, Any]) -> dict[str, list[str]]:
    """The policy's directives: ``HEADERS_CSP`` (or the default; None turns the policy off) plus
    the sources of ``HEADERS_CSP_EXTRA``."""
    policy = settings.get("HEADERS_CSP", DEFAULT_CSP)
    if policy is None:
        return {}
    extra = settings.get("HEADERS_CSP_EXTRA") or {}
    for setting, directives in (("HEADERS_CSP", policy), ("HEADERS_CSP_EXTRA", extra)):
        for name, sources in directives.items():
            if not isinstance(sources, list | tuple) or any(";" in s or "," in s for s in sources):
                raise ValueError(f"{setting}[{name!r}] must be a list of sources, like [\"'self'\"]")
    merged = {name: list(sources) for name, sources in policy.items()}
    # Extra sources are added to the policy's own, so a site states only what it needs more.
    for name, sources in extra.items():
        merged.setdefault(name, [])
        merged[name] += [source for source in sources if source not in merged[name]]
    return merged


def policy_text(directives: dict[str, list[str]], for_meta: bool = False) -> str:
    """The policy as a header value; ``for_meta`` leaves out what a meta tag cannot carry."""
    parts = []
    for name, sources in directives.items():
        if for_meta and name in HEADER_ONLY_DIRECTIVES:
            continue
        parts.append(" ".join([name, *sources]))
    return "; ".join(parts)


def headers_file_text(settings: dict[str, Any]) -> str:
    """The ``_headers`` file: a path pattern, then its headers indented on the lines below."""
    rules = {path: dict(headers) for path, headers in
             (settings.get("HEADERS_RULES") or DEFAULT_RULES).items()}
    # Each extra language's pages are built with their own copy of the theme's fingerprinted
    # bundles (under /en/theme/): the same long cache as the root's.
    if "/theme/*" in rules:
        for code in site_languages(settings)[1:]:
            rules.setdefault(f"/{code}/theme/*", dict(rules["/theme/*"]))
    policy = policy_text(csp_directives(settings))
    if policy:
        rules.setdefault("/*", {})["Content-Security-Policy"] = policy
    blocks = []
    for path, headers in rules.items():
        lines = [path] + [f"  {name}: {value}" for name, value in headers.items()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def provide_policy(generator) -> None:
    """Give templates ``content_security_policy``: the policy text for the meta tag."""
    generator.env.globals["content_security_policy"] = policy_text(
        csp_directives(generator.settings), for_meta=True)


def write_headers_file(pelican) -> None:
    """Write ``_headers`` at the root of the output (``HEADERS_FILE``; empty turns it off)."""
    name = pelican.settings.get("HEADERS_FILE", "_headers")
    if not name:
        return
    target = Path(pelican.output_path) / name
    target.write_text(headers_file_text(pelican.settings), encoding="utf-8")
