"""`invoke check` lists every problem in one run, as path:line: field: message, errors first."""

from __future__ import annotations

from tests.support import set_setting
from tests.workflow_support import run_task, write

EXISTING_TIP = "/consigli/shampoo-secco-quando-aiuta-e-quando-e-meglio-evitarlo/"

SEEDED = {
    "content/tips/data-sbagliata.md": "Title: Data sbagliata\nDate: 2026-13-45\nSummary: x\n\nTesto.\n",
    "content/pages/campo-ignoto.md": "Title: Campo\nTitel: refuso\n\nTesto.\n",
    "content/tips/link-rotto.md": ("Title: Link rotto\nDate: 2026-05-01\nSummary: x\n\nPrima riga.\n"
                                   "Vedi [qui]({filename}/tips/non-esiste.md).\n"),
    "content/tips/avvisi.md": (
        "Title: Solo avvisi\n"
        "Date: 2026-05-02\n"
        "\n"
        "Un paragrafo.\n"
        "\n"
        '<img src="/images/foto.jpg">\n'
        "![](/images/altra.jpg)\n"
        "Leggi [questo consiglio](/consigli/non-esiste-piu/).\n"
        f"E [quest'altro]({EXISTING_TIP}), che esiste.\n"
        '<a href="/consigli/sparito/">un link scritto in HTML</a>\n'
    ),
}
EXPECTED_ERRORS = [
    "content/pages/campo-ignoto.md:2: Titel: ",
    "content/tips/data-sbagliata.md:2: Date: ",
    "content/tips/link-rotto.md:6: body: ",
    # A missing photo stops the build, so check reports it as an error too (issue 15).
    "content/tips/avvisi.md:6: body: l'immagine '/images/foto.jpg' non esiste",
    "content/tips/avvisi.md:7: body: l'immagine '/images/altra.jpg' non esiste",
]
EXPECTED_WARNINGS = [
    "content/tips/avvisi.md:1: Summary: ",
    "content/tips/avvisi.md:6: body: l'immagine '/images/foto.jpg' non ha il testo alternativo",
    "content/tips/avvisi.md:7: body: l'immagine '/images/altra.jpg' non ha un testo alternativo",
    "content/tips/avvisi.md:8: body: il link '/consigli/non-esiste-piu/' porta a una pagina che",
    "content/tips/avvisi.md:10: body: il link '/consigli/sparito/' porta a una pagina che",
]


def test_check_on_the_demo_content_is_clean_and_exits_zero(project_copy):
    done = run_task(project_copy, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("Tutto a posto:")


def test_check_finds_every_seeded_problem_in_one_run_with_paths_and_lines(project_copy):
    for relative, text in SEEDED.items():
        write(project_copy, relative, text)
    done = run_task(project_copy, "check")
    assert done.returncode == 1
    lines = done.stdout.splitlines()

    def index_of(prefix: str) -> int:
        matches = [i for i, line in enumerate(lines) if line.startswith(prefix)]
        assert matches, (prefix, lines)
        return matches[0]

    error_lines = [index_of(prefix) for prefix in EXPECTED_ERRORS]
    warning_lines = [index_of(prefix) for prefix in EXPECTED_WARNINGS]
    assert max(error_lines) < index_of("Avvisi") < min(warning_lines)
    assert index_of("Errori (") < min(error_lines)
    assert lines[-1].startswith(f"Errori: {len(EXPECTED_ERRORS)}, avvisi: {len(EXPECTED_WARNINGS)}, su ")
    assert not any(EXISTING_TIP in line for line in lines)


def test_check_speaks_english_when_the_site_does(project_copy):
    set_setting(project_copy, "DEFAULT_LANG", '"en"')
    write(project_copy, "content/tips/data-sbagliata.md", SEEDED["content/tips/data-sbagliata.md"])
    done = run_task(project_copy, "check")
    assert done.returncode == 1
    assert "Errors (the site cannot be published until they are fixed):" in done.stdout
    assert "content/tips/data-sbagliata.md:2: Date: '2026-13-45' is not a date" in done.stdout
    assert done.stdout.splitlines()[-1].startswith("1 error(s), 0 warning(s) in ")
