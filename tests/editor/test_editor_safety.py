"""The editor's local backend refuses what it must: no token, ``..``, absolute paths, links out,
names the rules reject, files changed on disk since they were opened; and it keeps the previous
version. Requests go over real HTTP to a real preview server (the handler of ``invoke serve``)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from functools import partial
from pathlib import Path

import pytest

from passaparola.dev.browser import free_port
from passaparola.editor.endpoint import EditorEndpoint
from passaparola.preview.server import PreviewHandler, PreviewHTTPServer, PreviewState
from tests.support import tree_hashes

TIP = "Title: Un consiglio\nDate: 2026-11-20 09:30\nSummary: Breve.\n\nTesto.\n"


@pytest.fixture
def server(project_copy, tmp_path):
    """A preview server over the project copy: (base URL, project, endpoint)."""
    port = free_port()
    endpoint = EditorEndpoint(project_copy, port)
    site = tmp_path / "site"
    site.mkdir()
    handler = partial(PreviewHandler, state=PreviewState(), directory=str(site), editor=endpoint)
    http = PreviewHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{port}", project_copy, endpoint
    finally:
        http.shutdown()
        http.server_close()


def session_cookie(base: str, token: str) -> str | None:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(f"{base}/admin/?token={token}", timeout=10)
    except urllib.error.HTTPError as answer:
        cookie = answer.headers.get("Set-Cookie")
        return cookie.split(";")[0] if cookie else None
    return None


def api(base: str, body: dict, cookie: str | None = None, origin: str | None = None):
    headers = {"Content-Type": "application/json"}
    if cookie:
        headers["Cookie"] = cookie
    if origin:
        headers["Origin"] = origin
    request = urllib.request.Request(base + "/api/v1", data=json.dumps(body).encode(),
                                     headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as answer:
        return answer.code, json.loads(answer.read())


def persist(path: str, raw: str) -> dict:
    return {"action": "persistEntry", "params": {
        "branch": "main", "entry": {"slug": "x", "path": path, "raw": raw}, "assets": [],
        "options": {"commitMessage": "x"}}}


def outside_hashes(project: Path) -> dict[str, str]:
    return {name: digest for name, digest in tree_hashes(project.parent).items()
            if not name.startswith("project/content/")}


def test_a_write_without_the_token_is_refused_and_writes_nothing(server):
    base, project, endpoint = server
    before = tree_hashes(project)
    for cookie in (None, "passaparola_editor=guess", f"passaparola_editor={endpoint.access.token}"):
        status, answer = api(base, persist("content/tips/un-consiglio.md", TIP), cookie)
        assert status == 403 and "error" in answer
    assert session_cookie(base, "wrong-token") is None
    assert tree_hashes(project) == before


def test_a_write_with_the_token_lands_in_content(server):
    base, project, endpoint = server
    cookie = session_cookie(base, endpoint.access.token)
    assert cookie
    status, _answer = api(base, persist("content/tips/un-consiglio.md", TIP), cookie)
    assert status == 200
    assert (project / "content" / "tips" / "un-consiglio.md").read_text(encoding="utf-8") == TIP


@pytest.mark.parametrize("path", [
    "content/../pelicanconf.py", "content/tips/../../tasks.py", "../outside.md",
    "/tmp/evil.md", "/etc/passwd", "content/tips/..", "tasks.py", "content/tips/sub/../../../x.md",
])
def test_paths_outside_content_are_refused(server, path):
    base, project, endpoint = server
    cookie = session_cookie(base, endpoint.access.token)
    before = outside_hashes(project)
    status, answer = api(base, persist(path, TIP), cookie)
    assert status in (400, 403, 422) and answer["error"]
    status, answer = api(base, {"action": "getEntry", "params": {"path": path}}, cookie)
    assert status in (400, 403, 422) and "data" not in answer
    assert outside_hashes(project) == before
    assert not Path("/tmp/evil.md").exists()


def test_writes_through_a_symlink_out_of_content_are_refused(server, tmp_path):
    base, project, endpoint = server
    cookie = session_cookie(base, endpoint.access.token)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "content" / "tips" / "link").symlink_to(elsewhere)
    (project / "content" / "tips" / "linked.md").symlink_to(elsewhere / "target.md")
    (project / "content" / "images" / "tips" / "out.jpg").symlink_to(elsewhere / "out.jpg")
    for body in (persist("content/tips/link/x.md", TIP), persist("content/tips/linked.md", TIP),
                 {"action": "persistMedia", "params": {"asset": {
                     "path": "content/images/tips/out.jpg", "content": "AAAA",
                     "encoding": "base64"}}}):
        status, answer = api(base, body, cookie)
        assert status in (403, 409, 422) and answer["error"]
    assert list(elsewhere.iterdir()) == []


def test_the_refusal_of_invalid_content_names_field_and_problem_in_italian(server):
    base, project, endpoint = server
    cookie = session_cookie(base, endpoint.access.token)
    status, answer = api(base, persist("content/testimonials/anna.md",
                                       "Date: 2026-11-20\nRating: 7\nReviewer: Anna\n\nBrava!\n"),
                         cookie)
    assert status == 422
    assert answer["error"] == ("content/testimonials/anna.md:2: Rating: '7' non è un numero "
                               "intero da 1 a 5")
    assert not (project / "content" / "testimonials" / "anna.md").exists()
    for name in ("content/tips/Un Consiglio.md", "content/tips/nota.txt", "content/nowhere/x.md"):
        status, answer = api(base, persist(name, TIP), cookie)
        assert status in (403, 422) and answer["error"]


def test_a_file_changed_on_disk_after_it_was_opened_is_not_overwritten(server):
    base, project, endpoint = server
    cookie = session_cookie(base, endpoint.access.token)
    path = project / "content" / "tips" / "shampoo-secco.md"
    status, entry = api(base, {"action": "getEntry", "params": {
        "path": "content/tips/shampoo-secco.md"}}, cookie)
    assert status == 200 and entry["data"] == path.read_text(encoding="utf-8")
    by_hand = entry["data"].replace("Shampoo secco", "Shampoo secco (rivisto)", 1)
    path.write_text(by_hand, encoding="utf-8")
    from_editor = entry["data"].replace("Shampoo secco", "Shampoo secco!", 1)
    status, answer = api(base, persist("content/tips/shampoo-secco.md", from_editor), cookie)
    assert status == 409 and "shampoo-secco.md" in answer["error"]
    assert path.read_text(encoding="utf-8") == by_hand


def test_saving_keeps_the_previous_version(server):
    base, project, endpoint = server
    cookie = session_cookie(base, endpoint.access.token)
    path = project / "content" / "tips" / "shampoo-secco.md"
    original = path.read_text(encoding="utf-8")
    api(base, {"action": "getEntry", "params": {"path": "content/tips/shampoo-secco.md"}}, cookie)
    status, _answer = api(base, persist("content/tips/shampoo-secco.md",
                                        original.replace("Shampoo secco", "Shampoo secco!", 1)),
                          cookie)
    assert status == 200
    kept = list((project / ".editor-history" / "content" / "tips").glob("shampoo-secco.md.*"))
    assert [p.read_text(encoding="utf-8") for p in kept] == [original]


def test_a_page_of_another_site_cannot_drive_the_editor(server):
    base, project, endpoint = server
    cookie = session_cookie(base, endpoint.access.token)
    status, _answer = api(base, persist("content/tips/un-consiglio.md", TIP), cookie,
                          origin="http://evil.example")
    assert status == 403
    assert not (project / "content" / "tips" / "un-consiglio.md").exists()


def test_deleting_keeps_the_deleted_version(server):
    base, project, endpoint = server
    cookie = session_cookie(base, endpoint.access.token)
    path = project / "content" / "tips" / "shampoo-secco.md"
    original = path.read_text(encoding="utf-8")
    status, _answer = api(base, {"action": "deleteFiles", "params": {
        "paths": ["content/tips/shampoo-secco.md"]}}, cookie)
    assert status == 409 and path.exists()  # never opened in this browser: not deleted blind
    api(base, {"action": "getEntry", "params": {"path": "content/tips/shampoo-secco.md"}}, cookie)
    status, _answer = api(base, {"action": "deleteFiles", "params": {
        "paths": ["content/tips/shampoo-secco.md"]}}, cookie)
    assert status == 200 and not path.exists()
    kept = list((project / ".editor-history" / "content" / "tips").glob("shampoo-secco.md.*"))
    assert [p.read_text(encoding="utf-8") for p in kept] == [original]
