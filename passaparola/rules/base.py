"""Building blocks of the content rules: problems, documents, fields and schemas."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from passaparola.i18n import tool_gettext
from passaparola.settings import PROJECT_DEFAULTS, slug_substitutions

MAX_CONTENT_BYTES = 1_000_000

# Python-Markdown's Meta extension syntax, which Pelican's Markdown reader uses: a header of
# `Key: value` lines, continuation lines indented by four spaces, ended by a blank line.
_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_META_CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# An address inside the site: no scheme ("javascript:"), no query, no backslash.
_SITE_PATH = re.compile(r"[A-Za-z0-9._~/-]+")
# Characters that are invisible to the owner and invalid in XML feeds or HTML: control characters
# (other than tab and line breaks) and the non-characters U+FFFE/U+FFFF.
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one content file, shown to the owner as ``path:line: field: message``."""

    path: str
    line: int
    field: str
    message: str
    level: str = "error"  # "error" fails the build; "warning" is only reported by `check`

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class FieldError(ValueError):
    """Raised by a field parser with a message for the owner (already translated)."""


@dataclass
class Facts:
    """What one file's verdict was made from besides its own bytes (see ``rules.verdicts``).

    Filled while the file is checked: each setting read (its value's ``repr``, or None when
    absent), each path looked at (its real path and whether it is a file) and each address
    segment looked up among the content's slugs. ``everything`` is set when a rule read the
    settings as a whole: such a verdict is not remembered.
    """

    settings: dict[str, str | None] = field(default_factory=dict)
    files: dict[str, tuple[str | None, bool]] = field(default_factory=dict)
    slugs: dict[str, bool] = field(default_factory=dict)
    everything: bool = False


@dataclass
class CheckContext:
    """What the rules need to know about the site being checked."""

    content_dir: Path
    lang: str = PROJECT_DEFAULTS["DEFAULT_LANG"]
    timezone: str = PROJECT_DEFAULTS["TIMEZONE"]
    settings: dict[str, Any] = field(default_factory=dict)
    display_root: Path | None = None
    # Where check_content remembers each file's verdict (passaparola.rules.verdicts); None: nowhere.
    cache_dir: Path | None = None
    # While one file is checked for a remembered verdict: what the verdict is made from.
    facts: Facts | None = field(default=None, init=False, repr=False, compare=False)
    # Content files read in this check, by path: read once, then shared by the rules across files.
    documents: dict[Path, Document | None] = field(default_factory=dict, init=False, repr=False,
                                                   compare=False)

    def __post_init__(self) -> None:
        self.content_dir = Path(self.content_dir).resolve()
        if self.display_root is None:
            self.display_root = self.content_dir.parent
        self.gettext = tool_gettext(self.lang)

    def known_slugs(self) -> set[str]:
        """Every address segment the content makes: slugs, file names, tags and services.

        Read once per check, from the headers of every content file, so that a link written by
        hand (``/consigli/xyz/``) can be told apart from a link to a page that does not exist.
        """
        cached = getattr(self, "_known_slugs", None)
        if cached is None:
            cached = _collect_slugs(self)
            self._known_slugs = cached
        return cached

    def is_known_slug(self, segment: str) -> bool:
        """Whether ``segment`` is among :meth:`known_slugs` (remembered in the file's facts)."""
        facts, self.facts = self.facts, None  # the slugs are the whole content's, no one file's
        try:
            known = segment in self.known_slugs()
        finally:
            self.facts = facts
        if facts is not None:
            facts.slugs[segment] = known
        return known

    def probe_file(self, path: Path) -> tuple[Path | None, bool]:
        """The real path of ``path`` (None when it cannot be a file name) and whether it is a file.

        The rules of one file look at other files only through here, so that a remembered
        verdict knows which files it depends on (see ``passaparola.rules.verdicts``).
        """
        resolved = resolve_or_none(path)
        is_file = resolved is not None and is_file_safely(resolved)
        if self.facts is not None:
            self.facts.files[str(path)] = (None if resolved is None else str(resolved), is_file)
        return resolved, is_file

    def read_document(self, path: Path) -> Document | None:
        """A content file as :func:`read_source` reads it, read once per check for every rule."""
        if path not in self.documents:
            self.documents[path] = read_source(path, self.display_path(path), self)[0]
        return self.documents[path]

    def display_path(self, path: Path) -> str:
        """The path as the owner sees it in messages: relative to the project, e.g. content/tips/x.md."""
        try:
            return str(Path(path).resolve().relative_to(self.display_root))
        except ValueError:
            return str(path)


