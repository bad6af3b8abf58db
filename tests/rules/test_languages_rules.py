"""A site's languages and its translations are checked like any content: ``file:line: field: message``.

A translation is its own file with ``Lang`` and ``Translation-of`` (the original's file name).
Naming a missing original, two translations in one language, or times and figures that differ
from the original's are errors, in Italian, from ``check`` and the build alike; so are mistakes
in ``LANGUAGES``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from passaparola.build.driver import BuildFailed, build, check
from tests.workflow_support import run_task, write

TWO_LANGUAGES = 'LANGUAGES = ["it", "en"]'


@pytest.fixture
def project_copy(project_copy: Path) -> Path:
    """A copy of the demo without its own translations: each test writes the ones it checks."""
    for english in (project_copy / "content").rglob("*.en.md"):
        english.unlink()
    return project_copy


def set_languages(project: Path, line: str) -> int:
    """Write ``line`` in place of the copy's ``LANGUAGES = …`` (or append it); returns its line number."""
    conf = project / "pelicanconf.py"
    lines = conf.read_text(encoding="utf-8").rstrip("\n").split("\n")
    for number, text in enumerate(lines, start=1):
        if text.startswith("LANGUAGES = "):
            lines[number - 1] = line
            conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return number
    conf.write_text("\n".join([*lines, line]) + "\n", encoding="utf-8")
    return len(lines) + 1


def errors(project: Path) -> list[str]:
    """The check's errors about languages and translations, as the owner reads them."""
    return [str(p) for p in check(project) if p.level == "error"]


def tip_translation(original: str, lang: str = "en", title: str = "Five habits") -> str:
    return (f"Title: {title}\nDate: 2026-09-10 09:15\nLang: {lang}\nTranslation-of: {original}\n"
            "Summary: Wait two days before the first wash.\n\nA colour well done deserves to last.\n")


def test_a_correct_translation_is_no_problem(project_copy):
    set_languages(project_copy, TWO_LANGUAGES)
    write(project_copy, "content/tips/lasting-colour.md", tip_translation("colore-che-dura.md"))
    assert errors(project_copy) == []


def test_a_translation_of_a_missing_file_names_its_line_and_the_close_name(project_copy):
    set_languages(project_copy, TWO_LANGUAGES)
    write(project_copy, "content/tips/lasting-colour.md", tip_translation("colore-che-dur.md"))
    assert errors(project_copy) == [
        "content/tips/lasting-colour.md:4: Translation-of: non c'è nessun file 'colore-che-dur.md' "
        "in content/tips/ da tradurre (forse volevi scrivere 'colore-che-dura.md'?)"]


def test_the_original_must_be_in_the_same_folder(project_copy):
    set_languages(project_copy, TWO_LANGUAGES)
    write(project_copy, "content/tips/lasting-colour.md", tip_translation("chi-siamo.md"))
    assert errors(project_copy) == [
        "content/tips/lasting-colour.md:4: Translation-of: 'chi-siamo.md' è in content/pages/, "
        "non in content/tips/: una traduzione sta nella stessa cartella del suo originale"]


def test_two_translations_in_one_language_are_both_named(project_copy):
    set_languages(project_copy, TWO_LANGUAGES)
    write(project_copy, "content/tips/lasting-colour.md", tip_translation("colore-che-dura.md"))
    write(project_copy, "content/tips/colour-that-lasts.md",
          tip_translation("colore-che-dura.md", title="Colour that lasts"))
    assert errors(project_copy) == [
        "content/tips/colour-that-lasts.md:4: Translation-of: content/tips/colore-che-dura.md ha già "
        "una traduzione in 'en': content/tips/lasting-colour.md; tienine una sola",
        "content/tips/lasting-colour.md:4: Translation-of: content/tips/colore-che-dura.md ha già "
        "una traduzione in 'en': content/tips/colour-that-lasts.md; tienine una sola"]


def test_a_translation_needs_its_language_and_another_one(project_copy):
    set_languages(project_copy, TWO_LANGUAGES)
    write(project_copy, "content/tips/senza-lingua.md",
          tip_translation("colore-che-dura.md").replace("Lang: en\n", ""))
    write(project_copy, "content/tips/stessa-lingua.md",
          tip_translation("ogni-quanto-tagliare.md", lang="it", title="Ogni quanto"))
    assert errors(project_copy) == [
        "content/tips/senza-lingua.md:3: Translation-of: una traduzione dice la sua lingua: "
        "aggiungi la riga 'Lang: en'",
        "content/tips/stessa-lingua.md:3: Lang: è 'it', la stessa lingua dell'originale "
        "content/tips/ogni-quanto-tagliare.md: una traduzione è in un'altra lingua"]


def test_a_translated_event_whose_start_differs_names_the_field(project_copy):
    set_languages(project_copy, TWO_LANGUAGES)
    write(project_copy, "content/events/natural-colour-evening.md",
          "Title: An evening on natural colour\nLang: en\nTranslation-of: serata-colore-naturale.md\n"
          "Event-start: 2026-10-15 20:00\nEvent-end: 2026-10-15 21:30\nEvent-price: 10.00\n"
          "Event-location: Salone Ciocche Ribelli, Via del Pratello 41/B, 40122 Bologna\n\nHenna.\n")
    assert errors(project_copy) == [
        "content/events/natural-colour-evening.md:4: Event-start: è '2026-10-15 20:00' ma "
        "l'originale content/events/serata-colore-naturale.md dice '2026-10-15 19:00': questo "
        "valore viene dall'originale; cancella questa riga, oppure scrivi lo stesso valore nei due "
        "file"]


