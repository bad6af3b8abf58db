"""Developer tooling: benchmarks, the synthetic corpus, demo photos and the quality gates."""