@dataclass
class MetaValue:
    key: str  # as written by the owner, e.g. "Image_alt"
    value: str
    line: int


@dataclass
class Document:
    """A content file split into its metadata header and its body."""

    path: Path
    display: str
    meta: dict[str, MetaValue]  # by lower-case key, as Pelican sees them
    body: str
    body_line: int


Parser = Callable[[str, CheckContext, Document], Any]


@dataclass(frozen=True)
class Field:
    """A metadata field: its name as the owner writes it, whether it is required, how to parse it."""

    name: str
    parse: Parser | None = None
    required: bool = False


CrossCheck = Callable[[Document, dict[str, Any], CheckContext], list[Problem]]


@dataclass(frozen=True)
class Schema:
    """The fields of one kind of content and the checks that span several fields."""

    fields: tuple[Field, ...]
    cross_checks: tuple[CrossCheck, ...] = ()
    # False when the body is shown as plain text (testimonials), not rendered from Markdown.
    markdown_body: bool = True

    def by_key(self) -> dict[str, Field]:
        return {f.name.lower(): f for f in self.fields}


def read_source(path: Path, display: str, context: CheckContext) -> tuple[Document | None, list[Problem]]:
    """Read a Markdown file into a Document, or report why it cannot be read."""
    _ = context.gettext
    limit = int(context.settings.get("MAX_CONTENT_BYTES", MAX_CONTENT_BYTES))
    raw = path.read_bytes()
    if len(raw) > limit:
        return None, [Problem(display, 1, "file", _(
            "is {size} bytes, more than the limit of {limit}; split it or shorten it").format(
                size=len(raw), limit=limit))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [Problem(display, raw[: error.start].count(b"\n") + 1, "file", _(
            "is not UTF-8 text; save it again as UTF-8")) ]
    if not text.strip():
        return None, [Problem(display, 1, "file", _("is empty"))]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta: dict[str, MetaValue] = {}
    problems: list[Problem] = []
    last_key: str | None = None
    body_start = len(lines)
    for index, line in enumerate(lines):
        if not line.strip():
            body_start = index + 1
            break
        match = _META_LINE.match(line)
        if match:
            key = match.group("key")
            last_key = key.lower()
            if last_key in meta:
                problems.append(Problem(display, index + 1, key, _(
                    "is written twice (also on line {line})").format(line=meta[last_key].line)))
            meta[last_key] = MetaValue(key, match.group("value").strip(), index + 1)
            continue
        continuation = _META_CONTINUATION.match(line)
        if continuation and last_key is not None:
            previous = meta[last_key]
            previous.value = f"{previous.value}\n{continuation.group('value').strip()}".strip()
            continue
        if index == 0:
            problems.append(Problem(display, 1, "file", _(
                "does not start with its fields (for example 'Title: ...')")))
        else:
            problems.append(Problem(display, index + 1, "file", _(
                "this line is neither a 'Field: value' line nor a blank line ending the fields")))
        body_start = index
        break
    body = "\n".join(lines[body_start:])
    document = Document(path, display, meta, body, body_start + 1)
    problems.extend(_forbidden_characters(document, lines, context))
    return document, problems


def _forbidden_characters(document: Document, lines: list[str], context: CheckContext) -> list[Problem]:
    field_by_line = {meta.line: meta.key for meta in document.meta.values()}
    problems = []
    for index, line in enumerate(lines):
        match = _FORBIDDEN_CHARACTER.search(line)
        if match:
            number = index + 1
            field_name = field_by_line.get(number, "body" if number >= document.body_line else "file")
            problems.append(Problem(document.display, number, field_name, context.gettext(
                "contains an invisible control character (U+{code:04X}): delete it and "
                "type the text again").format(code=ord(match.group()))))
    return problems


def line_of(document: Document, key: str) -> int:
    """The line of a field, or 1 when it is missing."""
    meta = document.meta.get(key.lower())
    return meta.line if meta else 1


# --- field parsers ---------------------------------------------------------------------------

def text(value: str, context: CheckContext, document: Document) -> str:
    """Any non-empty text."""
    return value


def datetime_value(value: str, context: CheckContext, document: Document) -> datetime:
    """``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM`` (ISO 8601 with seconds or an offset also works)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return datetime.combine(date.fromisoformat(value), datetime.min.time())
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?", value):
            raise ValueError(value)
        return datetime.fromisoformat(value)
    except ValueError:
        raise FieldError(context.gettext(
            "'{value}' is not a date like 2027-03-15 or 2027-03-15 18:30").format(
                value=value)) from None


def comma_list(value: str, context: CheckContext, document: Document) -> list[str]:
    """A comma-separated list of non-empty items."""
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise FieldError(context.gettext("has an empty item between commas: '{value}'").format(
            value=value))
    return items


def slug(value: str, context: CheckContext, document: Document) -> str:
    """A URL slug: lower-case letters, digits and single hyphens."""
    if not _SLUG.match(value):
        raise FieldError(context.gettext(
            "'{value}' may only contain lower-case letters, digits and hyphens").format(value=value))
    return value


def choice(*allowed: str) -> Parser:
    """A parser that accepts one of ``allowed`` (case-insensitive) and returns it lower-cased."""

    def parse(value: str, context: CheckContext, document: Document) -> str:
        if value.lower() not in allowed:
            raise FieldError(context.gettext("'{value}' is not one of: {allowed}").format(
                value=value, allowed=", ".join(allowed)))
        return value.lower()

    parse.choices = allowed  # read by the editor's configuration (passaparola.editor.config)
    return parse


def integer_between(low: int, high: int) -> Parser:
    """A parser that accepts a whole number from ``low`` to ``high``."""

    def parse(value: str, context: CheckContext, document: Document) -> int:
        if not re.fullmatch(r"[0-9]+", value) or not low <= int(value) <= high:
            raise FieldError(context.gettext(
                "'{value}' is not a whole number from {low} to {high}").format(
                    value=value, low=low, high=high))
        return int(value)

    parse.bounds = (low, high)  # read by the editor's configuration (passaparola.editor.config)
    return parse


def web_url(value: str, context: CheckContext, document: Document) -> str:
    """An absolute http(s) URL."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FieldError(context.gettext(
            "'{value}' is not a web address starting with https://").format(value=value))
    return value