def test_a_translated_review_whose_rating_differs_names_the_field(project_copy):
    set_languages(project_copy, TWO_LANGUAGES)
    write(project_copy, "content/testimonials/anna-curls.md",
          "Title: My curls are reborn\nDate: 2026-10-21 10:30\nRating: 4\nReviewer: Anna De Santis\n"
          "Consent: initials\nLang: en\nTranslation-of: anna-trattamento-ricci.md\n\nThank you!\n")
    found = errors(project_copy)
    assert found == [
        "content/testimonials/anna-curls.md:3: Rating: è '4' ma l'originale "
        "content/testimonials/anna-trattamento-ricci.md dice '5': questo valore viene "
        "dall'originale; cancella questa riga, oppure scrivi lo stesso valore nei due file"]


def test_a_page_in_a_language_the_site_does_not_have_is_an_error(project_copy):
    set_languages(project_copy, 'LANGUAGES = ["it"]')
    write(project_copy, "content/tips/lasting-colour.md", tip_translation("colore-che-dura.md"))
    assert errors(project_copy) == [
        "content/tips/lasting-colour.md:3: Lang: 'en' non è una delle lingue del sito (it): "
        "aggiungila a LANGUAGES in pelicanconf.py, per esempio LANGUAGES = [\"it\", \"en\"]"]


@pytest.mark.parametrize(("setting", "message"), [
    ('LANGUAGES = ["en", "it"]', "comincia con 'en', ma la lingua predefinita del sito è "
                                 'DEFAULT_LANG = "it"'),
    ('LANGUAGES = ["it", "fr"]', "'fr' non è una lingua del sito; lingue disponibili: it (italiano), "
                                 "en (inglese)"),
    ('LANGUAGES = "it, en"', 'non è un elenco di lingue: scrivi le lingue tra virgolette, prima '
                             'quella predefinita del sito, come LANGUAGES = ["it", "en"]'),
    ('LANGUAGES = ["it", "it"]', "nomina it più di una volta"),
])
def test_a_wrong_languages_setting_names_its_line(project_copy, setting, message):
    line = set_languages(project_copy, setting)
    found = [str(p) for p in check(project_copy) if p.field == "LANGUAGES"]
    assert len(found) == 1, found
    assert found[0].startswith(f"pelicanconf.py:{line}: LANGUAGES: {message}")


def test_the_build_stops_on_the_same_translation_errors_as_check(project_copy):
    set_languages(project_copy, TWO_LANGUAGES)
    write(project_copy, "content/tips/lasting-colour.md", tip_translation("colore-che-dur.md"))
    expected = sorted(str(p) for p in check(project_copy) if p.level == "error")
    assert any("Translation-of" in line for line in expected)
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    assert sorted(str(p) for p in failure.value.problems) == expected
    assert not (project_copy / "output").exists()


def test_start_in_another_language_puts_it_first_in_languages(project_copy):
    set_languages(project_copy, 'LANGUAGES = ["it"]')
    started = run_task(project_copy, "start", "--name=Luna Capelli", "--domain=www.lunacapelli.example",
                       "--address=Via Roma 12, 10121 Torino (TO)", "--phone=+39 011 000 1234",
                       "--language=en")
    assert started.returncode == 0, started.stdout + started.stderr
    lines = (project_copy / "pelicanconf.py").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line.startswith("LANGUAGES =")] == ['LANGUAGES = ["en"]']
    assert [p for p in check(project_copy) if p.field == "LANGUAGES"] == []


def test_new_tip_writes_a_translation_the_rules_accept(project_copy):
    set_languages(project_copy, TWO_LANGUAGES)
    # Without --lang, the site's one other language.
    made = run_task(project_copy, "new-tip", "--title=Five habits to make your colour last",
                    "--translation-of=colore-che-dura.md")
    assert made.returncode == 0, made.stdout + made.stderr
    path = project_copy / made.stdout.strip()
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines()
    assert "Lang: en" in header and "Translation-of: colore-che-dura.md" in header
    found = [p for p in check(project_copy) if p.path == made.stdout.strip() and p.level == "error"]
    assert found, "the example text left in the new file is reported"
    assert [p for p in found if p.field in ("Lang", "Translation-of")] == []


def test_new_tip_refuses_a_translation_of_a_missing_file_and_writes_nothing(project_copy):
    set_languages(project_copy, TWO_LANGUAGES)
    before = sorted((project_copy / "content" / "tips").iterdir())
    made = run_task(project_copy, "new-tip", "--title=Five habits", "--lang=en",
                    "--translation-of=colore.md")
    assert made.returncode == 1
    assert "--translation-of: non c'è nessun file 'colore.md' in content/tips/" in made.stderr
    refused = run_task(project_copy, "new-tip", "--title=Cinq habitudes", "--lang=fr",
                       "--translation-of=colore-che-dura.md")
    assert refused.returncode == 1
    assert "--lang: 'fr' non è una delle altre lingue del sito (en)" in refused.stderr
    assert sorted((project_copy / "content" / "tips").iterdir()) == before
