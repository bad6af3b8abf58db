"""The ``_redirects`` file: the one writer of it, and the static hosts' limits it must respect.

Netlify, Cloudflare Pages and GitLab Pages read ``_redirects`` at the root of the site, one rule a
line (``/old/ /new/ 301``); GitHub Pages ignores it. Rules come from two places: the owner's
``REDIRECTS`` setting, and any plugin that appends ``(old, new)`` pairs to the context list named
by :data:`ADDED_REDIRECTS` while it reads content (e.g. an address that changed). Only this module
writes the file, so two writers can never overwrite each other's rules.

Hosts drop rules silently past their limits (GitLab Pages ignores the whole file past 1,000
rules), so the build checks the strictest limits of all hosts and fails instead
(:func:`passaparola.hosting.redirect_limit_problems`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from passaparola.hosting import redirect_limit_problems

logger = logging.getLogger(__name__)

# Context key: a list of (old path, new path or address) pairs. Writers: any plugin, during
# generate_context or all_generators_finalized. Reader: RedirectsGenerator, below.
ADDED_REDIRECTS = "redirects_added"
FILE_NAME = "_redirects"


def redirect_line(old: str, new: str, origin: str = "REDIRECTS") -> str:
    """One ``_redirects`` rule, ``/old/ /new/ 301``.

    Raises ValueError naming ``origin`` and the entry when a path is not site-absolute or has spaces.
    """
    if not str(old).startswith("/") or any(ch.isspace() for ch in f"{old}{new}"):
        raise ValueError(f"{origin}: {old!r} must be a path starting with / and without spaces")
    if not str(new).startswith(("/", "https://", "http://")):
        raise ValueError(f"{origin}: {new!r} must be a path starting with / or a web address")
    return f"{old} {new} 301"


def redirect_lines(redirects: dict[str, str]) -> list[str]:
    """``_redirects`` lines from the ``REDIRECTS`` setting, sorted by old path."""
    return [redirect_line(old, new) for old, new in sorted((redirects or {}).items())]


def all_redirect_lines(settings: dict[str, Any], context: dict[str, Any]) -> list[str]:
    """The owner's rules first (they win: a host applies the first rule for a path), then the
    plugins' in the order they were added; a repeated old path keeps its first rule. Static rules
    come before dynamic ones (``*`` or ``:name``), as Cloudflare Pages requires."""
    lines = redirect_lines(settings.get("REDIRECTS") or {})
    for old, new in context.get(ADDED_REDIRECTS) or []:
        lines.append(redirect_line(old, new, origin="redirect"))
    seen: set[str] = set()
    unique = []
    for line in lines:
        old = line.split(" ", 1)[0]
        if old not in seen:
            seen.add(old)
            unique.append(line)
    return sorted(unique, key=lambda line: any(c in line.split(" ", 1)[0] for c in "*:"))


class RedirectsGenerator:
    """Writes ``_redirects`` once every generator has read its content (so every plugin's rules
    are in the context), and fails the build when a host would drop rules."""

    def __init__(self, context: dict[str, Any], settings: dict[str, Any], path: str, theme: str,
                 output_path: str, **_ignored: Any) -> None:
        self.context = context
        self.settings = settings
        self.output_path = output_path

    def generate_output(self, writer) -> None:
        try:
            lines = all_redirect_lines(self.settings, self.context)
        except ValueError as error:
            logger.error("%s", error)
            return
        if not lines:
            return
        problems = redirect_limit_problems(lines, self.settings.get("DEFAULT_LANG", "it"))
        for problem in problems:
            logger.error("%s: %s", FILE_NAME, problem)
        if problems:
            return
        target = Path(self.output_path) / FILE_NAME
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def get_generators(pelican) -> type[RedirectsGenerator]:
    """Pelican's ``get_generators`` signal: add the generator that writes ``_redirects``."""
    return RedirectsGenerator
