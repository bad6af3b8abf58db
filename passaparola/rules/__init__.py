"""The content rules: one place that says what a valid content file is.

Both the build (``passaparola.build.driver``) and ``invoke check`` call :func:`check_content`, so the
owner gets the same answer from both, with every problem in one run as ``path:line: field: message``.
Each kind of content (the first folder under ``content/``) has a schema in a module of its own
(``tips``, ``pages``, ``events``, ``testimonials``, ``services``, ``team``); this module only
walks the tree and applies them.
The rules import no plugin. Each file's own verdict is remembered between checks
(``passaparola.rules.verdicts``, which says what it is keyed on); the rules across files run
every time.
"""

from __future__ import annotations

from pathlib import Path

from passaparola.rules.addresses import duplicate_addresses
from passaparola.rules.base import (
    MAX_CONTENT_BYTES,
    CheckContext,
    Document,
    Problem,
    Schema,
    read_source,
)
from passaparola.rules.document import validate_document
from passaparola.rules.events import EVENT_SCHEMA
from passaparola.rules.examples import untouched_example
from passaparola.rules.files import MARKDOWN_SUFFIXES, STATIC_FOLDERS, unread_files
from passaparola.rules.markup import removed_markup
from passaparola.rules.pages import PAGE_SCHEMA
from passaparola.rules.photos import unreadable_images
from passaparola.rules.redirects import check_redirect_settings
from passaparola.rules.salon import check_salon_settings
from passaparola.rules.services import SERVICE_SCHEMA, check_references
from passaparola.rules.settings import check_site_settings
from passaparola.rules.team import PERSON_SCHEMA
from passaparola.rules.testimonials import TESTIMONIAL_SCHEMA
from passaparola.rules.tips import TIP_SCHEMA
from passaparola.rules.translations import check_languages_setting, check_translations
from passaparola.rules.verdicts import file_verdicts

__all__ = ["Problem", "CheckContext", "SCHEMAS", "check_content", "check_file", "content_files", "kind_of"]

# Folder under content/ -> the schema of the files in it.
SCHEMAS: dict[str, Schema] = {
    "tips": TIP_SCHEMA,
    "pages": PAGE_SCHEMA,
    "events": EVENT_SCHEMA,
    "testimonials": TESTIMONIAL_SCHEMA,
    "services": SERVICE_SCHEMA,
    "team": PERSON_SCHEMA,
}

CONTENT_SUFFIXES = set(MARKDOWN_SUFFIXES)  # as Pelican reads them: case-sensitive


def kind_of(relative_path: Path) -> str | None:
    """The content kind of a file from its first folder, or None if it is not in a kind's folder."""
    parts = relative_path.parts
    if len(parts) < 2:
        return None
    return parts[0] if parts[0] in SCHEMAS else None


def check_file(path: Path, context: CheckContext,
               documents: list[tuple[Document, str]] | None = None) -> list[Problem]:
    """Every problem of one content file; ``documents`` (if given) receives it, read, with its kind."""
    relative = path.relative_to(context.content_dir)
    kind = kind_of(relative)
    display = context.display_path(path)
    _ = context.gettext
    if kind is None:
        return [Problem(display, 1, "file", _(
            "is not in a content folder; move it into one of: {folders}").format(
                folders=", ".join(sorted(SCHEMAS))))]
    document, problems = read_source(path, display, context)
    if document is None:
        return problems
    if documents is not None:
        documents.append((document, kind))
    problems += validate_document(document, SCHEMAS[kind], context)
    problems += untouched_example(document, context)
    if SCHEMAS[kind].markdown_body:  # a testimonial's text is shown as text, never as HTML
        problems += removed_markup(document, context)
    return problems


def content_files(context: CheckContext) -> list[Path]:
    """Every Markdown file under ``content/`` outside the static folders, symlinks included."""
    files = []
    for path in sorted(context.content_dir.rglob("*")):
        relative = path.relative_to(context.content_dir)
        if relative.parts[0] in STATIC_FOLDERS or any(p.startswith(".") for p in relative.parts):
            continue
        if (path.is_file() or path.is_symlink()) and path.suffix in CONTENT_SUFFIXES:
            files.append(path)
    return files


def check_content(context: CheckContext) -> list[Problem]:
    """Every problem of every content file under ``context.content_dir``, sorted by file and line."""
    problems: list[Problem] = []
    files = []
    for path in content_files(context):
        if path.is_symlink():
            problems.append(_outside_symlink(path, context))
            if not path.resolve().is_relative_to(context.content_dir):
                continue
        files.append(path)
    # Each file's own problems, remembered where nothing they were made from changed (verdicts);
    # the rules across files below run every time, on every file as read now.
    documents: list[tuple[Document, str]] = []
    for path, file_problems, document in file_verdicts(files, context, check_file):
        problems.extend(file_problems)
        if document is not None:
            documents.append((document, kind_of(path.relative_to(context.content_dir))))
    # Two files with one address: Pelican would write one page over the other.
    problems.extend(duplicate_addresses(documents, context))
    # The salon's profile is owner-edited data too: checked with the content, in the same report.
    problems.extend(check_salon_settings(context))
    # Every other file under content/ is read by the build or reported: nothing vanishes unsaid.
    problems.extend(unread_files(context, set(SCHEMAS), [document for document, _kind in documents]))
    problems.extend(unreadable_images(context, documents))
    problems.extend(check_site_settings(context))
    # Names one file gives to another (a review's service, a specialty, a review's staff).
    problems.extend(check_references(context))
    # So are the redirects: a host would drop them silently past its limits.
    problems.extend(check_redirect_settings(context))
    # A site in several languages: LANGUAGES, and each translation against its original.
    problems.extend(check_languages_setting(context))
    problems.extend(check_translations(documents, SCHEMAS, context))
    return sorted(p for p in problems if p is not None)


def _outside_symlink(path: Path, context: CheckContext) -> Problem | None:
    target = path.resolve()
    if target.is_relative_to(context.content_dir.resolve()):
        return None
    return Problem(context.display_path(path), 1, "file",
                   context.gettext("is a link to a file outside content/: {target}").format(
                       target=target))


__all__ += ["MAX_CONTENT_BYTES"]
