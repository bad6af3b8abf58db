"""The bench's cold build with the images already encoded keeps exactly the image cache."""

from __future__ import annotations

from passaparola.dev.bench.measure import clean_state
from passaparola.dev.bench.ours import images_cache_folder


def test_a_cold_build_with_images_encoded_keeps_only_the_image_cache(project_copy):
    images = images_cache_folder(project_copy)
    assert images.parent == project_copy / ".cache"  # the images plugin's own setting
    for folder in (images / "ab", project_copy / ".cache/read/x", project_copy / ".cache/render/y",
                   project_copy / "output/consigli"):
        folder.mkdir(parents=True)
        (folder / "file").write_text("x", encoding="utf-8")
    (project_copy / ".cache/fingerprint.json").write_text("{}", encoding="utf-8")

    clean_state(project_copy, keep=images)
    assert sorted(p.name for p in (project_copy / ".cache").iterdir()) == [images.name]
    assert (images / "ab/file").is_file()
    assert not (project_copy / "output").exists()

    clean_state(project_copy)
    assert not (project_copy / ".cache").exists()



def test_the_bench_site_in_one_language_has_no_problem_and_no_translation_left(project_copy):
    from passaparola.build.driver import check, load_settings
    from passaparola.dev.bench.measure import one_language

    translations = list((project_copy / "content").rglob("*.en.md"))
    assert translations  # the demo is in two languages
    one_language(project_copy)
    assert load_settings(project_copy)["LANGUAGES"] == ["it"]
    assert not list((project_copy / "content").rglob("*.en.md"))
    assert not (project_copy / "published-addresses.en.json").exists()
    assert [p for p in check(project_copy) if p.level == "error"] == []
