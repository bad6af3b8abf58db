"""Every UI string and tool message has its Italian translation, and the catalogs load."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from passaparola import i18n
from tests.support import PROJECT

SOURCES = {
    "theme": (PROJECT, PROJECT / "theme" / "locale",
              [("theme/templates/**.html", "jinja2"), ("plugins/**.py", "python")]),
    "tool": (PROJECT, PROJECT / "passaparola" / "locale", [("passaparola/**.py", "python")]),
}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def extracted_messages(root: Path, method_map) -> set[str]:
    messages = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(root), method_map=method_map, keywords=KEYWORDS,
            options_map={"theme/templates/**.html": {"extensions": "jinja2.ext.i18n"}}):
        messages.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in messages if m}


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_every_message_has_an_italian_translation(source):
    root, locale_dir, method_map = SOURCES[source]
    translations = i18n.translations("it", [locale_dir])
    messages = extracted_messages(root, method_map)
    assert messages, "no message was extracted: the extraction itself is broken"
    missing = sorted(m for m in messages
                     if translations.gettext(m) == m)
    assert missing == [], f"missing Italian in {locale_dir}/it/*.po: {missing}"


def test_catalogs_of_several_files_are_merged(tmp_path):
    (tmp_path / "it").mkdir()
    (tmp_path / "it" / "a.po").write_text('msgid "One"\nmsgstr "Uno"\n', encoding="utf-8")
    (tmp_path / "it" / "b.po").write_text('msgid "Two"\nmsgstr "Due"\n', encoding="utf-8")
    translations = i18n.translations("it", [tmp_path])
    assert (translations.gettext("One"), translations.gettext("Two")) == ("Uno", "Due")
