"""Rebuilds: nothing changed means nothing written; unchanged files keep their mtime; swaps are whole."""

from __future__ import annotations

from passaparola.build.driver import build
from passaparola.build.output import swap_in
from tests.support import tree_hashes


def mtimes(folder):
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_a_second_build_with_no_change_writes_no_file(project_copy):
    first = build(project_copy)
    before = (tree_hashes(first.output_dir), mtimes(first.output_dir))
    second = build(project_copy)
    assert second.up_to_date and second.files_written == 0
    assert (tree_hashes(second.output_dir), mtimes(second.output_dir)) == before


def test_editing_one_tip_keeps_the_mtime_of_every_file_it_does_not_change(project_copy):
    first = build(project_copy)
    before_hashes, before_mtimes = tree_hashes(first.output_dir), mtimes(first.output_dir)
    tip = project_copy / "content/tips/shampoo-secco.md"
    tip.write_text(tip.read_text(encoding="utf-8").replace(
        "perfetto il giorno dopo", "ideale il giorno dopo"), encoding="utf-8")
    second = build(project_copy)
    after_hashes, after_mtimes = tree_hashes(second.output_dir), mtimes(second.output_dir)
    changed = {path for path in after_hashes if after_hashes[path] != before_hashes.get(path)}
    assert "consigli/shampoo-secco-quando-aiuta-e-quando-e-meglio-evitarlo/index.html" in changed
    assert second.files_changed == len(changed)
    for path in after_hashes.keys() - changed:
        assert after_mtimes[path] == before_mtimes[path], path


def test_forcing_a_build_rebuilds_even_when_nothing_changed(project_copy):
    build(project_copy)
    assert not build(project_copy, force=True).up_to_date


def test_swap_replaces_the_whole_folder_and_leaves_nothing_beside_it(tmp_path):
    output, staging = tmp_path / "output", tmp_path / ".output.staging-1"
    output.mkdir()
    (output / "old.html").write_text("old")
    staging.mkdir()
    (staging / "new.html").write_text("new")
    swap_in(staging, output)
    assert [p.name for p in output.iterdir()] == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_an_unchanged_project_is_built_again_once_an_event_has_ended(built_demo_copy):
    """The events page moves an event from upcoming to past when it ends, within the day: a build
    with nothing changed is skipped only until then."""
    import json
    from datetime import UTC, date, datetime, time, timedelta
    from zoneinfo import ZoneInfo

    import recurring_ical_events
    from icalendar import Calendar

    from passaparola.build import fingerprint

    started = datetime.now(UTC)
    output = build(built_demo_copy).output_dir  # a copy elsewhere: its first build is real
    record = fingerprint.record_path(built_demo_copy, output)
    saved = json.loads(record.read_text(encoding="utf-8"))
    calendar = Calendar.from_ical((output / "calendar.ics").read_bytes())
    salon = ZoneInfo("Europe/Rome")

    def moment(value) -> datetime:
        return value if isinstance(value, datetime) else datetime.combine(value, time(), salon)

    ends = [moment(o.decoded("dtend")) for o in recurring_ical_events.of(calendar).between(
        date.today() - timedelta(days=2), date.today() + timedelta(days=3 * 366))]
    assert ends, "the demo has events to come"
    assert datetime.fromisoformat(saved["valid_until"]) == min(e for e in ends if e > started)
    assert build(built_demo_copy).up_to_date

    saved["valid_until"] = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()  # it has ended
    record.write_text(json.dumps(saved), encoding="utf-8")
    assert not build(built_demo_copy).up_to_date
