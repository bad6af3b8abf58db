"""Settings mistakes are reported like content mistakes: ``pelicanconf.py:LINE: SETTING: message``.

In the owner's language (Italian here), with how to fix it, by ``invoke build`` (never a
traceback); brand colours are measured for contrast in both schemes; an optional ``SALON`` value
left empty is absent, not refused.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from passaparola.colors import WHITE, contrast_ratio, dark_scheme
from passaparola.i18n import SUPPORTED_LANGUAGES
from tests.workflow_support import run_task


def replace_in_settings(project: Path, old: str, new: str) -> None:
    conf = project / "pelicanconf.py"
    text = conf.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in pelicanconf.py"
    conf.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project: Path, text: str, after: str | None = None) -> int:
    """The line number (from 1) of the first line containing ``text`` (after the line ``after``)."""
    lines = (project / "pelicanconf.py").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i in range(start, len(lines)) if text in lines[i]) + 1


def failed_build(project: Path) -> str:
    result = run_task(project, "build")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "output").exists(), "a site was built in spite of the mistake"
    return result.stderr


def test_a_colour_that_is_not_a_colour_names_its_line_in_italian(project_copy):
    replace_in_settings(project_copy, '"primary": "#8c2f57"', '"primary": "prugna"')
    stderr = failed_build(project_copy)
    line = line_of(project_copy, '"primary"', after="BRAND_COLORS")
    assert (f"pelicanconf.py:{line}: BRAND_COLORS.primary: 'prugna' non è un colore: scrivi # e sei "
            "cifre esadecimali") in stderr


def test_a_misspelt_colour_name_suggests_the_right_one(project_copy):
    replace_in_settings(project_copy, '"accent": ', '"acent": ')
    stderr = failed_build(project_copy)
    line = line_of(project_copy, '"acent"')
    assert (f"pelicanconf.py:{line}: BRAND_COLORS.acent: non è un colore del marchio; "
            "forse intendevi 'accent'?") in stderr


def test_a_pale_primary_colour_is_refused_with_its_measured_contrast(project_copy):
    pale = "#e9a3c0"
    replace_in_settings(project_copy, '"primary": "#8c2f57"', f'"primary": "{pale}"')
    stderr = failed_build(project_copy)
    line = line_of(project_copy, '"primary"', after="BRAND_COLORS")
    ratio = contrast_ratio(WHITE, pale)
    assert ratio < 4.5
    shown = f"{int(ratio * 10) / 10:.1f}".replace(".", ",")
    assert (f"pelicanconf.py:{line}: BRAND_COLORS.primary: il testo bianco su {pale} (i pulsanti) "
            f"ha un contrasto di {shown}:1, meno di 4,5:1: scegli un colore più scuro") in stderr
    assert "sullo sfondo #fdf8f4 (link, titoli) ha un contrasto di" in stderr


def test_a_pale_text_colour_on_the_paper_is_refused(project_copy):
    replace_in_settings(project_copy, '"ink": "#2b2025"', '"ink": "#b0a0a8"')
    stderr = failed_build(project_copy)
    line = line_of(project_copy, '"ink"', after="BRAND_COLORS")
    assert f"pelicanconf.py:{line}: BRAND_COLORS.ink: il testo in #b0a0a8 sullo sfondo #fdf8f4" in stderr


@pytest.mark.parametrize("primary", ["#8c2f57", "#1a5e3a", "#0b3d91", "#000000", "#6b4b00"])
def test_the_dark_scheme_made_from_any_primary_reads_at_4_5_to_1(primary):
    dark = dark_scheme({"primary": primary, "accent": "#d9a441", "ink": "#2b2025", "paper": "#fdf8f4"})
    assert contrast_ratio(dark["primary"], dark["surface"]) >= 4.5
    assert contrast_ratio(dark["primary"], dark["paper"]) >= 4.5
    assert contrast_ratio(dark["on-primary"], dark["primary"]) >= 4.5
    assert contrast_ratio(dark["ink"], dark["surface"]) >= 4.5
    assert contrast_ratio(dark["muted"], dark["surface"]) >= 4.5
    assert contrast_ratio(dark["focus"], dark["surface"]) >= 3


def test_an_unsupported_language_is_an_error_listing_the_supported_ones(project_copy):
    replace_in_settings(project_copy, 'DEFAULT_LANG = "it"', 'DEFAULT_LANG = "fr"')
    stderr = failed_build(project_copy)
    line = line_of(project_copy, "DEFAULT_LANG = ")
    assert (f"pelicanconf.py:{line}: DEFAULT_LANG: 'fr' non è una lingua del sito; lingue "
            "disponibili: it (italiano), en (inglese): scrivi DEFAULT_LANG = \"it\" oppure "
            "DEFAULT_LANG = \"en\"") in stderr
    assert len(SUPPORTED_LANGUAGES) == 2
    assert stderr.startswith("Il sito non è stato generato: 2 problemi. "), \
        "the report itself must be Italian, its count too"


def test_a_language_written_with_its_country_suggests_the_supported_code(project_copy):
    replace_in_settings(project_copy, 'DEFAULT_LANG = "it"', 'DEFAULT_LANG = "it_IT"')
    stderr = failed_build(project_copy)
    assert "DEFAULT_LANG: 'it_it' non è una lingua del sito" in stderr  # Pelican lower-cases it
    assert 'scrivi DEFAULT_LANG = "it"' in stderr


def test_empty_optional_salon_values_are_absent_not_refused(project_copy):
    replace_in_settings(project_copy, '"whatsapp": "+39 333 000 4127"', '"whatsapp": ""')
    replace_in_settings(project_copy, '"email": "ciao@ciocheribelli.example"', '"email": ""')
    replace_in_settings(project_copy, '"region": "BO"', '"region": ""')
    replace_in_settings(project_copy, '"image": "images/salone/vetrina.jpg"', '"image": ""')
    result = run_task(project_copy, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    home = (project_copy / "output" / "index.html").read_text(encoding="utf-8")
    assert "Via del Pratello" in home
    assert "wa.me" not in home and "mailto:" not in home
    assert not re.search(r"Bologna\s*\(\s*\)", home), "an empty region left empty brackets"


def test_check_reports_the_same_settings_mistakes_as_the_build(project_copy):
    replace_in_settings(project_copy, 'DEFAULT_LANG = "it"', 'DEFAULT_LANG = "fr"')
    replace_in_settings(project_copy, '"primary": "#8c2f57"', '"primary": "#ffd0e0"')
    checked = run_task(project_copy, "check")
    assert checked.returncode == 1
    built = failed_build(project_copy)
    reported = [line.strip() for line in checked.stdout.splitlines() if line.startswith("pelicanconf.py:")]
    assert reported and all(line in built for line in reported)
    # The demo is in Italian and English: LANGUAGES no longer starts with DEFAULT_LANG either.
    assert {line.split(": ")[1] for line in reported} == {"DEFAULT_LANG", "BRAND_COLORS.primary",
                                                          "LANGUAGES"}
