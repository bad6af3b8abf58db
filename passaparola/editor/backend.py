"""The preview's answer to the editor in local mode: Decap CMS's ``local_backend`` protocol.

Decap CMS, opened from the preview, sends ``POST /api/v1`` with a JSON body ``{"action": ...,
"params": {...}}`` (the protocol of the ``decap-server`` package: ``info``, ``entriesByFolder``,
``entriesByFiles``, ``getEntry``, ``getMedia``, ``getMediaFile``, ``persistEntry``,
``persistMedia``, ``deleteFile``, ``deleteFiles``). This module answers it from
:class:`~passaparola.editor.files.ContentFiles`, so every write goes through the content rules.

Access: the preview prints a token for this run (and a QR code with ``--lan``). Opening
``/admin/?token=…`` gives that browser a session cookie; every request but ``info`` needs it.
Each session remembers the version of every file it was shown, so a save over a file changed
on disk since then is refused instead of silently overwriting it.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
import threading
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from passaparola.editor.files import MEDIA_SUFFIXES, ContentFiles, Refused, media_answer
from passaparola.rules import CONTENT_SUFFIXES

COOKIE = "passaparola_editor"
# Actions that only read: the rest change files.
READ_ACTIONS = frozenset({"info", "entriesByFolder", "entriesByFiles", "getEntry", "getMedia",
                          "getMediaFile", "getDeployPreview", "unpublishedEntries"})
MAX_REQUEST_BYTES = 50_000_000  # a few phone photos, base64-encoded


class EditorAccess:
    """The token of this run and the sessions it opened (one per paired browser)."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token or secrets.token_urlsafe(18)
        self._sessions: dict[str, dict[str, str]] = {}  # session -> {path: version shown}
        self.lock = threading.Lock()

    def pair(self, token: str) -> str | None:
        """A new session for a browser that shows the token; None for a wrong token."""
        if not hmac.compare_digest(token.encode(), self.token.encode()):
            return None
        session = secrets.token_urlsafe(24)
        with self.lock:
            self._sessions[session] = {}
        return session

    def session(self, cookie_header: str | None) -> dict[str, str] | None:
        """The versions a paired browser was shown, from its cookie; None when not paired."""
        if not cookie_header:
            return None
        cookie = SimpleCookie()
        try:
            cookie.load(cookie_header)
        except Exception:  # noqa: BLE001 - a malformed cookie is an unpaired browser
            return None
        morsel = cookie.get(COOKIE)
        with self.lock:
            return self._sessions.get(morsel.value) if morsel else None

    def cookie(self, session: str) -> str:
        """The Set-Cookie value: not readable by scripts, never sent by another site's page."""
        return f"{COOKIE}={session}; Path=/; HttpOnly; SameSite=Strict"


