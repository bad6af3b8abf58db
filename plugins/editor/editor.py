"""Writes the editor's page, its code and its configuration into ``admin/`` of the site.

The editor is Decap CMS, installed from npm at a pinned version (package.json) and copied from
``node_modules/decap-cms/dist`` into the site: no script, style or font comes from another host.
The page has a Content-Security-Policy of its own (Decap needs inline styles and compiles its
configuration schema at run time, which the site's policy rightly forbids). ``config.json`` is
made by :func:`passaparola.editor.config.editor_config` from the content rules.

The preview (``PREVIEW``) always has the editor; a published site only with ``EDITOR_PUBLISH``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from html import escape
from pathlib import Path
from string import Template
from typing import Any

from passaparola import i18n
from passaparola.editor.config import editor_config
from passaparola.settings import setting, site_language

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parents[2] / "passaparola" / "editor" / "static"
PAGE_FILES = ("admin.js", "admin.css", "format.js")
# The editor's own policy: its files only, plus what Decap needs (inline styles, compiled
# schemas, photos shown from memory) and, online, the GitHub API it saves through.
EDITOR_CSP: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https://avatars.githubusercontent.com",
                "https://raw.githubusercontent.com"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", "blob:", "https://api.github.com"],
    "media-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
HEADER_ONLY = {"frame-ancestors"}



def policy(for_meta: bool) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in EDITOR_CSP.items()
                     if not (for_meta and name in HEADER_ONLY))


def bundle_dir(settings: dict[str, Any]) -> Path:
    configured = setting(settings, "EDITOR_BUNDLE_DIR")
    if configured:
        return Path(configured)
    return Path(settings["PATH"]).resolve().parent / "node_modules" / "decap-cms" / "dist"


def bundle_files(folder: Path) -> list[Path]:
    """Decap's main file, the parts it loads when needed, its WebAssembly and its licence."""
    return sorted(path for path in folder.iterdir() if path.is_file() and (
        path.name.endswith("decap-cms.js") or path.suffix == ".wasm"
        or path.name == "decap-cms.js.LICENSE.txt"))


def _place(source: Path, target: Path) -> None:
    try:
        os.link(source, target)  # the bundle is 6 MB: rebuilds share it instead of copying
    except OSError:
        shutil.copy2(source, target)


def labels(gettext) -> dict[str, str]:
    _ = gettext
    return {"tips": _("Tips"), "events": _("Events"), "testimonials": _("Testimonials"),
            "pages": _("Pages")}


def write_editor(pelican) -> None:
    """Write ``admin/`` into the output when the preview runs or EDITOR_PUBLISH is set."""
    settings = pelican.settings
    preview = bool(settings.get("PREVIEW"))
    if not (preview or setting(settings, "EDITOR_PUBLISH")):
        return
    lang = site_language(settings)
    _ = i18n.translations(lang, [Path(settings["THEME"]) / "locale"]).gettext
    target = Path(pelican.output_path) / setting(settings, "EDITOR_SAVE_AS")
    target.mkdir(parents=True, exist_ok=True)
    source = bundle_dir(settings)
    files = bundle_files(source) if source.is_dir() else []
    missing = _("The editor is not installed ({folder} is missing): run make serve once (it "
                "installs it with npm)").format(folder=source)
    if not files and not preview:
        logger.error(missing)  # a published /admin/ must work: the build fails and says why
    (target / "decap").mkdir(exist_ok=True)
    for path in files:
        _place(path, target / "decap" / path.name)
    for name in PAGE_FILES:
        shutil.copy2(STATIC / name, target / name)
    page = Template((STATIC / "index.html").read_text(encoding="utf-8")).substitute(
        lang=escape(lang), csp=escape(policy(for_meta=True), quote=False),
        title=escape(_("Editor – {site}").format(site=settings.get("SITENAME", ""))))
    (target / "index.html").write_text(page, encoding="utf-8")
    config = editor_config(settings, local=preview, labels=labels(_))
    config["passaparola"] = {
        "not_paired": _("To change the site from this browser, open the editor from the address "
                        "shown where the preview runs (make serve), or scan its QR code."),
        "no_preview": _("The preview is not answering: start it again with make serve."),
        # The preview works without the editor installed: its page says what to do.
        "not_installed": missing,
    }
    (target / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=1),
                                        encoding="utf-8")
    headers = Path(pelican.output_path) / (settings.get("HEADERS_FILE") or "_headers")
    if not preview and headers.is_file():
        # Hosts that read _headers (Cloudflare Pages) drop the site's policy with "!" first.
        block = (f"\n/{setting(settings, 'EDITOR_SAVE_AS')}/*\n  ! Content-Security-Policy\n"
                 f"  Content-Security-Policy: {policy(for_meta=False)}\n")
        with headers.open("a", encoding="utf-8") as out:
            out.write(block)
