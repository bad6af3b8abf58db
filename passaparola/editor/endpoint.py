"""The editor's place in the preview server: ``POST /api/v1`` and pairing at ``/admin/?token=``.

:mod:`passaparola.preview.server` calls :meth:`EditorEndpoint.post` and :meth:`EditorEndpoint.pair` from
its request handler; everything about the editor stays here. Requests must name a host the
preview answers for (``localhost``, or the computer's wifi address with ``--lan``) and come from
that same address (no other site's page can drive the editor), and carry the session cookie.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs

from passaparola.build.driver import check_context, load_settings
from passaparola.editor.backend import MAX_REQUEST_BYTES, EditorAccess, EditorBackend
from passaparola.editor.config import API_PATH
from passaparola.editor.files import ContentFiles

ADMIN_PATH = "/admin/"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})


class EditorEndpoint:
    """The editor's requests for one preview server."""

    def __init__(self, project: Path, port: int, lan_address: str | None = None,
                 token: str | None = None) -> None:
        settings = load_settings(project)
        context = check_context(settings, project)
        self._ = context.gettext
        self.access = EditorAccess(token)
        self.backend = EditorBackend(ContentFiles(project, context), self.access)
        self.port = port
        self.hosts = set(LOCAL_HOSTS) | ({lan_address} if lan_address else set())

    def admin_url(self, host: str = "localhost") -> str:
        """The address that pairs a browser: open it once, then /admin/ works in that browser."""
        return f"http://{host}:{self.port}{ADMIN_PATH}?token={self.access.token}"

    def _known_host(self, handler: BaseHTTPRequestHandler) -> str | None:
        host = (handler.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        return host if host in self.hosts else None

    def _send(self, handler: BaseHTTPRequestHandler, status: int, answer: object,
              extra: dict[str, str] | None = None) -> None:
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (extra or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def post(self, handler: BaseHTTPRequestHandler) -> None:
        """Answer ``POST /api/v1``."""
        _ = self._
        host = self._known_host(handler)
        origin = handler.headers.get("Origin")
        if host is None or (origin is not None and origin != f"http://{handler.headers['Host']}"):
            self._send(handler, 403, {"error": _("requests to the editor must come from its own "
                                                 "page")})
            return
        try:
            length = int(handler.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if not 0 < length <= MAX_REQUEST_BYTES:
            self._send(handler, 413, {"error": _("the request is empty or too large (photos up "
                                                 "to {size} MB)").format(
                                                     size=MAX_REQUEST_BYTES * 3 // 4 // 1_000_000)})
            return
        try:
            request = json.loads(handler.rfile.read(length))
        except (ValueError, UnicodeDecodeError):
            self._send(handler, 400, {"error": _("not a request of the editor")})
            return
        status, answer = self.backend.answer(request, handler.headers.get("Cookie"))
        self._send(handler, status, answer)

    def pair(self, handler: BaseHTTPRequestHandler, query: str) -> bool:
        """``GET /admin/?token=…``: a session cookie for this browser, then the editor without the
        token in its address. False when there is no token in the query (the page is served)."""
        tokens = parse_qs(query).get("token")
        if not tokens:
            return False
        session = self.access.pair(tokens[-1]) if self._known_host(handler) else None
        if session is None:
            message = self._("this address is not valid (any more): use the one shown where the "
                             "preview runs").encode("utf-8")
            handler.send_response(403)
            handler.send_header("Content-Type", "text/plain; charset=utf-8")
            handler.send_header("Content-Length", str(len(message)))
            handler.end_headers()
            handler.wfile.write(message)
            return True
        handler.send_response(303)
        handler.send_header("Location", ADMIN_PATH)
        handler.send_header("Set-Cookie", self.access.cookie(session))
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return True


__all__ = ["ADMIN_PATH", "API_PATH", "EditorEndpoint"]
