"""`invoke publish` sends a clean build to a folder, never drafts or scheduled posts, and refuses
to send anything when the content has errors."""

from __future__ import annotations

import pytest
from lxml import html

from passaparola.owner.publish import PublishError, mirror_folder, publish
from tests.support import tree_hashes
from tests.workflow_support import run_task, write

DRAFT = "Title: Bozza sulle extension\nDate: 2026-10-01 10:00\nStatus: draft\nSummary: s\n\nQUI-BOZZA.\n"
SCHEDULED = "Title: Consigli per il 2031\nDate: 2031-01-10 10:00\nSummary: s\n\nQUI-FUTURO.\n"


def publish_to(project, folder, extra: str = "") -> None:
    conf = project / "publishconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + f"\nPUBLISH_DIR = {str(folder)!r}\n{extra}",
                    encoding="utf-8")


def site_text(folder) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in folder.rglob("*") if p.is_file())


def test_publish_to_a_folder_sends_the_site_with_absolute_urls_and_a_summary(project_copy, tmp_path):
    target = tmp_path / "public"
    publish_to(project_copy, target, 'REDIRECTS = {"/vecchia-pagina/": "/contatti/"}\n')
    done = run_task(project_copy, "publish")
    assert done.returncode == 0, done.stderr
    home = html.parse(str(target / "index.html")).getroot()
    stylesheet = home.xpath("//link[@rel='stylesheet']/@href")[0]
    assert stylesheet.startswith("https://www.ciocheribelli.example/theme/site.")
    assert (target / "consigli" / "index.html").is_file()
    assert (target / "_redirects").read_text(encoding="utf-8").splitlines() == [
        "/vecchia-pagina/ /contatti/ 301", "/en/* /en/404.html 404"]
    assert " pagine, " in done.stdout and " immagini, " in done.stdout
    assert done.stdout.strip().splitlines()[-1].startswith("Pubblicato: ")


def test_drafts_and_scheduled_posts_are_never_published(project_copy, tmp_path):
    write(project_copy, "content/tips/bozza.md", DRAFT)
    write(project_copy, "content/tips/futuro.md", SCHEDULED)
    target = tmp_path / "public"
    publish_to(project_copy, target)
    done = run_task(project_copy, "publish")
    assert done.returncode == 0, done.stderr
    text = site_text(target)
    assert "QUI-BOZZA" not in text and "Bozza sulle extension" not in text
    assert "QUI-FUTURO" not in text and "Consigli per il 2031" not in text
    assert not (target / "drafts").exists()


def test_dry_run_lists_the_changes_and_changes_nothing(project_copy, tmp_path):
    target = tmp_path / "public"
    publish_to(project_copy, target)
    first = run_task(project_copy, "publish")
    assert first.returncode == 0, first.stderr
    before = tree_hashes(target)
    write(project_copy, "content/tips/nuovo.md",
          "Title: Un consiglio nuovo\nDate: 2026-11-20 09:00\nSummary: s\n\nTesto.\n")

    dry = run_task(project_copy, "publish", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "+ consigli/un-consiglio-nuovo/index.html" in dry.stdout
    assert "~ index.html" in dry.stdout
    assert tree_hashes(target) == before


def test_publish_refuses_when_the_content_has_errors_and_leaves_the_site_online_untouched(
        project_copy, tmp_path):
    target = tmp_path / "public"
    publish_to(project_copy, target)
    assert run_task(project_copy, "publish").returncode == 0
    before = tree_hashes(target)
    write(project_copy, "content/tips/rotto.md", "Title: Rotto\nDate: 2026-02-30\n\nTesto.\n")

    done = run_task(project_copy, "publish")
    assert done.returncode == 1
    assert "Non è stato pubblicato niente" in done.stderr
    assert "content/tips/rotto.md:2: Date: " in done.stderr
    assert tree_hashes(target) == before


def test_publish_without_a_destination_says_how_to_set_one(project_copy):
    done = run_task(project_copy, "publish")
    assert done.returncode == 1
    assert "PUBLISH_RSYNC_TARGET" in done.stderr and "PUBLISH_DIR" in done.stderr


def test_publish_refuses_a_folder_that_holds_something_else(project_copy, tmp_path):
    target = tmp_path / "documenti"
    write(target, "tesi.odt", "importante")
    publish_to(project_copy, target)
    with pytest.raises(PublishError):
        publish(project_copy, echo=lambda line: None)
    assert (target / "tesi.odt").read_text(encoding="utf-8") == "importante"


def test_publish_without_rsync_mirrors_the_folder_in_python(project_copy, tmp_path):
    target = tmp_path / "public"
    publish_to(project_copy, target)
    write(target, "vecchio/index.html", "<p>pagina rimossa</p>")
    write(target, "index.html", "<p>vecchia home</p>")
    lines: list[str] = []
    changes = publish(project_copy, use_rsync=False, echo=lines.append)
    assert "vecchio/index.html" in changes.deleted and "index.html" in changes.updated
    assert not (target / "vecchio").exists()
    assert tree_hashes(target) == tree_hashes(project_copy / "output")
    assert any(" file copiati su " in line for line in lines)


def test_mirror_reports_added_changed_and_deleted_files_and_a_dry_run_writes_nothing(tmp_path):
    source, target = tmp_path / "site", tmp_path / "public"
    write(source, "index.html", "nuova")
    write(source, "a/index.html", "uguale")
    write(target, "index.html", "vecchia")
    write(target, "a/index.html", "uguale")
    write(target, "b/index.html", "via")
    before = tree_hashes(target)

    planned = mirror_folder(source, target, dry_run=True)
    assert (planned.added, planned.updated, planned.deleted) == ([], ["index.html"], ["b/index.html"])
    assert tree_hashes(target) == before

    mirror_folder(source, target)
    assert tree_hashes(target) == tree_hashes(source)


def test_a_bad_redirect_stops_the_build_naming_the_setting(project_copy):
    from passaparola.build.driver import BuildFailed, build
    from tests.support import set_setting

    set_setting(project_copy, "REDIRECTS", '{"vecchia-pagina": "/contatti/"}')
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    assert any("REDIRECTS: 'vecchia-pagina'" in str(p) for p in failure.value.problems)
