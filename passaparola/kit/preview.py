"""The ``/kit/`` page of ``invoke serve``: each item's kit, to copy and download from the browser.

Preview only: nothing here is written to ``output/``. Opening ``/kit/`` brings ``kit/`` up to
date first (``python -m passaparola.kit`` in a process of its own, so edited code and settings
are the ones that run; it only redraws what changed), then lists every item with its pictures,
its captions with a copy button, and download links. Files under ``/kit/`` are served from the
``kit/`` folder, which sits beside the preview's ``output/``.
"""

from __future__ import annotations

import json
import mimetypes
import subprocess
import sys
import threading
from html import escape
from pathlib import Path
from urllib.parse import quote, unquote

from passaparola.i18n import tool_gettext
from passaparola.kit.images import FORMATS
from passaparola.settings import site_language

PAGE_PATH = "/kit/"
ASSETS_PATH = "/kit/__assets/"
ASSETS = Path(__file__).parent / "assets"
KIT_SECONDS = 600  # the first kit of a large site draws every picture
_making = threading.Lock()  # two browser tabs asking at once make the kit once, one after the other

Response = tuple[bytes, str, int]


def kit_response(project_dir: Path, url_path: str) -> Response:
    """(body, content type, status) for a request under ``/kit/`` in the preview of a project."""
    project = Path(project_dir).resolve()
    kit = project / "kit"
    if url_path in ("/kit", PAGE_PATH):
        return _page(project, kit)
    if url_path.startswith(ASSETS_PATH):
        return _file(ASSETS, url_path[len(ASSETS_PATH):])
    return _file(kit, url_path[len(PAGE_PATH):])


def _file(root: Path, relative: str) -> Response:
    target = (root / unquote(relative)).resolve()
    if not target.is_relative_to(root.resolve()) or not target.is_file() or target.name.startswith("."):
        return b"Not found", "text/plain; charset=utf-8", 404
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/json", "text/javascript"):
        kind += "; charset=utf-8"
    return target.read_bytes(), kind, 200


def _lang(project: Path) -> str:
    from passaparola.build.driver import load_settings

    return site_language(load_settings(project))


def _page(project: Path, kit: Path) -> Response:
    lang = _lang(project)
    _ = tool_gettext(lang)
    with _making:
        made = subprocess.run([sys.executable, "-m", "passaparola.kit", "--project", str(project)],
                              cwd=project, capture_output=True, text=True, timeout=KIT_SECONDS)
    if made.returncode != 0:
        problems = [line.strip() for line in made.stderr.splitlines() if line.strip()]
        body = (f"<h1>{escape(_('The social kit'))}</h1><div class=\"problems\" role=\"alert\">"
                f"<p>{escape(_('The kit could not be made: fix these problems and reload.'))}</p>"
                "<ul>" + "".join(f"<li>{escape(p)}</li>" for p in problems[-20:]) + "</ul></div>")
        return _document(lang, _("The social kit"), body), "text/html; charset=utf-8", 200
    index = json.loads((kit / "index.json").read_text(encoding="utf-8"))
    return (_document(lang, _("The social kit"), _listing(index, lang, kit)),
            "text/html; charset=utf-8", 200)


def _document(lang: str, title: str, body: str) -> bytes:
    return ("<!doctype html>\n"
            f'<html lang="{escape(lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title>"
            f'<link rel="stylesheet" href="{ASSETS_PATH}kit.css">'
            f'<script src="{ASSETS_PATH}kit.js" defer></script></head>'
            f'<body><main class="kit">{body}</main></body></html>\n').encode()


def _size(name: str) -> str:
    """Width and height of a picture, so that it takes its place before it loads: a lazy picture
    loading later would otherwise push the link the keyboard just reached off the screen."""
    width, height = FORMATS[name.removesuffix(".png")]
    return f'width="{width}" height="{height}"'


def _href(*parts: str) -> str:
    return PAGE_PATH + "/".join(quote(part) for part in parts)


def _listing(index: dict, lang: str, kit: Path) -> str:
    _ = tool_gettext(lang)
    sections = {"tip": _("Tips"), "event": _("Events"), "testimonial": _("Reviews")}
    pictures = {"story.png": _("Story (1080×1920)"), "square.png": _("Square post (1080×1080)"),
                "portrait.png": _("Portrait post (1080×1350)")}
    captions = {"caption.txt": _("Instagram caption"),
                "caption-short.txt": _("Short caption (Mastodon, WhatsApp)")}
    lead = _("Only in the preview: these files are in the kit/ folder and are not published. "
             "Download a picture, copy a caption and post it.")
    parts = [f"<h1>{escape(_('The social kit'))}</h1>",
             f'<p class="lead">{escape(lead)}</p>',
             '<p class="status" role="status" aria-live="polite" data-copy-status></p>',
             f'<p><a class="button" href="{_href(index["review_card"])}" download>'
             f"{escape(_('Download the review card (PDF, A6)'))}</a> "
             f"<span class=\"note\">{escape(_('It leads to {target}').format(target=index['review_target']))}"
             "</span></p>"]
    number = 0
    for kind, heading in sections.items():
        items = [item for item in index["items"] if item["kind"] == kind]
        if not items:
            continue
        parts.append(f"<section><h2>{escape(heading)}</h2>")
        for item in items:
            folder = item["folder"].split("/")
            parts.append(f'<article class="kit-item"><h3>{escape(item["title"])}</h3>'
                         f'<p><a href="{escape(item["url"])}">{escape(item["url"])}</a></p>'
                         '<div class="pictures">')
            for name, label in pictures.items():
                parts.append(f'<figure><a href="{_href(*folder, name)}">'
                             f'<img src="{_href(*folder, name)}" alt="{escape(label)}: '
                             f'{escape(item["title"])}" loading="lazy" {_size(name)}></a>'
                             f"<figcaption>{escape(label)}</figcaption></figure>")
            parts.append("</div>")
            for name, label in captions.items():
                number += 1
                text = (kit / item["folder"] / name).read_text(encoding="utf-8")
                parts.append(f'<div class="caption"><h4 id="caption-{number}-label">{escape(label)}</h4>'
                             f'<pre id="caption-{number}">'
                             f"{escape(text)}</pre>"
                             f'<button type="button" class="button" data-copy="caption-{number}" '
                             f'data-copied="{escape(_("Copied: paste it where you post"))}">'
                             f"{escape(_('Copy the caption'))}</button></div>")
            links = "".join(f'<li><a href="{_href(*folder, name)}" download>{escape(name)}</a></li>'
                            for name in item["files"])
            parts.append(f"<h4>{escape(_('Download'))}</h4><ul class=\"downloads\">{links}</ul>"
                         "</article>")
        parts.append("</section>")
    return "".join(parts)
