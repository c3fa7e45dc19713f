"""Test doubles: a fake clock, a cancel signal bound to it, and a scripted Image Builder client."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

import botocore.session
from botocore.exceptions import ClientError

SERVICE_MODEL = botocore.session.get_session().get_service_model("imagebuilder")
ARN = "arn:aws:imagebuilder:us-east-1:123456789012:image/demo/1.0.0/1"
RECIPE = "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/demo-al2023/1.0.0"
INFRA = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/demo-infra"


class FakeClock:
    """Manual time: ``wait`` advances it (and returns whether the cancel signal is set)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.t = start
        self.waits: list[float] = []
        self.on_wait: Callable[[float], None] | None = None

    def now(self) -> float:
        return self.t

    def wait(self, seconds: float, cancel: Any) -> bool:
        self.waits.append(seconds)
        self.t += seconds
        if self.on_wait:
            self.on_wait(self.t)
        return bool(cancel is not None and cancel.is_set())


class FakeCancel:
    """A cancel signal that never blocks (time is the fake clock's)."""

    def __init__(self) -> None:
        self.flag = False

    def set(self) -> None:
        self.flag = True

    def is_set(self) -> bool:
        return self.flag

    def wait(self, timeout: float | None = None) -> bool:
        return self.flag


def client_error(code: str, status: int, message: str = "boom") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message},
                        "ResponseMetadata": {"HTTPStatusCode": status, "HTTPHeaders": {}}}, "Op")


def image(status: str, reason: str | None = None) -> dict[str, Any]:
    state = {"status": status, **({"reason": reason} if reason else {})}
    return {"image": {"arn": ARN, "state": state, "outputResources": {"amis": []}}}


class FakeImageBuilder:
    """A boto3-shaped client whose GetImage answers follow a script.

    ``statuses`` items are a status string, a (status, reason) pair, or an exception to raise.
    The last item repeats. ``create`` items likewise script CreateImage (default: success).
    """

    def __init__(self, statuses: Iterable[Any], create: Iterable[Any] = (), cancel_to: str | None = "CANCELLED") -> None:
        self.meta = SimpleNamespace(service_model=SERVICE_MODEL)
        self.statuses, self.create = list(statuses), list(create)
        self.cancel_to = cancel_to
        self.calls: list[tuple[str, dict[str, Any]]] = []

    @staticmethod
    def _ok(body: dict[str, Any]) -> dict[str, Any]:
        return {**body, "ResponseMetadata": {"HTTPStatusCode": 200, "HTTPHeaders": {"x-amzn-requestid": "r"}}}

    def create_image(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("CreateImage", kwargs))
        item = self.create.pop(0) if self.create else None
        if isinstance(item, Exception):
            raise item
        return self._ok({"requestId": "r", "clientToken": kwargs.get("clientToken"), "imageBuildVersionArn": ARN})

    def get_image(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("GetImage", kwargs))
        item = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        if isinstance(item, Exception):
            raise item
        status, reason = item if isinstance(item, tuple) else (item, None)
        return self._ok(image(status, reason))

    def cancel_image_creation(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("CancelImageCreation", kwargs))
        if self.cancel_to:
            self.statuses = [self.cancel_to]
        return self._ok({"requestId": "r", "clientToken": kwargs["clientToken"], "imageBuildVersionArn": ARN})

    def count(self, operation: str) -> int:
        return sum(1 for name, _ in self.calls if name == operation)
