"""Which files under ``content/`` the build reads, and a problem for every other one.

Pelican reads a file only when its extension is one its readers know, written exactly so (a tip
saved as ``.MD``, ``.txt`` or ``.md.txt`` by a phone or Windows editor is skipped), and copies only
the folders of ``STATIC_PATHS``. Nothing may vanish without a word: every file the build would not
read is reported here, by ``check`` and the build alike, with the way to fix it.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote

from passaparola.rules.base import CheckContext, Document, Problem
from passaparola.rules.document import internal_links
from passaparola.settings import setting

# Pelican's Markdown reader (MarkdownReader.file_extensions): matched case-sensitively, as it does.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
# Photos the images plugin publishes (re-encoded) from content/images/.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".bmp"}
IMAGES_FOLDER = "images"
# Folders of content/ whose files are copied or linked, never read as content (Markdown there is
# not a page: reported below unless it is copied as it is).
STATIC_FOLDERS = {IMAGES_FOLDER, "extra", "files"}
# Photo formats phones save that Pillow cannot open: say how to get a JPEG instead.
PHONE_ONLY_SUFFIXES = {".heic", ".heif"}
# Files an operating system leaves in folders by itself: reported, but they stop nothing.
SYSTEM_FILES = {"thumbs.db", "desktop.ini", "ehthumbs.db"}


def is_markdown(path: Path) -> bool:
    """Whether Pelican's Markdown reader reads this file (its extension, exactly as written)."""
    return path.name.endswith(MARKDOWN_SUFFIXES)


def is_hidden(relative: Path) -> bool:
    """Hidden files and folders (``.git``, ``.DS_Store``) are no content and are never published."""
    return any(part.startswith(".") for part in relative.parts)


def unread_files(context: CheckContext, content_folders: set[str],
                 documents: list[Document] | None = None) -> list[Problem]:
    """A problem for every file under content/ that no part of the build reads.

    ``documents`` are the content files already read by the rules (their links are not read
    again); without them, every Markdown file is read for its links.
    """
    static = {Path(p).parts[0] for p in context.settings.get("STATIC_PATHS") or [] if Path(p).parts}
    # The events plugin's SEQUENCE record, kept in content/ so that it is committed with the
    # events: read and written by the build itself.
    sequence = setting(context.settings, "EVENTS_SEQUENCE_FILE")
    files = [path for path in sorted(context.content_dir.rglob("*"))
             if not is_hidden(path.relative_to(context.content_dir))
             and (path.is_file() or path.is_symlink()) and not path.is_dir()]
    if documents is None:
        linked = linked_files([path for path in files if is_markdown(path)], context)
    else:
        linked = set()
        for document in documents:
            linked |= _links_of(document.body, document.path.parent, context)
    problems = []
    for path in files:
        relative = path.relative_to(context.content_dir)
        top = relative.parts[0] if len(relative.parts) > 1 else ""
        if top in static or (sequence and relative.as_posix() == sequence) or path in linked:
            continue
        if top == IMAGES_FOLDER and path.suffix.lower() in IMAGE_SUFFIXES:
            continue
        if is_markdown(path) and top not in STATIC_FOLDERS:
            continue  # read (or reported as outside a content folder by the content rules)
        message = _unread_message(path, top, content_folders, context)
        level = "warning" if path.name.lower() in SYSTEM_FILES else "error"
        problems.append(Problem(context.display_path(path), 1, "file", message, level=level))
    return problems


def _unread_message(path: Path, top: str, content_folders: set[str], context: CheckContext) -> str:
    _ = context.gettext
    name = path.name
    if name.lower() in SYSTEM_FILES:
        return _("is a file your computer made by itself; it is not published: you can delete it")
    if top == IMAGES_FOLDER:
        if path.suffix.lower() in PHONE_ONLY_SUFFIXES:
            return _("is a HEIC photo, which the site cannot publish: save it as JPEG (on an "
                     "iPhone: Settings > Camera > Formats > Most Compatible) and use that file")
        return _("is not a photo the site publishes (JPEG, PNG, WebP, GIF, TIFF): convert it or "
                 "move it out of content/")
    lowered = name.lower()
    for suffix in (".md.txt", ".markdown.txt", ".txt", ".text", ".md", ".markdown"):
        if lowered.endswith(suffix) and (top in content_folders or not top):
            fixed = name[: len(name) - len(suffix)] + ".md"
            return _("is not read by the build, which reads only files ending in .md: rename it "
                     "to {name}").format(name=fixed)
    return _("is not read by the build: it is neither a content file (.md), nor a photo in "
             "content/images/, nor linked from a page with {{static}}: link it, or move it out "
             "of content/").format()


def linked_files(markdown_files: list[Path], context: CheckContext) -> set[Path]:
    """Files that content links with ``{static}`` or ``{attach}``: Pelican copies those too."""
    linked = set()
    for path in markdown_files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        linked |= _links_of(text, path.parent, context)
    return linked


def _links_of(text: str, folder: Path, context: CheckContext) -> set[Path]:
    linked = set()
    for written, raw_target in (link for line in text.splitlines() for link in internal_links(line)):
        if written.startswith("{filename}"):
            continue
        target = unquote(raw_target.split("#")[0].split("?")[0])
        base = context.content_dir if target.startswith("/") else folder
        linked.add(Path(os.path.normpath(base / target.lstrip("/"))))
    return linked
