"""The bench's profile names the build's stages with their cumulative time, from a real profile."""

from __future__ import annotations

import cProfile

from passaparola.build.output import keep_unchanged_mtimes, swap_in
from passaparola.dev.bench.profile import summarise_profile
from passaparola.dev.bench.report import stage_table


def test_the_stages_of_a_profiled_swap_are_named_with_their_time(tmp_path):
    staging, output = tmp_path / "staging", tmp_path / "output"
    for folder in (staging, output):
        (folder / "consigli").mkdir(parents=True)
        (folder / "consigli" / "index.html").write_text("<p>ciao</p>", encoding="utf-8")
    profiler = cProfile.Profile()
    profiler.enable()
    keep_unchanged_mtimes(staging, [staging / "consigli" / "index.html"], output)
    swap_in(staging, output)
    profiler.disable()
    profiler.dump_stats(tmp_path / "swap.prof")

    [profile] = summarise_profile(tmp_path / "swap.prof")
    stages = {stage["stage"]: stage["seconds"] for stage in profile["stages"]}
    assert set(stages) == {"comparison with the published site",
                           "swap and removal of the previous site"}
    assert all(seconds >= 0 for seconds in stages.values())
    lines = stage_table(profile)
    assert sum(line.startswith("| swap and removal of the previous site |") for line in lines) == 1
    assert stage_table({"total_seconds": 1.0}) == []  # a profile from before stages were kept
