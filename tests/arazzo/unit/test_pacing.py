"""The poll schedule and transient back-off, with injected randomness."""

import random

import pytest

from imagebuild_resource.arazzo.pacing import BackoffPolicy, PacingPolicy, PollPacer, backoff_delay, poll_delay

POLICY = PacingPolicy(minimum=5, maximum=60, fast=10, factor=2, jitter=0.3, fast_statuses={"DISTRIBUTING"})


def test_slow_statuses_back_off_to_the_maximum():
    assert [poll_delay(POLICY, "BUILDING", n, 0.0) for n in range(7)] == [5, 10, 20, 40, 60, 60, 60]


def test_fast_statuses_poll_within_the_fast_interval():
    assert poll_delay(POLICY, "DISTRIBUTING", 9, 0.0) == 10
    assert poll_delay(POLICY, "DISTRIBUTING", 9, 0.999) == pytest.approx(7.003)


def test_jitter_only_shortens_and_never_reaches_zero():
    rng = random.Random(1)
    for _ in range(1000):
        status = rng.choice(["PENDING", "BUILDING", "DISTRIBUTING", None])
        delay = poll_delay(POLICY, status, rng.randrange(100), rng.random())
        assert 5 * 0.7 <= delay <= 60


def test_pacer_resets_the_streak_only_in_fast_statuses():
    pacer = PollPacer(POLICY, random.Random(0))
    pacer.rng.random = lambda: 0.0
    delays = [pacer.next_delay(s) for s in ["PENDING", "BUILDING", "TESTING", "DISTRIBUTING", "TESTING"]]
    assert delays == [5, 10, 20, 10, 5]


@pytest.mark.parametrize("kwargs", [dict(minimum=0), dict(minimum=70), dict(fast=0), dict(factor=0.5), dict(jitter=1)])
def test_invalid_policies_are_refused(kwargs):
    with pytest.raises(ValueError):
        PacingPolicy(**kwargs)


def test_backoff_is_exponential_with_equal_jitter_and_capped():
    policy = BackoffPolicy(base=1, maximum=30)
    assert [backoff_delay(policy, n, 0.0) for n in range(7)] == [0.5, 1, 2, 4, 8, 15, 15]
    assert backoff_delay(policy, 3, 0.999) == pytest.approx(7.996)
    assert backoff_delay(policy, 10_000, 0.5) == 22.5
