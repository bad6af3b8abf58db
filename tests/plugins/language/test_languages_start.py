"""``make start`` knows the languages: one by default (as before), several when she names them."""

from __future__ import annotations

from passaparola.build.driver import build, check, load_settings
from tests.workflow_support import run_task

HER = ["--name=Luna Capelli", "--domain=www.lunacapelli.example",
       "--address=Via Roma 12, 10121 Torino (TO)", "--phone=+39 011 000 1234", "--language=it"]


def test_start_from_the_demo_makes_a_site_in_her_one_language(project_copy):
    started = run_task(project_copy, "start", *HER)
    assert started.returncode == 0, started.stdout + started.stderr
    settings = load_settings(project_copy)
    assert settings["LANGUAGES"] == ["it"] and settings["LANGUAGES_SETTINGS"] == {}
    assert not list(project_copy.glob("published-addresses*.json"))
    site = build(project_copy).output_dir
    assert (site / "index.html").is_file() and not (site / "en").exists()


def test_start_with_two_languages_builds_both(project_copy):
    started = run_task(project_copy, "start", *HER, "--languages=it en")
    assert started.returncode == 0, started.stdout + started.stderr
    assert load_settings(project_copy)["LANGUAGES"] == ["it", "en"]
    assert [p for p in check(project_copy) if p.level == "error"] == []
    site = build(project_copy).output_dir
    assert (site / "en" / "index.html").is_file()
    assert 'hreflang="en"' in (site / "index.html").read_text(encoding="utf-8")


def test_start_with_two_languages_leaves_no_demo_text_and_gives_each_language_her_contacts(
        project_copy):
    started = run_task(project_copy, "start", *HER, "--languages=it en")
    assert started.returncode == 0, started.stdout + started.stderr
    conf = (project_copy / "pelicanconf.py").read_text(encoding="utf-8")
    assert "2009" not in conf and "SITESUBTITLE_EN" not in conf  # the demo's English subtitle
    english = load_settings(project_copy)["LANGUAGES_SETTINGS"]["en"]
    assert english["SITESUBTITLE"] == "Hair salon in Torino"
    site = build(project_copy).output_dir
    home = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert "Hair salon in Torino" in home and "Parrucchiere" not in home
    contacts = site / "en" / "contacts" / "index.html"
    assert contacts.is_file()  # her English visitors find the address and hours in English
    page = contacts.read_text(encoding="utf-8")
    assert "Via Roma 12" in page and 'lang="en"' in page
    assert 'href="/en/contacts/"' in home  # in the English menu
    assert 'hreflang="it" href="/contatti/"' in page or 'href="/contatti/" hreflang="it"' in page


def test_start_refuses_a_language_the_site_cannot_speak_and_changes_nothing(project_copy):
    before = (project_copy / "pelicanconf.py").read_bytes()
    started = run_task(project_copy, "start", *HER, "--languages=it fr")
    assert started.returncode == 1
    assert "--languages" in started.stdout and "'fr'" in started.stdout
    assert (project_copy / "pelicanconf.py").read_bytes() == before


def test_the_editor_offers_lang_and_translation_of_in_every_kind(project_copy):
    from passaparola.editor.config import editor_config

    config = editor_config(load_settings(project_copy), local=True)
    assert config["collections"]
    for entry in config["collections"]:
        fields = {spec["name"]: spec for spec in entry["fields"]}
        assert fields["Lang"]["widget"] == "select" and fields["Lang"]["options"] == ["it", "en"]
        assert fields["Translation-of"]["widget"] == "string"