class EditorBackend:
    """Answers one request of the protocol: ``(HTTP status, JSON-able answer)``."""

    def __init__(self, files: ContentFiles, access: EditorAccess) -> None:
        self.files = files
        self.access = access
        self._ = files.context.gettext
        self.write_lock = threading.Lock()  # one write at a time: versions are compared, then written

    def answer(self, request: Any, cookie_header: str | None) -> tuple[int, Any]:
        _ = self._
        if not isinstance(request, dict) or not isinstance(request.get("action"), str):
            return 400, {"error": _("not a request of the editor")}
        action = request["action"]
        params = request.get("params") or {}
        session = self.access.session(cookie_header)
        if action == "info":
            return 200, {"repo": self.files.project.name, "publish_modes": ["simple"],
                         "type": "local_fs", "paired": session is not None}
        if session is None:
            return 403, {"error": _("this browser is not allowed to change the site: open the "
                                    "editor from the address shown where the preview runs")}
        handler = getattr(self, f"_{action}", None)
        if handler is None or not isinstance(params, dict):
            return 422, {"error": _("unknown request: {action}").format(action=action)}
        try:
            if action in READ_ACTIONS:
                return 200, handler(params, session)
            with self.write_lock:
                return 200, handler(params, session)
        except Refused as refusal:
            return refusal.status, {"error": refusal.message}

    # --- reading -------------------------------------------------------------------------------

    def _entry(self, path: str, session: dict[str, str]) -> dict[str, Any]:
        stored = self.files.read(path)
        if stored is None:
            return {"data": None, "file": {"path": path, "id": None}}
        with self.access.lock:
            session[path] = stored.version
        return {"data": stored.data.decode("utf-8", errors="replace"),
                "file": {"path": path, "id": stored.version}}

    def _entriesByFolder(self, params: dict, session: dict[str, str]) -> list[dict[str, Any]]:  # noqa: N802
        entries = []
        for stored in self.files.folder(str(params.get("folder", "")), CONTENT_SUFFIXES):
            entries.append(self._entry(stored.path, session))
        return entries

    def _entriesByFiles(self, params: dict, session: dict[str, str]) -> list[dict[str, Any]]:  # noqa: N802
        return [self._entry(str(item.get("path")), session) for item in params.get("files") or []
                if isinstance(item, dict)]

    def _getEntry(self, params: dict, session: dict[str, str]) -> dict[str, Any]:  # noqa: N802
        return self._entry(params.get("path"), session)

    def _getMedia(self, params: dict, session: dict[str, str]) -> list[dict[str, str]]:  # noqa: N802
        folder = str(params.get("mediaFolder", "")).strip("/")
        return [media_answer(stored) for stored in self.files.folder(folder, MEDIA_SUFFIXES)]

    def _getMediaFile(self, params: dict, session: dict[str, str]) -> dict[str, str]:  # noqa: N802
        stored = self.files.read(params.get("path"))
        if stored is None:
            raise Refused(404, self._("'{path}' does not exist").format(path=params.get("path")))
        return media_answer(stored)

    def _getDeployPreview(self, params: dict, session: dict[str, str]) -> None:  # noqa: N802
        return None

    def _unpublishedEntries(self, params: dict, session: dict[str, str]) -> list:  # noqa: N802
        return []

    # --- writing -------------------------------------------------------------------------------

    def _decoded(self, asset: Any) -> tuple[str, bytes]:
        if not isinstance(asset, dict) or asset.get("encoding") != "base64":
            raise Refused(400, self._("a photo arrived in a form the editor does not send"))
        try:
            return str(asset.get("path")).lstrip("/"), base64.b64decode(asset.get("content") or "",
                                                                         validate=True)
        except (binascii.Error, ValueError):
            raise Refused(400, self._("a photo arrived damaged: upload it again")) from None

    def _persistEntry(self, params: dict, session: dict[str, str]) -> dict[str, str]:  # noqa: N802
        data_files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
        if not data_files or not all(isinstance(item, dict) for item in data_files):
            raise Refused(400, self._("nothing to save"))
        if any(item.get("newPath") for item in data_files):
            raise Refused(422, self._("renaming a file is not possible in the editor: create a "
                                      "new one and delete the old one"))
        # Every path is checked before anything is written.
        assets = [self._decoded(asset) for asset in params.get("assets") or []]
        for path, _data in assets:
            self.files.media_target(path)
        for item in data_files:
            self.files.entry_target(str(item.get("path")))
        written = []
        try:
            for path, data in assets:
                if self.files.write_media(path, data)[1]:
                    written.append(path)
            for item in data_files:
                path = str(item["path"])
                with self.access.lock:
                    known = session.get(path)
                stored = self.files.write_entry(path, str(item.get("raw", "")), known)
                with self.access.lock:
                    session[path] = stored.version
        except Refused:
            for path in written:  # the photos came with the entry: they go with it
                self.files.remove_new_media(path)
            raise
        return {"message": "entry persisted"}

    def _persistMedia(self, params: dict, session: dict[str, str]) -> dict[str, str]:  # noqa: N802
        path, data = self._decoded(params.get("asset"))
        stored, _new = self.files.write_media(path, data)
        return media_answer(stored)

    def _deleteFile(self, params: dict, session: dict[str, str]) -> dict[str, str]:  # noqa: N802
        return self._deleteFiles({"paths": [params.get("path")]}, session)

    def _deleteFiles(self, params: dict, session: dict[str, str]) -> dict[str, str]:  # noqa: N802
        paths = params.get("paths") or []
        for path in paths:
            self.files.locate(path)
        for path in paths:
            with self.access.lock:
                known = session.get(path)
            if Path(path).suffix.lower() in MEDIA_SUFFIXES and known is None:
                stored = self.files.read(path)  # photos are listed, not opened: seen is enough
                known = stored.version if stored else None
            self.files.delete(path, known)
        return {"message": "deleted"}
