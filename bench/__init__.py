"""Benchmarks (`make bench`): figures to compare within one run, not tests.

Each module is runnable on its own (`python bench/bench_engine.py`) and importable: the flow
generators live in `bench.flowgen`, and every benchmark exposes functions that return numbers.
"""
