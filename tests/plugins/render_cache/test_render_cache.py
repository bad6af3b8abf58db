"""Caches never change a byte: every rebuild equals a cold build of the same content."""

from __future__ import annotations

import shutil

import pytest

from passaparola.build.driver import build
from passaparola.dev.synthetic import write_tips
from tests.support import copy_project, set_setting, tree_hashes

TIP = "content/tips/shampoo-secco.md"
TIP_PAGE = "consigli/shampoo-secco-quando-aiuta-e-quando-e-meglio-evitarlo/index.html"


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    """A project with enough tips for several listing pages, built once for the module (caches
    filled), and a copy of it as that build left it."""
    folder = tmp_path_factory.mktemp("render-cache")
    project = copy_project(folder / "project")
    write_tips(project / "content", 24)
    first = build(project)
    assert first.pages_reused == 0
    shutil.copytree(project, folder / "as-built", symlinks=True)
    return project, folder / "as-built"


@pytest.fixture
def site(built_site):
    """The module's project put back as its build left it (output/ and .cache/ included), for
    each test to change. Back in the same folder: the caches' keys name where the project is."""
    project, as_built = built_site
    shutil.rmtree(project)
    shutil.copytree(as_built, project, symlinks=True)
    return project


def cold_build(project, tmp_path):
    """The same content built from nothing: no cache, a fresh output folder."""
    return build(project, output_dir=tmp_path / "cold", cache=False, force=True)


def edit(project, relative, old, new):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def changed_files(before, after):
    return {path for path in after if after[path] != before.get(path)} | (before.keys() - after.keys())


def test_a_rebuild_with_the_caches_and_nothing_changed_renders_no_page_and_changes_no_byte(site, tmp_path):
    before = tree_hashes(site / "output")
    again = build(site, force=True)
    assert again.pages_rendered == 0 and again.pages_reused == again.pages_written
    assert again.files_changed == 0
    assert tree_hashes(again.output_dir) == before


def test_editing_one_tip_renders_its_page_and_the_listings_that_show_it_and_equals_a_cold_build(
        site, tmp_path):
    before = tree_hashes(site / "output")
    edit(site, TIP, "perfetto il giorno dopo", "ideale il giorno dopo")
    rebuilt = build(site)
    after = tree_hashes(rebuilt.output_dir)
    assert TIP_PAGE in changed_files(before, after)
    assert 0 < rebuilt.pages_rendered < rebuilt.pages_written / 2
    assert after == tree_hashes(cold_build(site, tmp_path).output_dir)


def test_a_new_title_shows_in_every_listing_of_the_tip_and_the_rebuild_equals_a_cold_build(site, tmp_path):
    edit(site, TIP, "Title: ", "Title: Nuovo titolo: ")
    rebuilt = build(site)
    listings = [p for p in rebuilt.output_dir.rglob("index.html")
                if "Nuovo titolo" in p.read_text(encoding="utf-8")]
    assert len(listings) >= 3  # its page, a tips listing page and its topics' pages
    assert tree_hashes(rebuilt.output_dir) == tree_hashes(cold_build(site, tmp_path).output_dir)


def test_changing_a_tag_of_a_tip_rebuilds_the_topic_pages_exactly_like_a_cold_build(site, tmp_path):
    edit(site, "content/tips/synthetic-00003.md", "Tags: ", "Tags: argomento-nuovo, ")
    rebuilt = build(site)
    assert (rebuilt.output_dir / "argomenti/argomento-nuovo/index.html").is_file()
    assert tree_hashes(rebuilt.output_dir) == tree_hashes(cold_build(site, tmp_path).output_dir)


def test_editing_a_template_rebuilds_every_page_that_uses_it_exactly_like_a_cold_build(site, tmp_path):
    edit(site, "theme/templates/partials/tip_card.html", 'class="card-body"', 'class="card-body card-v2"')
    rebuilt = build(site)
    assert "card-v2" in (rebuilt.output_dir / "consigli/index.html").read_text(encoding="utf-8")
    assert tree_hashes(rebuilt.output_dir) == tree_hashes(cold_build(site, tmp_path).output_dir)


def test_changing_a_setting_rebuilds_every_page_that_shows_it_exactly_like_a_cold_build(site, tmp_path):
    set_setting(site, "SITENAME", '"Salone Ciocche Ribelli e Amici"')
    rebuilt = build(site)
    assert "Ciocche Ribelli e Amici" in (rebuilt.output_dir / TIP_PAGE).read_text(encoding="utf-8")
    assert tree_hashes(rebuilt.output_dir) == tree_hashes(cold_build(site, tmp_path).output_dir)


