"""The one way to call Image Builder: a client, the wait limits, a clock and a cancel signal.

Every call of the package (the documents' steps, a cancel, a delete, a tag change, a
listing) goes through a :class:`Caller`, so every call has the same retry policy and every
client token is made in one place. Under the retry loop, each call also gets:

- **Fresh credentials.** When AWS rejects the credentials (they were rotated, or a
  temporary token expired), the client is made again once, which resolves the credential
  chain afresh (environment, shared files, profile), and the call is repeated. Wrong
  credentials therefore cost two calls before the error reaches the user.
- **The not-found grace after CreateImage.** Right after CreateImage, GetImage may briefly
  answer ResourceNotFoundException for the new build (eventual consistency). Our
  decision: for ``WaitOptions.not_found_grace_seconds`` after the create answered, and
  until a call has found the build once, such an answer about that build is a transient
  failure, retried with the retry loop's back-off; afterwards it is the answer.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import servicemodel
from ..arazzo.binding import Boto3Binding
from ..arazzo.errors import TransientCallError
from ..arazzo.retry import Retrier
from ..arazzo.state import Response
from ..arazzo.timing import CancelSignal, Clock, Sleeper, SystemClock
from .options import WaitOptions

NOT_FOUND = "ResourceNotFoundException"
"""The AWS error code of something (a build, a pipeline, a lifecycle execution) that does not exist."""

AUTH_ERROR_CODES = frozenset({
    "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException", "ExpiredToken",
    "InvalidClientTokenId", "SignatureDoesNotMatch",
})
"""AWS error codes that say the credentials were not accepted."""

CREATE_OPERATIONS = frozenset({"CreateImage"})
"""Operations whose answer names a new build that GetImage may not find at once."""


def client_token() -> str:
    """A fresh idempotency token: one per logical request, reused by that request's retries."""
    return str(uuid.uuid4())


class CallFailed(Exception):
    """An AWS error answer to a call that must succeed: ``code`` and ``message`` as AWS sent them."""

    def __init__(self, operation: str, code: str, message: str | None) -> None:
        super().__init__(operation, code, message)
        self.operation, self.code, self.message = operation, code, message

    def __str__(self) -> str:
        return f"{self.operation} failed: {self.code}: {self.message or 'no message'}"


class _Transport:
    """One call to Image Builder through boto3, with fresh credentials and the not-found grace."""

    def __init__(self, client: Any, clock: Clock, grace_seconds: float,
                 renew_client: Callable[[], Any] | None) -> None:
        self.binding = Boto3Binding(client)
        self.clock, self.grace, self.renew_client = clock, grace_seconds, renew_client
        self.created: dict[str, float] = {}
        self.renewals = 0

    def __call__(self, operation: str, arguments: Mapping[str, Any]) -> Response:
        response = self.binding(operation, arguments)
        if response.error_code in AUTH_ERROR_CODES and self.renew_client is not None:
            self.binding = Boto3Binding(self.renew_client())
            self.renewals += 1
            response = self.binding(operation, arguments)
        if operation in CREATE_OPERATIONS and response.error_code is None:
            self.created[str(response.body.get("imageBuildVersionArn"))] = self.clock.now()
        arn = arguments.get("imageBuildVersionArn")
        if isinstance(arn, str) and arn in self.created:
            if response.error_code == NOT_FOUND and self.clock.now() - self.created[arn] < self.grace:
                raise TransientCallError(operation, NOT_FOUND, response.error_message or "not found yet",
                                         response.status_code)
            if response.error_code is None:  # seen once, it does not go out of sight again
                del self.created[arn]
        return response


@dataclass
class Caller:
    """``client`` is a boto3 ``imagebuilder`` client; ``cancel`` ends waits that should listen to it.

    ``renew_client`` makes a new client when AWS rejects the credentials.
    """

    client: Any
    options: WaitOptions = field(default_factory=WaitOptions)
    cancel: CancelSignal | None = None
    clock: Clock = field(default_factory=SystemClock)
    renew_client: Callable[[], Any] | None = None

    def __post_init__(self) -> None:
        self.rng = random.Random(self.options.random_seed)
        self.transport = _Transport(self.client, self.clock, self.options.not_found_grace_seconds, self.renew_client)
        self.retrier = Retrier(self.transport, self.options.backoff(), self.rng)

    @property
    def region(self) -> str | None:
        """The region the client calls."""
        return self.transport.binding.client.meta.region_name

    def sleeper(self, budget_seconds: float | None = None, *, listen: bool = True) -> Sleeper:
        """A sleeper that stops after ``budget_seconds`` and, if ``listen``, on the cancel signal."""
        cancel = self.cancel if listen else None
        if budget_seconds is None:
            return Sleeper(self.clock, cancel)
        return Sleeper(self.clock).within(budget_seconds, cancel)

    def call(self, operation: str, sleeper: Sleeper | None = None, **params: Any) -> Response:
        """Call ``operation`` with retries; an AWS error comes back as a Response with ``error_code`` set.

        Raises ``TransientCallError`` when the retry budget is spent, and the sleeper's
        ``CancelRequested`` / ``DeadlineReached`` when a back-off is cut short.
        """
        return self.retrier(operation, params, sleeper or self.sleeper())

    def must(self, operation: str, **params: Any) -> dict[str, Any]:
        """The body of a call that must succeed; raises CallFailed on an AWS error answer."""
        response = self.call(operation, **params)
        if response.error_code:
            raise CallFailed(operation, response.error_code, response.error_message)
        return dict(response.body or {})

    def once(self, operation: str, **params: Any) -> Response:
        """One call, never retried (for reads that may fail without consequence)."""
        return self.transport(operation, params)

    def pages(self, operation: str, key: str, *, max_pages: int | None = None, **params: Any) -> Pages:
        """The items under ``key`` of each page of a List ``operation``, following ``nextToken``.

        Each page is the largest the model allows (its ``maxResults`` maximum) unless ``params``
        say otherwise. Reads at most ``max_pages`` pages (then the result's ``truncated`` is
        true); raises CallFailed on an AWS error answer.
        """
        if "maxResults" in servicemodel.input_shape(servicemodel.operation_model(operation)).members:
            params.setdefault("maxResults", servicemodel.largest_page(operation))
        return Pages(self, operation, key, max_pages, params)


@dataclass
class Pages:
    """The items of a List operation's pages, read as they are iterated (see :meth:`Caller.pages`)."""

    caller: Caller
    operation: str
    key: str
    max_pages: int | None
    params: dict[str, Any]
    truncated: bool = False
    """Whether the last iteration stopped at ``max_pages`` with pages left unread."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        token: str | None = None
        read = 0
        self.truncated = False
        while True:
            body = self.caller.must(self.operation, **self.params, nextToken=token)
            read += 1
            yield from body.get(self.key) or []
            token = body.get("nextToken")
            if not token:
                return
            if self.max_pages is not None and read >= self.max_pages:
                self.truncated = True
                return