def content_file(value: str, context: CheckContext, document: Document) -> Path:
    """A file inside ``content/``, written relative to it (``images/x.jpg``) or as ``{static}/x``."""
    _ = context.gettext
    target = value
    for prefix in ("{static}", "{attach}", "{filename}"):
        if target.startswith(prefix):
            target = target[len(prefix):]
            break
    target = unquote(target)
    if "://" in target or target.startswith("//"):
        raise FieldError(_("'{value}' must be a file in content/, not a web address").format(
            value=value))
    if ".." in Path(target).parts:
        raise FieldError(_("'{value}' must not contain '..'").format(value=value))
    resolved, is_file = context.probe_file(context.content_dir / target.lstrip("/"))
    if resolved is not None and not resolved.is_relative_to(context.content_dir):
        raise FieldError(_("'{value}' points outside content/").format(value=value))
    if resolved is None or not is_file:
        raise FieldError(_("'{value}' does not exist (paths start from content/, e.g. "
                           "images/tips/photo.jpg)").format(value=value))
    return resolved


def resolve_or_none(path: Path) -> Path | None:
    """The real path, or None when the name cannot be a file name (too long, a NUL byte)."""
    try:
        return path.resolve()
    except (OSError, ValueError):
        return None


def is_file_safely(path: Path) -> bool:
    """Whether ``path`` is a file; False, not an error, for a name that cannot be one."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def safe_relative_path(value: str, context: CheckContext, document: Document) -> str:
    """An output path such as ``Save_as``: relative, inside the site, no ``..``."""
    if (value.startswith(("/", "\\")) or ".." in Path(value).parts
            or not _SITE_PATH.fullmatch(value)):
        raise FieldError(context.gettext(
            "'{value}' must be a path inside the site, without '..' or a leading '/'").format(
                value=value))
    return value


# --- checks shared by every kind -------------------------------------------------------------

def image_needs_alt(image_key: str, alt_key: str) -> CrossCheck:
    """A cover image needs its alternative text, for visitors who cannot see it."""

    def check(document: Document, values: dict[str, Any], context: CheckContext) -> list[Problem]:
        if image_key.lower() in values and alt_key.lower() not in values:
            return [Problem(document.display, line_of(document, image_key), alt_key, context.gettext(
                "is required with {image}: describe the picture for visitors who cannot see it"
            ).format(image=image_key))]
        return []

    return check


# A file name (one part of a page's address) may not be longer than this on common file systems.
MAX_SLUG_BYTES = 200


def page_address(text_value: str, context: CheckContext) -> str:
    """The address part Pelican makes of a title, tag or author name (its own slugify)."""
    from pelican.utils import slugify

    return slugify(text_value, regex_subs=slug_substitutions(context.settings))


def named(value: str, context: CheckContext, document: Document) -> str:
    """A name that gets a page of its own (an author): it must give a usable address."""
    if not page_address(value, context):
        raise FieldError(context.gettext(
            "'{value}' gives no usable page address: use letters or digits").format(value=value))
    return value


def tag_list(value: str, context: CheckContext, document: Document) -> list[str]:
    """Comma-separated tags, each of which gets a topic page, so each needs a usable address."""
    items = comma_list(value, context, document)
    for item in items:
        named(item, context, document)
    return items


def address_from_title(document: Document, values: dict[str, Any],
                       context: CheckContext) -> list[Problem]:
    """Without a Slug, the page's address is made from the Title: it must be neither empty nor
    too long to be a file name."""
    if "slug" in values or "title" not in values:
        return []
    address = page_address(values["title"], context)
    if not address:
        message = context.gettext("gives no usable page address: add a Slug, e.g. 'Slug: my-page'")
    elif len(address.encode()) > MAX_SLUG_BYTES:
        message = context.gettext("is too long to make a page address: add a shorter Slug")
    else:
        return []
    return [Problem(document.display, line_of(document, "title"), "Title", message)]


def modified_not_before_date(document: Document, values: dict[str, Any],
                             context: CheckContext) -> list[Problem]:
    if ("date" in values and "modified" in values
            and values["modified"].replace(tzinfo=None) < values["date"].replace(tzinfo=None)):
        return [Problem(document.display, line_of(document, "modified"), "Modified",
                        context.gettext("is before Date"))]
    return []


# An address that is no file of content/: a scheme (https:, data:), protocol-relative, an anchor.
_WEB_ADDRESS = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//|#)")
# A {static} or {attach} link (also written |static|, Pelican's older form).
STATIC_PREFIX = re.compile(r"^[{|](?:static|attach)[|}](?P<path>.*)$")
IMAGES_FOLDER = "images"


def body_image_path(src: str, relative_dir: str) -> str | None:
    """The file of content/ an ``<img src>`` of a body means (``images/tips/x.jpg``), or None.

    ``{static}/x`` and ``/images/x`` start from content/; ``{static}x`` from the file's folder, as
    Pelican reads it. Written without ``{static}``, ``images/tips/x.jpg`` (the owner's natural way)
    starts from content/ and ``../images/x.jpg`` from the file's folder: both mean the photo in
    content/, and the images plugin publishes them as it does ``{static}`` ones. None for a web
    address and for site paths outside images/ (generated files). Used by the rules and the
    images plugin alike, so `check` and the build agree on which file a photo is.
    """
    src = src.strip()
    match = STATIC_PREFIX.match(src)
    if match:
        target = unquote(match.group("path").split("#")[0].split("?")[0])
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(relative_dir, target))
    if not src or src.startswith("{") or _WEB_ADDRESS.match(src):
        return None
    target = unquote(src.split("#")[0].split("?")[0])
    if target.startswith("/"):
        return target.lstrip("/") if target.startswith(f"/{IMAGES_FOLDER}/") else None
    if target.startswith(f"{IMAGES_FOLDER}/"):
        return posixpath.normpath(target)
    return posixpath.normpath(posixpath.join(relative_dir, target))


def _collect_slugs(context: CheckContext) -> set[str]:
    from pelican.utils import slugify

    subs = slug_substitutions(context.settings)
    slugs: set[str] = set()
    for path in context.content_dir.rglob("*"):
        if not path.is_file() or path.suffix.lower() not in (".md", ".markdown"):
            continue
        slugs.add(path.stem)
        try:
            document = context.read_document(path)
        except OSError:
            continue
        if document is None:
            continue
        meta = {key: value.value for key, value in document.meta.items()}
        if meta.get("slug"):
            slugs.add(meta["slug"])
        if meta.get("title"):
            slugs.add(slugify(meta["title"], regex_subs=subs))
        for key in ("tags", "service"):
            for item in (meta.get(key) or "").split(","):
                if item.strip():
                    slugs.add(slugify(item.strip(), regex_subs=subs))
    return slugs


# Fields every kind of content accepts.
COMMON_FIELDS: tuple[Field, ...] = (
    Field("Slug", slug),
    Field("Status", choice("published", "draft", "hidden")),
    Field("Lang", choice("it", "en")),
    Field("Save_as", safe_relative_path),
    Field("URL", safe_relative_path),
    Field("Translation", choice("true", "false")),
    Field("Translation-of", text),
)
