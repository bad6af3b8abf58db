"""The pages Pagefind indexes are kept between builds (``.cache/search-pages/<lang>/``) and only
the changed ones written again; whatever that folder holds, the index equals a cold build's."""

from __future__ import annotations

from passaparola.build.driver import build
from tests.support import tree_hashes

EDITED_TIP = "content/tips/shampoo-secco.md"


def test_whatever_the_kept_pages_folder_holds_the_index_equals_a_cold_builds(project_copy,
                                                                             tmp_path):
    build(project_copy)
    folder = project_copy / ".cache" / "search-pages" / "it"
    pages = sorted(p for p in folder.rglob("*") if p.is_file())
    assert len(pages) > 5
    page = '<html lang="it"><body><main data-pagefind-body>{}</main></body></html>'
    pages[0].write_text(page.format("zenzerolo guastato"), encoding="utf-8")
    pages[1].unlink()
    ghost = folder / "consigli" / "fantasma" / "index.html"  # a page no build indexes
    ghost.parent.mkdir(parents=True, exist_ok=True)
    ghost.write_text(page.format("fantasma"), encoding="utf-8")
    tip = project_copy / EDITED_TIP  # an indexed page changes: Pagefind runs again
    tip.write_text(tip.read_text(encoding="utf-8") + "\nIl rosmarino rinfresca.\n",
                   encoding="utf-8")

    result = build(project_copy)

    cold = build(project_copy, output_dir=tmp_path / "cold" / "output", cache=False, force=True,
                 overrides={"IMAGES_CACHE_PATH": str(tmp_path / "cold" / "images-cache")})
    assert tree_hashes(result.output_dir) == tree_hashes(cold.output_dir)
    kept = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert kept and "consigli/fantasma/index.html" not in kept
    assert not (result.output_dir / ".search-pages").exists()
