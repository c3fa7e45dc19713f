"""Benchmarks of the ImageBuild resource, outside the test suite: ``make bench``.

They measure and print; nothing here fails on a slow machine. ``bench.run`` runs them all
and rewrites ``bench/RESULTS.md``. The local service's own benchmark is in imagebuilder-local/bench/.
"""
