"""Finders and waiters, one function each (as terraform-provider-aws's imagebuilder package has them).

The one way to wait for something in Image Builder is :func:`wait_until`: paced by a
poll schedule, bounded by its sleeper (a budget and, where it should listen, the cancel
signal). The one way to cancel a build is :func:`cancel_build`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..arazzo.pacing import PacingPolicy, PollPacer
from ..arazzo.timing import Sleeper
from .caller import Caller, CallFailed, client_token
from .images import find_image, is_in_progress, status_of

T = TypeVar("T")


def wait_until(read: Callable[[], T], done: Callable[[T], bool], sleeper: Sleeper, pacing: PacingPolicy,
               status: Callable[[T], str | None] = lambda _: None) -> T:
    """Call ``read`` until ``done`` holds for its result, pausing on ``pacing`` (fed ``status``).

    Returns that result; the sleeper's DeadlineReached or CancelRequested ends the wait.
    """
    pacer = PollPacer(pacing)
    while True:
        value = read()
        if done(value):
            return value
        sleeper.sleep(pacer.next_delay(status(value)))


def cancel_build(caller: Caller, arn: str, sleeper: Sleeper,
                 observe: Callable[[dict[str, Any]], None] | None = None) -> str | None:
    """CancelImageCreation, then poll fast until the build stops running; returns the status it stopped in.

    CANCELLED when the cancel took effect, another finished status if the build ended
    first (a refused cancel is answered by the build's status), None if the build does
    not exist. Raises DeadlineReached when ``sleeper``'s budget runs out first,
    CancelRequested if it listens to the cancel signal, and TransientCallError or
    CallFailed when the service does not let the cancel be confirmed.
    """
    def read() -> dict[str, Any] | None:
        image = find_image(caller, arn, sleeper)
        if image is not None and observe is not None:
            observe(image)
        return image

    response = caller.call("CancelImageCreation", sleeper, imageBuildVersionArn=arn, clientToken=client_token())
    if response.error_code:
        image = read()
        if is_in_progress(status_of(image)):
            raise CallFailed("CancelImageCreation", response.error_code, response.error_message)
        return status_of(image)
    image = wait_until(read, lambda found: not is_in_progress(status_of(found)), sleeper,
                       caller.options.fast_pacing(), status_of)
    return status_of(image)


def wait_for_lifecycle_execution(caller: Caller, execution_id: str, sleeper: Sleeper) -> str:
    """Poll GetLifecycleExecution until it ends; returns its final status (SUCCESS, FAILED or CANCELLED)."""
    def read() -> str:
        response = caller.call("GetLifecycleExecution", sleeper, lifecycleExecutionId=execution_id)
        if response.error_code:
            raise CallFailed("GetLifecycleExecution", response.error_code, response.error_message)
        return str(response.body["lifecycleExecution"].get("state", {}).get("status", ""))

    return wait_until(read, lambda status: status in ("SUCCESS", "FAILED", "CANCELLED"), sleeper,
                      PacingPolicy(minimum=1.0, maximum=15.0, fast=15.0, factor=2.0, jitter=0.3))

