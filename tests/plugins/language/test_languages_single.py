"""A site in one language builds exactly as before ``LANGUAGES`` existed, byte for byte.

Without the setting, or with ``LANGUAGES = [DEFAULT_LANG]``, every file of the demo has the same
SHA-256: the setting adds nothing to a one-language site, not even a switcher or an alternate.
"""

from __future__ import annotations

from passaparola.build.driver import build
from tests.support import tree_hashes


def test_one_language_builds_the_demo_byte_for_byte_as_without_the_setting(project_copy, tmp_path):
    conf = project_copy / "pelicanconf.py"
    assert "LANGUAGES" not in conf.read_text(encoding="utf-8")
    without = tree_hashes(build(project_copy, output_dir=tmp_path / "without").output_dir)
    conf.write_text(conf.read_text(encoding="utf-8") + '\nLANGUAGES = ["it"]\n', encoding="utf-8")
    with_one = tree_hashes(build(project_copy, output_dir=tmp_path / "one", force=True).output_dir)
    assert len(without) > 100 and "index.html" in without
    changed = sorted(name for name in without.keys() | with_one.keys()
                     if without.get(name) != with_one.get(name))
    assert changed == []
