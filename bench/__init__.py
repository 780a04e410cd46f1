"""minipy benchmark suite: python -m bench (see README, section Benchmark)."""
