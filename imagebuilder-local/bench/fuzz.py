"""A longer, randomized HTTP fuzz of the local service: what ``tests/test_fuzz.py`` sends, on a fresh seed.

The test suite's fuzzing is derandomized (the same draws every run); this run draws anew, with a
seed it prints and records, so a failure it finds can be replayed (``--seed``) and then kept as
an ``@example`` of the test. Every request is held to what the tests hold it to (a 4xx, or a 200
for a valid call, AWS-shaped; never a 5xx, a dropped connection or a dead server); a request
that breaks it is counted and shown, and the run goes on. ``python -m bench.fuzz`` (from
imagebuilder-local/) rewrites its section of ``bench/RESULTS.md``; it exits 1 if any failed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from imagebuilder_local import ImageBuilderService
from imagebuilder_local.routes import OPERATIONS
from tests import fuzzing

from .results import rewrite_section, run_lines

SECTION = "Randomized HTTP fuzzing"
REQUESTS = {"any request": 6000, "signed calls": 6000, "admin requests": 1000}
"""Requests drawn per kind in one run (``--scale`` multiplies them)."""
SHOWN_FAILURES = 5
TIME_SCALE = 0.0004


@dataclass
class Tally:
    """Requests sent and failures met for one kind of request."""

    requests: int = 0
    failures: list[str] = field(default_factory=list)

    def run(self, send: Callable[..., None], **drawn: Any) -> None:
        self.requests += 1
        try:
            send(**drawn)
        except Exception as error:  # noqa: BLE001 - counted and shown, the run goes on
            self.failures.append(f"{type(error).__name__}: {str(error)[:200]} <- {_short(drawn)}")


def _short(drawn: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}"[:120] for k, v in drawn.items() if k != "service")


def fuzz(service: ImageBuilderService, counts: dict[str, int], run_seed: int) -> dict[str, Tally]:
    """Send ``counts`` drawn requests of each kind; what each met."""
    tallies = {kind: Tally() for kind in counts}

    def options(kind: str) -> Callable[[Any], Any]:
        return settings(max_examples=counts[kind], deadline=None, database=None, derandomize=False,
                        phases=[Phase.generate], suppress_health_check=list(HealthCheck))

    @seed(run_seed)
    @options("any request")
    @given(method=fuzzing.methods, path=fuzzing.paths, query=fuzzing.queries, headers=fuzzing.headers,
           body=fuzzing.bodies, framing=fuzzing.framings, sign=st.booleans())
    def any_request(**drawn: Any) -> None:
        tallies["any request"].run(fuzzing.send_any_request, service=service, **drawn)

    @seed(run_seed)
    @options("signed calls")
    @given(data=st.data(), operation=st.sampled_from(OPERATIONS))
    def signed_calls(data: Any, operation: str) -> None:
        tallies["signed calls"].run(fuzzing.send_signed_call, service=service, operation=operation,
                                    payload=data.draw(fuzzing.member_values(operation)),
                                    label=data.draw(fuzzing.labels))

    @seed(run_seed)
    @options("admin requests")
    @given(method=fuzzing.admin_methods, name=fuzzing.admin_names, body=fuzzing.bodies)
    def admin_requests(**drawn: Any) -> None:
        tallies["admin requests"].run(fuzzing.send_admin_request, service=service, **drawn)

    for run in (any_request, signed_calls, admin_requests):
        run()
    return tallies


def report(tallies: dict[str, Tally], run_seed: int, seconds: float) -> list[str]:
    """The lines of this benchmark's section of ``bench/RESULTS.md``."""
    lines = [*run_lines(seconds, "python -m bench.fuzz"), f"- Seed: {run_seed} (replay with `--seed {run_seed}`)", "",
             "| requests of the kind | requests | failures |", "|---|---|---|"]
    lines += [f"| {kind} | {tally.requests:,} | {len(tally.failures)} |" for kind, tally in tallies.items()]
    total = sum(t.requests for t in tallies.values())
    failed = sum(len(t.failures) for t in tallies.values())
    lines += [f"| all | {total:,} | {failed} |", "",
              "- A failure is an answer the tests refuse: a 5xx, no AWS-shaped error body, a dropped connection, "
              "or a service that no longer answers its health check.",
              "- What the suite sends (`tests/test_fuzz.py`) is the same strategies, derandomized; each failure found "
              "here becomes one of its `@example`s."]
    for kind, tally in tallies.items():
        lines += [f"- {kind}: {failure}" for failure in tally.failures[:SHOWN_FAILURES]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, help="replay a run (default: a new random seed)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the request counts")
    args = parser.parse_args(argv)
    run_seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    counts = {kind: max(1, int(n * args.scale)) for kind, n in REQUESTS.items()}
    began = time.perf_counter()
    with ImageBuilderService(time_scale=TIME_SCALE, check_signing_region=True) as service:
        tallies = fuzz(service, counts, run_seed)
        violations = service.api.violations()
    lines = report(tallies, run_seed, time.perf_counter() - began)
    if violations:
        lines.append(f"- responses that broke their output shape: {len(violations)}: {violations[:SHOWN_FAILURES]}")
    print("\n".join(lines))
    rewrite_section(SECTION, lines)
    return 1 if violations or any(t.failures for t in tallies.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
