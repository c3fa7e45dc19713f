"""``make bench``: run every benchmark of the product, print a summary, rewrite ``bench/RESULTS.md``.

Benchmark 6 (:mod:`bench.load`) drives the real Pulumi CLI: ``make bench`` puts the pinned
one on PATH (``scripts/pulumi-env.sh``). Benchmark 2, the local service's calls per second,
belongs to the service: imagebuilder-local/bench/ (``python -m bench.latency`` there).
"""

from __future__ import annotations

import datetime
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

from . import load, polling, preview, resume, steps, waiting
from .common import Table

RESULTS = Path(__file__).with_name("RESULTS.md")
BENCHMARKS: tuple[tuple[str, Callable[[], Table]], ...] = (
    ("polling", polling.run), ("waiting", waiting.run), ("preview", preview.run),
    ("steps", steps.run), ("load", load.run), ("resume", resume.run))


def machine() -> str:
    """Cores, OS and Python version, with nothing that names this machine."""
    return (f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
            f"{platform.python_implementation()} {platform.python_version()}")


def report(tables: list[Table], seconds: float) -> str:
    """The Markdown record."""
    header = ["# Benchmark results", "",
              f"- Date: {datetime.date.today().isoformat()}",
              f"- Machine: {machine()}",
              f"- Total run time: {seconds:.0f} s (`make bench`, i.e. `python -m bench.run`)",
              "- Benchmark 2 (the local service's calls per second) is the service's own now: "
              "imagebuilder-local/bench/RESULTS.md (`python -m bench.latency` there).", ""]
    return "\n".join(header) + "\n" + "\n".join(t.markdown() for t in tables)


def main() -> None:
    """Run all benchmarks in order, printing each table as it is done."""
    began, tables = time.perf_counter(), []
    for name, bench in BENCHMARKS:
        started = time.perf_counter()
        table = bench()
        tables.append(table)
        print(table.markdown())
        print(f"({name}: {time.perf_counter() - started:.1f} s)\n", flush=True)
    RESULTS.write_text(report(tables, time.perf_counter() - began), encoding="utf-8")
    print(f"Wrote {RESULTS.name} in {RESULTS.parent.name}/")


if __name__ == "__main__":
    main()