def test_removing_a_tip_removes_it_everywhere_exactly_like_a_cold_build(site, tmp_path):
    (site / TIP).unlink()
    rebuilt = build(site)
    assert not (rebuilt.output_dir / TIP_PAGE).exists()
    assert tree_hashes(rebuilt.output_dir) == tree_hashes(cold_build(site, tmp_path).output_dir)


def test_a_reading_cache_left_half_written_by_a_killed_build_is_not_loaded(site, tmp_path):
    [cache_file] = [p for p in (site / ".cache/read").rglob("ArticlesGenerator-Readers")]
    cache_file.write_bytes(cache_file.read_bytes()[:100])  # as if killed while Pelican saved it
    edit(site, TIP, "perfetto il giorno dopo", "ideale il giorno dopo")
    rebuilt = build(site)
    assert tree_hashes(rebuilt.output_dir) == tree_hashes(cold_build(site, tmp_path).output_dir)


def test_pages_no_longer_built_leave_the_render_cache(site):
    [folder] = list((site / ".cache/render").iterdir())
    before = {p.name for p in folder.glob("*/*")}
    edit(site, TIP, "perfetto il giorno dopo", "ideale il giorno dopo")
    build(site)
    after = {p.name for p in folder.glob("*/*")}
    assert len(after) == len(before) and after != before


def test_a_template_reading_more_of_an_object_than_it_declares_is_always_rendered_and_never_stale(
        site, tmp_path):
    # Feeds declare that templates read only their links; this article page also counts items.
    edit(site, "theme/templates/article.html", "<h1>{{ article.title }}</h1>",
         "<h1>{{ article.title }}</h1><p>{{ feed_links.site.content|length }} novità</p>")
    build(site)
    (site / "content/tips/nuovo.md").write_text(
        "Title: Un consiglio nuovo\nDate: 2026-11-01\nSummary: Nuovo.\n\nTesto nuovo.\n",
        encoding="utf-8")
    rebuilt = build(site)
    assert rebuilt.pages_reused < rebuilt.pages_written
    assert tree_hashes(rebuilt.output_dir) == tree_hashes(cold_build(site, tmp_path).output_dir)


def test_values_that_cannot_be_hashed_by_value_make_a_page_imprecise():
    from plugins.render_cache.render_cache import Imprecise, ValueDigests

    digests = ValueDigests()
    for value in ((n for n in range(3)), iter([1, 2])):
        with pytest.raises(Imprecise):
            digests.of(value)


def test_objects_in_a_reference_cycle_are_hashed_with_everything_they_reach():
    from types import SimpleNamespace

    from plugins.render_cache.render_cache import ValueDigests

    def event(title):
        parent = SimpleNamespace(title=title, occurrences=[])
        parent.occurrences = [SimpleNamespace(day=day, event=parent) for day in (1, 2)]
        return parent

    first, second = ValueDigests(), ValueDigests()
    a, b = event("Serata"), event("Serata colore")
    # Hashing an occurrence first must not let it forget its event's title later.
    assert first.of(a.occurrences[0]) != second.of(b.occurrences[0])
    assert first.of(a) != second.of(b)
    assert ValueDigests().of(event("Serata")) == ValueDigests().of(event("Serata"))


def test_equal_values_have_equal_digests_and_any_difference_changes_them():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from plugins.render_cache.render_cache import ValueDigests

    def value(title, zone="Europe/Rome", order=("a", "b")):
        return {"title": title, "when": datetime(2026, 5, 1, 10, tzinfo=ZoneInfo(zone)),
                "order": {key: 1 for key in order}, "tags": {"x", "y"}}

    first, second = ValueDigests(), ValueDigests()
    assert first.of(value("Ciao")) == second.of(value("Ciao"))
    assert first.of(value("Ciao")) != first.of(value("Ciao!"))
    assert first.of(value("Ciao")) != first.of(value("Ciao", zone="Europe/London"))
    assert first.of(value("Ciao")) != first.of(value("Ciao", order=("b", "a")))


def test_moving_an_event_rebuilds_its_pages_and_calendars_exactly_like_a_cold_build(site, tmp_path):
    # The evening moves one week later, end included (its English translation too: issue 23).
    for name in ("serata-colore-naturale.md", "serata-colore-naturale.en.md"):
        edit(site, f"content/events/{name}", "2026-10-15", "2026-10-22")
        edit(site, f"content/events/{name}", "2026-10-15", "2026-10-22")
    rebuilt = build(site)
    assert 0 < rebuilt.pages_rendered < rebuilt.pages_written
    assert tree_hashes(rebuilt.output_dir) == tree_hashes(cold_build(site, tmp_path).output_dir)


