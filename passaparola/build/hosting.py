"""What the static hosts (GitHub Pages, Netlify, Cloudflare Pages, GitLab Pages) need from a build.

Each host builds the site itself on every push, with the same command (``make build
SETTINGS=publishconf.py``), and knows its own public address: :func:`site_url_from_environment`
lets ``publishconf.py`` take it from the build's environment, so the owner writes it nowhere.
The hosts read ``_redirects`` but drop rules past their limits without a word (GitLab Pages then
ignores the whole file): :func:`redirect_limit_problems` turns that into a build error.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from passaparola.i18n import tool_gettext
from passaparola.settings import PROJECT_DEFAULTS

# Where the public address comes from, first found wins. PASSAPAROLA_SITEURL is ours (the GitHub
# workflow sets it from its Pages step; on any host the owner may set it by hand); the others are
# the ones each host sets for its own builds.
SITEURL_VARIABLES: tuple[tuple[str, str | None], ...] = (
    ("PASSAPAROLA_SITEURL", None),
    ("URL", "NETLIFY"),          # Netlify: the site's main address (set only with NETLIFY=true)
    ("CF_PAGES_URL", None),      # Cloudflare Pages: this deployment's *.pages.dev address
    ("CI_PAGES_URL", None),      # GitLab Pages: the project's Pages address
)


def site_url_from_environment(default: str, environ: Mapping[str, str] | None = None) -> str:
    """The site's public address from the build's environment (see SITEURL_VARIABLES), else
    ``default``; never with a trailing slash."""
    environ = os.environ if environ is None else environ
    for name, only_with in SITEURL_VARIABLES:
        value = environ.get(name, "").strip()
        if value and (only_with is None or environ.get(only_with, "").lower() == "true"):
            return value.rstrip("/")
    return default.rstrip("/")


@dataclass(frozen=True)
class RedirectLimits:
    """How many ``_redirects`` rules one host applies (None: no stated limit)."""

    host: str
    rules: int | None = None
    static_rules: int | None = None
    dynamic_rules: int | None = None
    line_characters: int | None = None
    file_bytes: int | None = None


# From each host's documentation. A "dynamic" rule has a splat (*) or a placeholder (:name).
REDIRECT_LIMITS = (
    RedirectLimits("Cloudflare Pages", static_rules=2000, dynamic_rules=100, line_characters=1000),
    RedirectLimits("GitLab Pages", rules=1000, file_bytes=64 * 1024),  # GitLab.com's defaults
    RedirectLimits("Netlify", rules=10000),  # past this, Netlify asks for wildcards instead
)


def is_dynamic_rule(line: str) -> bool:
    """True when the rule's source path has a splat or a placeholder."""
    source = line.split(" ", 1)[0]
    return "*" in source or any(part.startswith(":") for part in source.split("/"))


def redirect_limit_problems(lines: list[str], lang: str = PROJECT_DEFAULTS["DEFAULT_LANG"],
                            limits: tuple[RedirectLimits, ...] = REDIRECT_LIMITS) -> list[str]:
    """Why each host would drop some of these ``_redirects`` rules (translated); [] when all fit."""
    _ = tool_gettext(lang)
    dynamic = sum(1 for line in lines if is_dynamic_rule(line))
    counts = {"rules": len(lines), "static_rules": len(lines) - dynamic, "dynamic_rules": dynamic}
    size = len(("\n".join(lines) + "\n").encode("utf-8"))
    texts = {
        "rules": _("{count} redirects, {host} applies at most {limit}"),
        "static_rules": _("{count} redirects to fixed addresses, {host} applies at most {limit}"),
        "dynamic_rules": _("{count} redirects with * or :name, {host} applies at most {limit}"),
    }
    problems = []
    for host in limits:
        for kind, text in texts.items():
            limit = getattr(host, kind)
            if limit is not None and counts[kind] > limit:
                problems.append(text.format(count=counts[kind], host=host.host, limit=limit))
        if host.file_bytes is not None and size > host.file_bytes:
            problems.append(_("the file is {size} bytes, {host} reads at most {limit}").format(
                size=size, host=host.host, limit=host.file_bytes))
        if host.line_characters is not None:
            for number, line in enumerate(lines, start=1):
                if len(line) > host.line_characters:
                    problems.append(_("rule {number} is {length} characters long, {host} reads at "
                                      "most {limit}: {start}…").format(
                        number=number, length=len(line), host=host.host,
                        limit=host.line_characters, start=line[:60]))
    return problems
