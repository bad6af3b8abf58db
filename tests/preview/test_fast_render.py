"""The preview's fast render: one edited body is written at once from the last complete build,
and the complete build that follows writes the very same bytes (so no page is ever stale and the
browser does not reload twice). Anything the fast render cannot replay waits for the complete build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from passaparola.build.driver import BuildMemory, build
from passaparola.preview.fast_render import fast_render, remember_headers
from tests.support import in_one_language

PREVIEW = {"PREVIEW": True}


class Preview:
    """A preview of a project copy: complete builds that keep their memory, fast renders."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.output = project / "preview"
        self.memory: BuildMemory | None = None
        self.complete(force=True)

    def _remember(self, memory: BuildMemory) -> None:
        self.memory = memory
        self.headers = remember_headers(memory)

    def complete(self, force: bool = False):
        return build(self.project, overrides=PREVIEW, output_dir=self.output, force=force,
                     remember=self._remember)

    def edit(self, relative: str, change) -> Path:
        path = self.project / "content" / relative
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        return path

    def fast(self, relative: str, change):
        return fast_render(self.memory, self.headers, self.edit(relative, change))


@pytest.fixture
def preview(project_copy) -> Preview:
    # The fast render replays one page of the default language: one language is enough.
    return Preview(in_one_language(project_copy))


@pytest.mark.parametrize("relative, page", [
    ("tips/shampoo-secco.md", "consigli/shampoo-secco-quando-aiuta-e-quando-e-meglio-evitarlo/index.html"),
    ("pages/chi-siamo.md", "chi-siamo/index.html"),
    ("events/laboratorio-trecce.md", "eventi/laboratorio-di-trecce-per-genitori/index.html"),
])
def test_an_edited_body_is_written_at_once_as_the_complete_build_writes_it(preview, relative, page):
    outcome = preview.fast(relative, lambda text: text + "\nUna frase scritta adesso.\n")
    assert outcome is not None and outcome.problems == []
    assert outcome.written == [page]
    fast_bytes = (preview.output / page).read_bytes()
    assert "Una frase scritta adesso." in fast_bytes.decode("utf-8")

    result = preview.complete()
    assert (preview.output / page).read_bytes() == fast_bytes
    assert page not in result.changed_paths  # the browser has nothing more to reload


def test_the_fast_render_keeps_body_images_as_the_build_publishes_them(preview):
    # This tip shows a photo in its body, which the build turns into a responsive <picture>.
    outcome = preview.fast("tips/phon-e-piastra.md",
                           lambda text: text + "\nDopo la foto, un consiglio in più.\n")
    assert outcome is not None and len(outcome.written) == 1
    fast_bytes = (preview.output / outcome.written[0]).read_bytes()
    assert b"<picture>" in fast_bytes and "un consiglio in più".encode() in fast_bytes
    preview.complete()
    assert (preview.output / outcome.written[0]).read_bytes() == fast_bytes


def test_an_edited_field_waits_for_the_complete_build(preview):
    outcome = preview.fast("tips/shampoo-secco.md",
                           lambda text: text.replace("Title: ", "Title: Nuovo: ", 1))
    assert outcome is None


def test_a_new_photo_in_a_body_waits_for_the_complete_build(preview):
    # The photo exists but the last build did not publish it: only a complete build can.
    photos = preview.project / "content" / "images" / "tips"
    (photos / "nuova.jpg").write_bytes((photos / "ricci.jpg").read_bytes())
    outcome = preview.fast("tips/shampoo-secco.md",
                           lambda text: text + "\n![Nuova]({static}/images/tips/nuova.jpg)\n")
    assert outcome is None


def test_a_missing_photo_in_a_body_is_reported_at_once(preview):
    outcome = preview.fast("tips/shampoo-secco.md",
                           lambda text: text + "\n![Nuova]({static}/images/tips/non-esiste.jpg)\n")
    assert outcome is not None and outcome.written == []
    assert [(p.path, p.field) for p in outcome.problems] == [("content/tips/shampoo-secco.md", "body")]


def test_a_testimonial_waits_for_the_complete_build(preview):
    outcome = preview.fast("testimonials/anna-trattamento-ricci.md",
                           lambda text: text + "\nTornerò di sicuro.\n")
    assert outcome is None


def test_a_mistake_in_the_edited_file_is_reported_at_once_naming_it(preview):
    outcome = preview.fast("tips/shampoo-secco.md", lambda text: text + "\nUn campanello \x07.\n")
    assert outcome is not None and outcome.written == []
    assert outcome.problems, "the control character is a content error"
    assert all(str(p).startswith("content/tips/shampoo-secco.md:") for p in outcome.problems)



# Run in a process of its own: Pelican's signals are process-wide, so a plugin registered by an
# earlier build in this process would stay connected whatever PLUGINS says.
WITHOUT_RENDER_CACHE = """
import sys
from pathlib import Path
from passaparola.build.driver import build, load_settings
from passaparola.preview.fast_render import FastRenderUnavailable, fast_render, remember_headers

project = Path(sys.argv[1])
plugins = [p for p in load_settings(project)["PLUGINS"] if p != "render_cache"]
memories = []
build(project, overrides={"PREVIEW": True, "PLUGINS": plugins}, output_dir=project / "preview",
      force=True, remember=memories.append)
assert memories and memories[0].writes == [], "the build recorded page writes"
tip = project / "content" / "tips" / "shampoo-secco.md"
tip.write_text(tip.read_text(encoding="utf-8") + "\\nUna frase.\\n", encoding="utf-8")
try:
    fast_render(memories[0], remember_headers(memories[0]), tip)
except FastRenderUnavailable as error:
    print(error)
"""


def test_without_the_render_cache_plugin_the_fast_render_says_which_plugin_it_needs(project_copy):
    # The render cache plugin records the page writes the fast render replays: without it the
    # fast render must not just never happen, it says what is missing.
    ran = subprocess.run([sys.executable, "-c", WITHOUT_RENDER_CACHE, str(project_copy)],
                         capture_output=True, text=True, cwd=project_copy, check=False)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert "render_cache" in ran.stdout and "PLUGINS" in ran.stdout, ran.stdout
