"""The build's faster inline pass of Markdown gives the very same HTML as Python-Markdown's own."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from markdown import Markdown
from pelican.readers import MarkdownReader

from passaparola.build.driver import load_settings
from passaparola.build.fast_inline import EXTENSION, _SearchFirstInlineProcessor, with_fast_inline
from passaparola.dev.synthetic import write_tips

ROOT = Path(__file__).resolve().parents[2]

# Every inline pattern of our extensions at work, in the places they are hard to get right:
# quotes next to emphasis, dashes in links, patterns inside what another pattern made, escapes,
# raw HTML, code spans that must stay untouched, footnotes, abbreviations, attribute lists.
TRICKY = """\
Title: Prova "difficile"
Summary: Un 'riassunto' -- con *enfasi* e "virgolette"...

# Titolo con 'apostrofo' e `codice`

L'acconciatura "perfetta" --- dice Marta -- è *sempre* **possibile**... O no?
Gli anni '90, l'"effetto" **"grassetto *annidato*"** e _sottolineato_ e ***tutti e due***.
Un [link "citato" -- con trattini](https://example.org/a--b "titolo 'singolo'") e
![foto di 'prova'](/images/a.jpg){: .classe } e <https://example.org> e <marta@example.org>.
Codice: `"non" -- toccare...` e ``due `backtick` dentro``; HTML: <span class="x">'ciao'</span>
&amp; &copy; 5 * 3 * 2 e a_b_c e \\*non enfasi\\* e \\`non codice\\`.
L'HTML[^1] è un'abbreviazione.

*[HTML]: HyperText Markup Language

[^1]: Una nota "a piè" di pagina -- con 'virgolette'.

| Colonna "uno" | Colonna 'due' |
| --- | --- |
| *a* -- b | `c` ... d |

- **voce**: testo 'citato'
- [riferimento][rif] e ~~niente~~

> Citazione "doppia" con 'singola' dentro... e **fine**.

[rif]: https://example.org/rif "Riferimento"
"""


def html_of(settings: dict, path: Path) -> tuple[str, dict]:
    return MarkdownReader(settings).read(str(path))


def test_the_build_adds_the_extension_last_to_the_markdown_setting():
    settings = load_settings(ROOT)
    configured = list(settings["MARKDOWN"]["extension_configs"])
    with_fast_inline(settings)
    extensions = settings["MARKDOWN"]["extensions"]
    assert extensions[-1] == EXTENSION
    assert extensions[:-1] == configured


def test_the_inline_passes_are_the_search_first_ones():
    settings = load_settings(ROOT)
    with_fast_inline(settings)
    md = Markdown(**settings["MARKDOWN"])
    passes = [name for name in ("inline", "smarty") if name in md.treeprocessors]
    assert passes == ["inline", "smarty"]
    for name in passes:
        assert type(md.treeprocessors[name]) is _SearchFirstInlineProcessor


@pytest.fixture
def sources(tmp_path: Path) -> list[Path]:
    """The tricky sample, generated tips and every Markdown file of the demo's content."""
    (tmp_path / "tricky.md").write_text(TRICKY, encoding="utf-8")
    write_tips(tmp_path, 12)
    files = [tmp_path / "tricky.md", *sorted(tmp_path.rglob("synthetic-*.md")),
             *sorted((ROOT / "content").rglob("*.md"))]
    assert len(files) > 20
    return files


def test_every_file_converts_to_the_same_html_and_metadata(sources: list[Path]):
    plain = load_settings(ROOT)
    fast = copy.deepcopy(plain)
    with_fast_inline(fast)
    assert fast["MARKDOWN"] != plain["MARKDOWN"]
    for path in sources:
        assert html_of(fast, path) == html_of(plain, path), path


@pytest.mark.parametrize(("expression", "needed"), [
    (r"(?<!\!)\[", {"["}),  # a look-behind consumes nothing: only the bracket counts
    (r"(?<=[^\ \t])'(?!\s)", {"'"}),
    (r"\*|_", {"*", "_"}),
    (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", {"\\", "`"}),  # one from each alternative
    (r"(\s|&nbsp;)'(?=\w)", {"'"}),
    (r"x?y*'", {"'"}),  # optional parts are not needed
    (r"a|\s", None),  # one alternative needs no particular character
    (r"(?i)a", None),  # either case would do
    (r"[^a]b*", None),
])
def test_the_characters_every_match_consumes(expression: str, needed: set[str] | None):
    import re

    from passaparola.build.fast_inline import needed_characters

    assert needed_characters(re.compile(expression)) == (frozenset(needed) if needed else None)
