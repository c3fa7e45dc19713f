"""Benchmarks of the local service alone, outside its test suite: ``python -m bench.latency`` from imagebuilder-local/.

They measure and print; nothing here fails on a slow machine. Results go to ``bench/RESULTS.md``.
"""
