"""A site in one language builds exactly as before ``LANGUAGES`` existed, byte for byte.

The demo itself is in two languages; without its English files, a site with ``LANGUAGES =
["it"]`` and one with no ``LANGUAGES`` at all have the same
SHA-256 for every file: the setting adds nothing to a one-language site, not even a switcher, an
alternate, an ``inLanguage`` or a second addresses record.
"""

from __future__ import annotations

from passaparola.build.driver import build
from tests.support import tree_hashes


def test_one_language_builds_the_demo_byte_for_byte_as_without_the_setting(project_copy, tmp_path):
    conf = project_copy / "pelicanconf.py"
    english = sorted((project_copy / "content").rglob("*.en.md"))
    assert english, "the demo has no English files any more: this test compares nothing new"
    for path in english:
        path.unlink()
    (project_copy / "published-addresses.en.json").unlink()
    lines = conf.read_text(encoding="utf-8").splitlines()
    assert 'LANGUAGES = ["it", "en"]' in lines
    one = [line if not line.startswith("LANGUAGES = ") else 'LANGUAGES = ["it"]' for line in lines]
    conf.write_text("\n".join(one) + "\n", encoding="utf-8")
    with_one = tree_hashes(build(project_copy, output_dir=tmp_path / "one").output_dir)

    # No LANGUAGES at all (LANGUAGES_SETTINGS and the plugin stay, with nothing to do).
    without = [line for line in one if not line.startswith("LANGUAGES = ")]
    conf.write_text("\n".join(without) + "\n", encoding="utf-8")
    without_hashes = tree_hashes(build(project_copy, output_dir=tmp_path / "without",
                                       force=True).output_dir)
    assert len(without_hashes) > 100 and "index.html" in without_hashes
    changed = sorted(name for name in without_hashes.keys() | with_one.keys()
                     if without_hashes.get(name) != with_one.get(name))
    assert changed == []
    assert not (project_copy / "published-addresses.en.json").exists()
    assert not any(name.startswith("en/") for name in with_one)
    # Nor a trace of the languages' code in the pages (equal or not, both could carry one).
    site = tmp_path / "one"
    pages = sorted(site.rglob("*.html"))
    assert pages
    for trace in ("hreflang", "language-switch", "<!--passaparola:", "og:locale:alternate",
                  "inLanguage", "other-language-list"):
        assert not [p for p in pages if trace in p.read_text(encoding="utf-8")], trace
