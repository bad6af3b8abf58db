"""The real editor (Decap CMS) in real Chromium against the running preview, in local mode.

On a 390 px phone screen, the owner creates a tip with a photo, an event and a review through
the editor's forms; the files on disk pass ``check``, the next build publishes them, their text is
what was typed, and no request of /admin/ goes to another host.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from passaparola.build.driver import build, check
from tests.support import PROJECT, copy_project
from tests.workflow_support import running_preview

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory):
    """A copy of the project with the editor installed, its preview running: (project, URL)."""
    project = copy_project(tmp_path_factory.mktemp("editor") / "project")
    (project / "node_modules").symlink_to(PROJECT / "node_modules")
    with running_preview(project):
        log = (project / "serve.log").read_text(encoding="utf-8")
        pairing = re.search(r"http://localhost:\d+/admin/\?token=\S+", log).group(0)
        yield project, pairing


def open_editor(chromium, pairing: str):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    # A refused save is printed, so that a failing test shows the editor's own message.
    page.on("response", lambda response: response.status >= 400 and print(
        "refused:", response.url, response.status, response.text()[:500]))
    page.goto(pairing)
    page.get_by_role("button", name=re.compile("Accedi|Login")).click()
    page.get_by_text("Raccolte").wait_for()
    return context, page, requests


def new_entry(page, base: str, kind: str) -> None:
    """The form of a new entry, from a fresh start of the editor (no state left from the last)."""
    page.goto("about:blank")
    page.goto(f"{base}#/collections/{kind}/new")
    page.get_by_role("textbox", name="body (opzionale)").wait_for()


def choose(page, field: str, option: str) -> None:
    """Pick an option in one of Decap's select lists (react-select)."""
    page.locator(f"[id^='{field}-field-']").fill(option)
    page.keyboard.press("Enter")


def publish(page) -> None:
    page.get_by_text("Pubblica", exact=True).first.click()
    page.get_by_text("Pubblica ora").click()
    page.get_by_text("Voce salvata").wait_for()
    page.wait_for_url(re.compile(r"/entries/"))  # Decap opens the saved entry: then move on


def test_owner_creates_a_tip_with_a_photo_an_event_and_a_review_from_a_phone(
        editor_site, chromium, tmp_path):
    project, pairing = editor_site
    base = pairing.split("?")[0]
    context, page, requests = open_editor(chromium, pairing)
    try:
        # A tip with a photo taken on the phone ("IMG 1234.JPG").
        new_entry(page, base, "tips")
        page.locator("[id^='Title-field-']").fill("Frangia fai da te: meglio di no")
        page.locator("[id^='Date-field-']").fill("2026-11-20T09:30")
        page.locator("[id^='Summary-field-']").fill("Perché la frangia si taglia in salone.")
        photo = tmp_path / "IMG 1234.JPG"
        shutil.copy(PROJECT / "content" / "images" / "tips" / "ricci.jpg", photo)
        page.get_by_text("Scegli un'immagine").click()
        page.locator("input[type=file]").set_input_files(str(photo))
        page.get_by_text("Prendi selezionato").click()
        page.locator("[id^='Image_alt-field-']").fill("Forbici accanto a una ciocca di capelli")
        page.locator("[id^='body-field-']").fill("Una frangia storta si vede per settimane.\n\n"
                                                 "Meglio una spuntatina in salone: dieci minuti.")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        publish(page)

        # An event.
        new_entry(page, base, "events")
        page.locator("[id^='Title-field-']").fill("Serata ricci")
        page.locator("[id^='Event-start-field-']").fill("2027-02-10T19:00")
        page.locator("[id^='Event-location-field-']").fill("Salone Ciocche Ribelli, Bologna")
        page.locator("[id^='body-field-']").fill("Portate i vostri ricci e le vostre domande.")
        publish(page)

        # A review copied from a card.
        new_entry(page, base, "testimonials")
        page.locator("[id^='Date-field-']").fill("2026-11-21T17:00")
        choose(page, "Rating", "5")
        page.locator("[id^='Reviewer-field-']").fill("Lucia Neri")
        choose(page, "Consent", "initials")
        page.locator("[id^='body-field-']").fill("Finalmente una piega che dura tre giorni!")
        publish(page)
    finally:
        context.close()

    tip = project / "content" / "tips" / "frangia-fai-da-te-meglio-di-no.md"
    event = project / "content" / "events" / "serata-ricci.md"
    reviews = sorted((project / "content" / "testimonials").glob("lucia-neri-*.md"))
    assert tip.is_file() and event.is_file() and len(reviews) == 1
    assert tip.read_text(encoding="utf-8") == (
        "Title: Frangia fai da te: meglio di no\nDate: 2026-11-20 09:30\n"
        "Summary: Perché la frangia si taglia in salone.\nImage: images/tips/img-1234.jpg\n"
        "Image_alt: Forbici accanto a una ciocca di capelli\n\n"
        "Una frangia storta si vede per settimane.\n\n"
        "Meglio una spuntatina in salone: dieci minuti.\n")
    assert event.read_text(encoding="utf-8") == (
        "Title: Serata ricci\nEvent-start: 2027-02-10 19:00\n"
        "Event-location: Salone Ciocche Ribelli, Bologna\n\n"
        "Portate i vostri ricci e le vostre domande.\n")
    assert reviews[0].read_text(encoding="utf-8") == (
        "Date: 2026-11-21 17:00\nRating: 5\nReviewer: Lucia Neri\nConsent: initials\n\n"
        "Finalmente una piega che dura tre giorni!\n")
    assert (project / "content" / "images" / "tips" / "img-1234.jpg").read_bytes() == \
        photo.read_bytes()

    assert [p for p in check(project) if p.level == "error"] == []
    output = tmp_path / "site"
    build(project, output_dir=output)
    pages = {path.read_text(encoding="utf-8") for path in output.rglob("index.html")}
    assert any("Frangia fai da te: meglio di no" in text and "dieci minuti" in text
               for text in pages)
    assert any("Serata ricci" in text and "Portate i vostri ricci" in text for text in pages)
    assert any("Finalmente una piega che dura tre giorni!" in text for text in pages)

    others = sorted({url for url in requests if urlsplit(url).hostname not in ("localhost",)
                     and not url.startswith(("blob:", "data:"))})
    assert requests, "no request was recorded"
    assert others == []


