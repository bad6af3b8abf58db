"""A plugin that reads what another plugin writes says so, and a build without the other one stops
with the owner's words naming both plugins and PLUGINS, before any page is written."""

from __future__ import annotations

import pytest

from passaparola.build.driver import BuildFailed, build
from passaparola.settings import MissingPlugin, plugin_enabled, require_plugins
from tests.support import tree_hashes


def without_plugin(project, name: str) -> None:
    """Leave plugin ``name`` out of the copy's PLUGINS, as an owner trimming the list would."""
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8")
                    + f"\nPLUGINS = [p for p in PLUGINS if p != {name!r}]\n", encoding="utf-8")


def test_a_build_without_a_needed_plugin_names_both_plugins_and_keeps_the_site(project_copy):
    good = build(project_copy)
    before = tree_hashes(good.output_dir)
    assert before, "the first build wrote the site"
    without_plugin(project_copy, "workflow")
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    messages = [problem.message for problem in failure.value.problems]
    assert len(messages) == 1, messages
    assert ('il plugin "addresses" ha bisogno del plugin "workflow": aggiungi "workflow" a PLUGINS '
            'in pelicanconf.py') in messages[0]
    assert "Traceback" not in messages[0]
    assert tree_hashes(good.output_dir) == before


def test_a_build_without_the_language_plugin_stops_on_the_first_plugin_needing_it(project_copy):
    without_plugin(project_copy, "language")
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    messages = [problem.message for problem in failure.value.problems]
    assert len(messages) == 1, messages
    assert 'ha bisogno del plugin "language"' in messages[0]
    assert "PLUGINS" in messages[0]


def test_a_plugin_left_out_of_plugins_asks_for_nothing():
    # Pelican keeps a plugin's receivers connected for later builds of the same process.
    require_plugins({"PLUGINS": ["workflow"]}, "addresses", needs=["language"])


def test_the_message_is_in_english_for_an_english_site():
    with pytest.raises(MissingPlugin, match='the plugin "testimonials" needs the plugin "language"'):
        require_plugins({"PLUGINS": ["testimonials"], "DEFAULT_LANG": "en"}, "testimonials",
                        needs=["language"])


def test_a_plugin_given_as_a_module_counts_as_listed():
    import plugins.language as language

    assert plugin_enabled({"PLUGINS": [language]}, "language")
    assert not plugin_enabled({"PLUGINS": ["languages"]}, "language")
