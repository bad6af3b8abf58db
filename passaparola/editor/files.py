"""Reading and writing content files for the editor, safely.

The editor sends paths written by a browser; this module decides which it may touch: only files
under ``content/`` (no ``..``, no absolute path, nothing reached through a link that leads out),
content files only in a kind's folder under a name the rules accept, photos only in
``content/images/<kind>/``. A content file is written only if the content rules accept it (the
owner gets the same ``file:line: field: message`` lines as from ``check``), never over a file
that changed on disk since the editor read it, and the previous version is kept in
``.editor-history/`` (outside ``content/``, so the build never sees it).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from passaparola.rules import CONTENT_SUFFIXES, SCHEMAS
from passaparola.rules.base import CheckContext, read_source
from passaparola.rules.document import validate_document

# Photos the images plugin publishes (plugins/images/images.py reads the same list of suffixes).
MEDIA_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif"})
MEDIA_FOLDER = "images"
HISTORY_FOLDER = ".editor-history"
_ENTRY_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MEDIA_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


class Refused(Exception):
    """A request the editor may not do; ``message`` is for the owner (already translated)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def digest(data: bytes) -> str:
    """The version of a file's bytes, as the editor is told it (Decap calls it the file id)."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class StoredFile:
    path: str  # relative to the project, with "/" (content/tips/x.md)
    data: bytes

    @property
    def version(self) -> str:
        return digest(self.data)


class ContentFiles:
    """The editor's view of one project's ``content/`` folder."""

    def __init__(self, project: Path, context: CheckContext) -> None:
        self.project = Path(project).resolve()
        self.content_dir = (self.project / "content").resolve()
        self.history_dir = self.project / HISTORY_FOLDER
        self.context = context
        self._ = context.gettext

    # --- which paths ---------------------------------------------------------------------------

    def locate(self, relative: object) -> Path:
        """The file a request names, if it is inside ``content/``; refused otherwise."""
        _ = self._
        if not isinstance(relative, str) or not relative or "\x00" in relative or "\\" in relative:
            raise Refused(400, _("'{path}' is not a file name").format(path=relative))
        pure = PurePosixPath(relative)
        if pure.is_absolute() or re.match(r"^[A-Za-z]:", relative):
            raise Refused(403, _("'{path}' is an absolute path: only files in content/ can be "
                                 "changed").format(path=relative))
        if ".." in pure.parts:
            raise Refused(403, _("'{path}' must not contain '..'").format(path=relative))
        if not pure.parts or pure.parts[0] != "content":
            raise Refused(403, _("'{path}' is not in content/: only files in content/ can be "
                                 "changed").format(path=relative))
        if any(part.startswith(".") for part in pure.parts):
            raise Refused(403, _("'{path}' is a hidden file").format(path=relative))
        target = self.project.joinpath(*pure.parts)
        if not target.resolve().is_relative_to(self.content_dir):
            raise Refused(403, _("'{path}' leads outside content/ through a link").format(
                path=relative))
        return target

    def _writable(self, relative: str) -> Path:
        target = self.locate(relative)
        # A link inside content/ may be the owner's; the editor replaces real files only.
        for folder in [target, *target.parents]:
            if folder == self.content_dir.parent:
                break
            if folder.is_symlink():
                raise Refused(403, self._("'{path}' goes through a link: the editor does not "
                                          "write there").format(path=relative))
        return target

    def entry_target(self, relative: str) -> tuple[Path, str]:
        """Where a content file may be written, and its kind."""
        _ = self._
        target = self._writable(relative)
        parts = PurePosixPath(relative).parts
        if len(parts) != 3 or parts[1] not in SCHEMAS:
            raise Refused(403, _("'{path}' is not in a content folder: use one of {folders}").format(
                path=relative, folders=", ".join(f"content/{kind}/" for kind in SCHEMAS)))
        if target.suffix not in CONTENT_SUFFIXES or not _ENTRY_NAME.match(target.stem):
            raise Refused(422, _("'{name}' is not a usable file name: lower-case letters, digits "
                                 "and hyphens, ending in .md").format(name=target.name))
        return target, parts[1]

    def media_target(self, relative: str) -> Path:
        """Where a photo may be written: content/images/<kind>/name.jpg."""
        _ = self._
        target = self._writable(relative)
        parts = PurePosixPath(relative).parts
        if len(parts) != 4 or parts[1] != MEDIA_FOLDER or parts[2] not in SCHEMAS:
            raise Refused(403, _("'{path}' is not a photo folder: photos go in "
                                 "content/images/<kind>/").format(path=relative))
        if target.suffix.lower() not in MEDIA_SUFFIXES or not _MEDIA_NAME.match(target.stem):
            raise Refused(422, _("'{name}' is not a usable photo name: letters, digits and "
                                 "hyphens, ending in .jpg, .png, .webp or .gif").format(
                                     name=target.name))
        return target

    # --- reading -------------------------------------------------------------------------------

    def read(self, relative: str) -> StoredFile | None:
        """A file's bytes, or None when it does not exist."""
        target = self.locate(relative)
        try:
            return StoredFile(relative, target.read_bytes()) if target.is_file() else None
        except OSError:
            return None

    def folder(self, relative: str, suffixes: frozenset[str] | None) -> list[StoredFile]:
        """The files directly in a folder of content/ (with these suffixes), links out skipped."""
        folder = self.locate(relative.rstrip("/"))
        files = []
        if not folder.is_dir():
            return files
        for path in sorted(folder.iterdir()):
            name = f"{relative.rstrip('/')}/{path.name}"
            if path.name.startswith(".") or (suffixes and path.suffix.lower() not in suffixes):
                continue
            if not path.resolve().is_relative_to(self.content_dir) or not path.is_file():
                continue
            files.append(StoredFile(name, path.read_bytes()))
        return files

    # --- writing -------------------------------------------------------------------------------

    def write_entry(self, relative: str, text: str, known_version: str | None) -> StoredFile:
        """Write a content file the rules accept; ``known_version`` is the version the editor
        read (None for a new file). Refused when the file is not what the editor last saw."""
        target, kind = self.entry_target(relative)
        data = text.encode("utf-8")
        self._refuse_if_changed(relative, target, known_version)
        staged = target.parent / f".{target.name}.{secrets.token_hex(4)}.editor"
        target.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(data)
        try:
            problems = self.problems(staged, target, kind)
            if problems:
                raise Refused(422, "\n".join(problems))
            self._keep_previous(relative, target)
            os.replace(staged, target)
        finally:
            staged.unlink(missing_ok=True)
        return StoredFile(relative, data)

    def problems(self, staged: Path, target: Path, kind: str) -> list[str]:
        """What ``check`` would say about the staged text, named as the file it will become."""
        display = self.context.display_path(target)
        document, problems = read_source(staged, display, self.context)
        if document is not None:
            problems += validate_document(document, SCHEMAS[kind], self.context)
        return [str(problem) for problem in sorted(problems) if problem.level == "error"]

    def write_media(self, relative: str, data: bytes) -> tuple[StoredFile, bool]:
        """Write a photo; whether it is a new file. A different photo of the same name stays."""
        target = self.media_target(relative)
        if target.exists():
            if target.is_file() and target.read_bytes() == data:
                return StoredFile(relative, data), False
            raise Refused(409, self._("'{name}' already exists with another photo: rename the "
                                      "photo and upload it again").format(name=target.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.parent / f".{target.name}.{secrets.token_hex(4)}.editor"
        staged.write_bytes(data)
        os.replace(staged, target)
        return StoredFile(relative, data), True

    def delete(self, relative: str, known_version: str | None) -> None:
        """Remove a file the editor has seen as it is; the removed version is kept."""
        target = self._writable(relative)
        if not target.is_file():
            return
        self._refuse_if_changed(relative, target, known_version)
        self._keep_previous(relative, target)
        target.unlink()

    def remove_new_media(self, relative: str) -> None:
        """Undo a photo written for an entry that was then refused (nothing else used it)."""
        self.media_target(relative).unlink(missing_ok=True)

    def _refuse_if_changed(self, relative: str, target: Path, known_version: str | None) -> None:
        _ = self._
        if not target.exists():
            return
        current = digest(target.read_bytes())
        if known_version is None:
            raise Refused(409, _("{path} already exists: choose another title (or open the "
                                 "existing one)").format(path=relative))
        if current != known_version:
            raise Refused(409, _("{path} changed on disk after you opened it: nothing was saved. "
                                 "Copy your text, reload the page and make your change again").format(
                                     path=relative))

    def _keep_previous(self, relative: str, target: Path) -> None:
        if not target.is_file():
            return
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        keep = self.history_dir / f"{relative}.{stamp}"
        keep.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, keep)


def media_answer(stored: StoredFile) -> dict[str, str]:
    """A photo as Decap's local backend protocol describes it."""
    return {"id": stored.version, "content": base64.b64encode(stored.data).decode("ascii"),
            "encoding": "base64", "path": stored.path, "name": PurePosixPath(stored.path).name}