def test_every_request_of_the_editor_stays_on_the_site(editor_site, chromium):
    project, pairing = editor_site
    context, page, requests = open_editor(chromium, pairing)
    try:
        for kind in ("tips", "events", "testimonials", "pages"):
            page.goto("about:blank")  # each form from a fresh start of the editor
            page.goto(pairing.split("?")[0] + f"#/collections/{kind}/new")
            page.get_by_role("textbox", name="body (opzionale)").wait_for()
        page.goto(pairing.split("?")[0] + "#/media")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert any(Path(urlsplit(url).path).name == "decap-cms.js" for url in requests)
    assert sorted({url for url in requests if urlsplit(url).hostname != "localhost"
                   and not url.startswith(("blob:", "data:"))}) == []


def test_saving_what_check_rejects_shows_checks_own_message(editor_site, chromium):
    project, pairing = editor_site
    context, page, _requests = open_editor(chromium, pairing)
    try:
        new_entry(page, pairing.split("?")[0], "events")
        page.locator("[id^='Title-field-']").fill("Serata sbagliata")
        page.locator("[id^='Event-start-field-']").fill("2027-02-10T19:00")
        page.locator("[id^='Event-end-field-']").fill("2027-02-10T18:00")
        page.locator("[id^='Event-location-field-']").fill("Salone")
        page.get_by_text("Pubblica", exact=True).first.click()
        page.get_by_text("Pubblica ora").click()
        page.get_by_text("content/events/serata-sbagliata.md:3: Event-end: è prima di Event-start"
                         ).wait_for()
    finally:
        context.close()
    assert not (project / "content" / "events" / "serata-sbagliata.md").exists()


def test_a_browser_without_the_token_is_told_how_to_open_the_editor(editor_site, chromium):
    _project, pairing = editor_site
    context = chromium.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(pairing.split("?")[0])
        notice = page.locator("#passaparola-editor-notice")
        notice.wait_for()
        assert "apri l'editor dall'indirizzo mostrato" in notice.inner_text()
        assert page.get_by_text("Raccolte").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("name", ["events/festa-di-strada-pratello.md", "tips/shampoo-secco.md",
                                  "testimonials/anna-trattamento-ricci.md"])
def test_editing_a_hand_written_file_changes_only_what_was_typed(editor_site, chromium, name):
    project, pairing = editor_site
    path = project / "content" / name
    before = path.read_text(encoding="utf-8")
    context, page, _requests = open_editor(chromium, pairing)
    try:
        kind, file_name = name.split("/")
        page.goto(pairing.split("?")[0] + f"#/collections/{kind}/entries/{file_name[:-3]}")
        body = page.get_by_role("textbox", name="body (opzionale)")
        body.wait_for()
        body.press("Control+End")
        body.type("\n\nAggiunto dal telefono.")
        publish(page)
    finally:
        context.close()
    # Typed after the text's last line break: the file is the old one, then what was typed.
    assert path.read_text(encoding="utf-8") == before + "\n\nAggiunto dal telefono.\n"


FOCUS_STYLE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const name = [element.tagName, element.type || "", element.id || "",
                String(element.className || "").split(" ")[0]].join(" ");
  return [name, style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor,
          style.boxShadow];
}"""


def test_every_control_the_keyboard_reaches_in_the_editor_shows_our_focus_ring(editor_site,
                                                                                 chromium):
    """Not Decap's styles nor the browser's default ring: ours, the same on every control."""
    _project, pairing = editor_site
    context, page, _requests = open_editor(chromium, pairing)
    try:
        new_entry(page, pairing.split("?")[0], "tips")
        reached = []
        for _ in range(30):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS_STYLE)
            if focused:
                reached.append(focused)
    finally:
        context.close()
    assert len({name for name, *_rest in reached}) >= 5, reached
    for name, style, width, color, halo in reached:
        assert (style, width, color) == ("solid", 3.0, "rgb(140, 47, 87)"), "\n".join(map(str, reached))
        assert "rgb(253, 248, 244)" in halo, name