def test_changing_a_testimonials_rating_rebuilds_the_reviews_exactly_like_a_cold_build(site, tmp_path):
    edit(site, "content/testimonials/chiara-colore-grigi.md", "Rating: 4", "Rating: 2")
    rebuilt = build(site)
    assert 0 < rebuilt.pages_rendered < rebuilt.pages_written
    assert tree_hashes(rebuilt.output_dir) == tree_hashes(cold_build(site, tmp_path).output_dir)


def test_values_equal_in_python_but_of_another_kind_or_sign_keep_their_own_digests():
    from markupsafe import Markup

    from plugins.render_cache.render_cache import ValueDigests

    # Equal as dict keys, yet a template shows them differently ("True", "1", "-0.0", escaping).
    look_alikes = [1, True, 1.0, 0.0, -0.0, "<b>", Markup("<b>"), b"1", "1"]
    for order in (look_alikes, look_alikes[::-1]):
        digests = ValueDigests()  # one build remembers values it hashed: in either order
        found = [digests.of(value) for value in order]
        assert len(set(found)) == len(order)
        assert [digests.of(value) for value in order] == found


NEW_TIP = "Title: Un consiglio nuovo\nDate: 2026-11-01\nSummary: Nuovo.\n\nTesto nuovo.\n"


@pytest.mark.parametrize("template, anchor", [
    ("theme/templates/article.html", "<h1>{{ article.title }}</h1>"),
    ("theme/templates/partials/share.html",  # included by article.html
     '<h2 id="share-title" class="share-title">{{ _("Share") }}</h2>'),
])
def test_a_template_that_starts_reading_another_name_is_analysed_again_and_its_pages_follow_it(
        site, tmp_path, template, anchor):
    # A tip's page did not read the list of all tips; now its template shows how many there are.
    # Each template's analysis is kept across builds (.cache/template-reads): a stale one would
    # leave that list out of the tip pages' keys, and the count on them would stay old.
    edit(site, template, anchor, anchor + "<p>{{ articles|length }} consigli in tutto</p>")
    before = (build(site).output_dir / TIP_PAGE).read_text(encoding="utf-8")
    (site / "content/tips/nuovo.md").write_text(NEW_TIP, encoding="utf-8")
    rebuilt = build(site)
    after = (rebuilt.output_dir / TIP_PAGE).read_text(encoding="utf-8")
    assert "consigli in tutto" in before and after != before
    assert tree_hashes(rebuilt.output_dir) == tree_hashes(cold_build(site, tmp_path).output_dir)


def test_a_kept_template_analysis_follows_the_environments_syntax_and_outlives_a_damaged_file(tmp_path):
    from jinja2 import DictLoader, Environment

    from plugins.render_cache.templates import TemplateReads, template_inputs

    source = {"page.html": "<% set lead = title %>{{ lead }}"}
    plain = Environment(loader=DictLoader(source))
    angled = Environment(loader=DictLoader(source), block_start_string="<%", block_end_string="%>")

    def names(env):
        reads = TemplateReads(tmp_path / "reads")  # a new build: only the folder is shared
        return template_inputs(env, "page.html", analyse=reads.own_inputs).names

    assert names(plain) == {"lead"}  # "<% set ... %>" is mere text to this environment
    assert names(angled) == {"title"}
    source["page.html"] = "<% for lead in items %>{{ lead }}<% endfor %>"
    assert names(plain) == {"lead"}
    assert names(angled) == {"items"}
    kept = sorted((tmp_path / "reads").glob("*/*"))
    assert len(kept) == 4
    for path in kept:
        path.write_text("{not json", encoding="utf-8")  # as if a disk filled up mid-write
    assert names(angled) == {"items"}


def test_an_include_named_from_literal_text_and_a_value_reads_only_the_templates_that_could_match():
    from jinja2 import DictLoader, Environment

    from plugins.render_cache.templates import template_inputs

    # page.html includes "partials/page_<slug>.html": a page then depends on what those partials
    # read (the contacts page's details), not on every template of the theme (the tips listing).
    env = Environment(loader=DictLoader({
        "page.html": '{{ title }}{% include "partials/page_" ~ page.slug ~ ".html" ignore missing %}',
        "partials/page_contacts.html": "{{ salon.phone }}",
        "partials/page_contacts.txt": "{{ fax }}",
        "index.html": "{% for article in articles %}{{ article.title }}{% endfor %}",
        "dynamic.html": "{% include chosen %}",
    }))
    assert template_inputs(env, "page.html").names == {"title", "page", "salon"}
    # A name with nothing literal around it could be any template: all of them count.
    assert template_inputs(env, "dynamic.html").names == {
        "chosen", "title", "page", "salon", "fax", "articles"}
