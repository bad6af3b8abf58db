"""Checking one document: its fields against its schema, then the links and images of its body.

:func:`validate_document` is what ``check`` and the build (through the rules) and the editor run on
each content file; the body's checks follow what Pelican and the images plugin will do with it: a
``{filename}``/``{static}`` link must name a file, a photo must exist and say what it shows, a
site address written by hand (``/consigli/x/``) should lead to a page the content makes.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote

from passaparola.rules.base import (
    STATIC_PREFIX,
    CheckContext,
    Document,
    FieldError,
    Problem,
    Schema,
    body_image_path,
)

_INTERNAL_LINK = re.compile(r"\{(?P<kind>filename|static|attach)\}(?P<target>[^\s)\"'<>\]]+)")
# A Markdown link or image destination, which Python-Markdown reads up to the closing bracket,
# spaces included ("![Mare]({static}/images/Foto Mare.JPG)"), with an optional "title".
_DESTINATION = r"""\(\s*(?:<(?P<angle>[^>\n]*)>|(?P<plain>[^)\n]*?))(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)"""
MARKDOWN_DESTINATION = re.compile(r"\]" + _DESTINATION)
_MARKDOWN_IMAGE_DESTINATION = re.compile(r"!\[[^\]\n]*\]" + _DESTINATION)
_MARKDOWN_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)")
# A site-absolute link written by hand: [text](/consigli/x/), <a href="/x/">, <img src="/x.jpg">
# or [ref]: /x/
_PLAIN_LINK = re.compile(
    r"""(?:\]\(\s*<?|(?:href|src)\s*=\s*["']|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?)(?P<target>/(?!/)[^\s)"'<>]*)""")
_DATE_SEGMENT = re.compile(r"^\d{4}(?:-\d{1,2}){0,2}$")
# Folders of content/ that are copied as they are: a link into them must name an existing file.
_LINKABLE_FILE_FOLDERS = ("images", "files")


def validate_document(document: Document, schema: Schema, context: CheckContext) -> list[Problem]:
    """Every problem of a document against its schema: unknown, missing and invalid fields."""
    _ = context.gettext
    problems: list[Problem] = []
    known = schema.by_key()
    values: dict[str, Any] = {}
    for key, meta in document.meta.items():
        spec = known.get(key)
        if spec is None:
            guess = difflib.get_close_matches(key, list(known), n=1, cutoff=0.7)
            hint = _(" (did you mean '{name}'?)").format(name=known[guess[0]].name) if guess else ""
            problems.append(Problem(document.display, meta.line, meta.key,
                                    _("is not a field of this kind of content") + hint))
            continue
        if not meta.value:
            if spec.required:
                problems.append(Problem(document.display, meta.line, spec.name, _("is empty")))
            continue
        try:
            values[key] = spec.parse(meta.value, context, document) if spec.parse else meta.value
        except FieldError as error:
            problems.append(Problem(document.display, meta.line, spec.name, str(error)))
    for spec in schema.fields:
        if spec.required and spec.name.lower() not in document.meta:
            problems.append(Problem(document.display, 1, spec.name, _("is required but missing")))
    for check in schema.cross_checks:
        problems.extend(check(document, values, context))
    problems.extend(check_body_links(document, context))
    # A photo the build would publish must exist: the build's own error, before it starts.
    missing = missing_body_images(document, context) if schema.markdown_body else []
    problems.extend(Problem(document.display, line, "body", _(
        "the image '{path}' does not exist (paths start from content/, e.g. "
        "images/tips/photo.jpg)").format(path=src)) for line, src in missing)
    # ...and the same address is no extra warning about a missing file.
    repeated = {(line, _("the link '{link}' points to a file that does not exist").format(link=src))
                for line, src in missing}
    problems.extend(p for p in check_plain_links(document, context)
                    if (p.line, p.message) not in repeated)
    return problems


def internal_links(line: str) -> list[tuple[str, str]]:
    """The ``{static}``/``{attach}``/``{filename}`` links of a line: (as written, target).

    In a Markdown destination the target runs to the closing bracket, spaces included, as
    Python-Markdown reads it; elsewhere (an HTML attribute) it ends at a space or quote.
    """
    if "{" not in line:  # every such link starts with "{static}", "{attach}" or "{filename}"
        return []
    links = []
    covered: list[tuple[int, int]] = []
    for match in MARKDOWN_DESTINATION.finditer(line):
        destination = (match.group("angle") if match.group("angle") is not None
                       else match.group("plain")).strip()
        link = _INTERNAL_LINK.match(destination)
        if link:
            links.append((destination, destination[link.start("target"):]))
            covered.append(match.span())
    for match in _INTERNAL_LINK.finditer(line):
        if not any(start <= match.start() < end for start, end in covered):
            links.append((match.group(0), match.group("target")))
    return links


def body_images(document: Document) -> list[tuple[int, str]]:
    """The ``src`` of every image of a Markdown body, Markdown and HTML alike, with its line."""
    images = []
    for offset, line in enumerate(document.body.split("\n")):
        for match in _MARKDOWN_IMAGE_DESTINATION.finditer(line):
            src = match.group("angle") if match.group("angle") is not None else match.group("plain")
            images.append((document.body_line + offset, src.strip()))
    parser = _ImageTags()
    parser.feed(document.body)
    parser.close()
    images += [(document.body_line + line - 1, attrs.get("src") or "")
               for line, attrs in parser.images]
    return images


def missing_body_images(document: Document, context: CheckContext) -> list[tuple[int, str]]:
    """(line, src) of every photo of a body that the images plugin would publish but is missing."""
    relative_dir = posixpath.dirname(document.path.relative_to(context.content_dir).as_posix()) \
        if document.path.is_relative_to(context.content_dir) else ""
    missing = []
    for line, src in body_images(document):
        if STATIC_PREFIX.match(src.strip()):
            continue  # {static} links are checked with every internal link
        path = body_image_path(src, relative_dir)
        if path is None:
            continue
        resolved, is_file = context.probe_file(context.content_dir / path)
        if path.startswith("../") or resolved is None or not resolved.is_relative_to(
                context.content_dir) or not is_file:
            missing.append((line, src.strip()))
    return missing


def check_body_links(document: Document, context: CheckContext) -> list[Problem]:
    """Internal links and images in the body must point at files that exist inside content/."""
    _ = context.gettext
    problems = []
    for offset, line in enumerate(document.body.split("\n")):
        line_number = document.body_line + offset
        for written, raw_target in internal_links(line):
            target = unquote(raw_target.split("#")[0].split("?")[0])
            base = context.content_dir if target.startswith("/") else document.path.parent
            resolved, is_file = context.probe_file(base / target.lstrip("/"))
            if resolved is not None and not resolved.is_relative_to(context.content_dir):
                problems.append(Problem(document.display, line_number, "body", _(
                    "the link '{link}' points outside content/").format(link=written)))
            elif resolved is None or not is_file:
                problems.append(Problem(document.display, line_number, "body", _(
                    "the link '{link}' points to a file that does not exist").format(
                        link=written)))
        for match in _MARKDOWN_IMAGE.finditer(line):
            if not match.group("alt").strip():
                problems.append(Problem(document.display, line_number, "body", _(
                    "the image '{src}' has no alternative text: write it between the "
                    "brackets, ![like this]({src})").format(src=match.group("src")),
                    level="warning"))
    return problems


class _ImageTags(HTMLParser):
    """The ``<img>`` tags written as HTML in a Markdown body, with their lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[tuple[int, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append((self.getpos()[0], dict(attrs)))

    handle_startendtag = handle_starttag


def _raw_images_without_alt(document: Document, context: CheckContext) -> list[Problem]:
    parser = _ImageTags()
    parser.feed(document.body)
    parser.close()
    problems = []
    for line, attrs in parser.images:
        if not (attrs.get("alt") or "").strip():
            problems.append(Problem(document.display, document.body_line + line - 1, "body",
                                    context.gettext(
                "the image '{src}' has no alternative text: add alt=\"what the photo shows\"").format(
                    src=attrs.get("src") or "img"), level="warning"))
    return problems


def _plain_link_problem(target: str, document: Document, line_number: int,
                        context: CheckContext) -> Problem | None:
    """A warning when a hand-written site link leads to no file or page the content makes."""
    path = unquote(target.split("#")[0].split("?")[0])
    segments = [part for part in path.split("/") if part]
    if not segments or ".." in segments:
        return None
    message = context.gettext("the link '{link}' leads to a page that does not exist on this site")
    if "." in segments[-1]:
        # Generated files (feeds, calendar.ics, theme assets) are not in content/: only files in
        # the folders copied as they are can be checked.
        if (segments[0] in _LINKABLE_FILE_FOLDERS
                and not context.probe_file(context.content_dir / path.lstrip("/"))[1]):
            return Problem(document.display, line_number, "body", context.gettext(
                "the link '{link}' points to a file that does not exist").format(link=target),
                level="warning")
        return None
    if len(segments) >= 3 and segments[-1].isdigit():
        segments = segments[:-2]  # a pagination tail such as /page/2/
    if len(segments) < 2 or _DATE_SEGMENT.match(segments[-1]):
        return None  # pages and section indexes (/contatti/, /eventi/) and calendar months
    if context.is_known_slug(segments[-1]):
        return None
    return Problem(document.display, line_number, "body", message.format(link=target),
                   level="warning")


def check_plain_links(document: Document, context: CheckContext) -> list[Problem]:
    """Warnings for raw images without alt text and hand-written links to missing pages."""
    problems = _raw_images_without_alt(document, context)
    siteurl = str(context.settings.get("SITEURL") or "").rstrip("/")
    for offset, line in enumerate(document.body.split("\n")):
        if siteurl.startswith(("http://", "https://")):
            line = line.replace(siteurl + "/", "/")
        if "/" not in line:  # every hand-written site link starts with "/"
            continue
        for match in _PLAIN_LINK.finditer(line):
            problem = _plain_link_problem(match.group("target"), document,
                                          document.body_line + offset, context)
            if problem:
                problems.append(problem)
    return problems
