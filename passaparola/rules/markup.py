"""Which HTML a body may hold, and a warning for every piece the sanitiser will remove.

The safe_html plugin sanitises every body with ``nh3`` using the lists below; an owner who pastes
a video's embed code (``<iframe>``), a script or a ``style``/``onclick`` attribute would otherwise
see it vanish without a word. The rules read the raw HTML of the Markdown body and warn, naming
the line, before the page is published. Testimonials are not here: their text is shown as text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from passaparola.rules.base import CheckContext, Document, Problem
from passaparola.rules.document import MARKDOWN_DESTINATION

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "small", "source", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES = {
    "*": frozenset({"id", "class", "title", "lang", "dir"}),
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"}),
    "source": frozenset({"srcset", "sizes", "type", "media", "width", "height"}),
    "ol": frozenset({"start", "reversed"}),
    "td": frozenset({"colspan", "rowspan", "headers"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope"}),
    "time": frozenset({"datetime"}),
    "abbr": frozenset({"title"}),
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src"})

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


class _Tags(HTMLParser):
    """Every start tag of a text with its attributes and line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[int, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((self.getpos()[0], tag, attrs))

    handle_startendtag = handle_starttag


def _html_of_body(body: str) -> str:
    """The body with code (fenced, indented, inline) blanked: there ``<script>`` is shown as text."""
    lines, fenced = [], False
    for line in body.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            lines.append("")
        elif fenced or line.startswith(("    ", "\t")):
            lines.append("")
        else:
            lines.append(_CODE_SPAN.sub("", line))
    return "\n".join(lines)


def removed_markup(document: Document, context: CheckContext) -> list[Problem]:
    """A warning for each tag, attribute or link of the body that publishing will remove."""
    _ = context.gettext
    extra = frozenset(context.settings.get("SAFE_HTML_EXTRA_TAGS") or ())
    html = _html_of_body(document.body)
    parser = _Tags()
    parser.feed(html)
    parser.close()
    problems = []
    for offset, line in enumerate(html.split("\n")):
        for match in MARKDOWN_DESTINATION.finditer(line):
            value = (match.group("angle") if match.group("angle") is not None
                     else match.group("plain")).strip()
            if value and _scheme(value) not in URL_SCHEMES | {""}:
                problems.append(_removed_address(document, document.body_line + offset, value,
                                                 context))
    for line, tag, attrs in parser.tags:
        number = document.body_line + line - 1
        if tag not in ALLOWED_TAGS | extra:
            if tag in ("iframe", "embed", "object", "video", "audio"):
                message = _("the <{tag}> is removed when the page is published (nothing may load "
                            "from another site): link to the video or post instead, "
                            "[Watch the video](https://...)")
            else:
                message = _("the <{tag}> tag is removed when the page is published, with what it "
                            "would do (scripts, styles, forms and frames are not allowed)")
            problems.append(Problem(document.display, number, "body", message.format(tag=tag),
                                    level="warning"))
            continue
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            if name not in allowed:
                problems.append(Problem(document.display, number, "body", _(
                    "the attribute {name}=\"...\" of <{tag}> is removed when the page is "
                    "published (the theme sets the look; nothing may run)").format(
                        name=name, tag=tag), level="warning"))
            elif name in URL_ATTRIBUTES and value and _scheme(value) not in URL_SCHEMES | {""}:
                problems.append(_removed_address(document, number, value, context))
    return sorted(problems)


def _removed_address(document: Document, line: int, value: str, context: CheckContext) -> Problem:
    return Problem(document.display, line, "body", context.gettext(
        "the address '{value}' is removed when the page is published: only http, https, mailto "
        "and tel addresses are allowed").format(value=value), level="warning")


def _scheme(value: str) -> str:
    value = value.strip()
    if value.startswith(("{static}", "{attach}", "{filename}", "{tag}", "{category}", "{author}")):
        return ""
    try:
        return urlsplit(value).scheme.lower()
    except ValueError:
        return "invalid"
