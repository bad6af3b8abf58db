"""The benchmark report compares sizes: per-item costs side by side and the linearity target."""

from __future__ import annotations

from passaparola.dev.bench import LINEAR_LIMIT, across_sizes


def figures(cold_ms: float, edit_ms: float, rss: float) -> dict:
    return {"results": {"cold": {"ms_per_item": cold_ms, "peak_rss_mb": rss},
                        "one_edit": {"ms_per_item": edit_ms, "peak_rss_mb": rss / 2}}}


def test_sizes_ten_times_apart_give_the_linearity_verdict():
    lines = across_sizes({"1000": figures(20.0, 4.0, 100), "10000": figures(30.0, 5.0, 900)})
    assert "| 10,000 | 30.0 | 5.0 | 900 |" in lines
    [target] = [line for line in lines if "(linear)" in line]
    assert "1.50 ×" in target and f"{LINEAR_LIMIT} ×" in target and target.endswith("| **no** |")


def test_one_size_alone_has_no_comparison():
    assert across_sizes({"1000": figures(20.0, 4.0, 100)}) == []
