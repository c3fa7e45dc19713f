"""Bind Arazzo operation calls to a boto3 client.

operationId → botocore operation (the service model's name, e.g. ``GetImage``) → boto3
method (``botocore.xform_name``: ``get_image``). Parameters (path/query/header) and
payload members become keyword arguments, matched by member name or by the member's wire
name (``locationName``); ``None`` values are omitted, never sent as null, so mutually
exclusive members can both be listed in a document. ``$statusCode`` is
``ResponseMetadata.HTTPStatusCode``; the body is the response without ``ResponseMetadata``.
A ``ClientError`` becomes a response with that error's status and the error document
``{"__type": code, "message": ...}`` as body. Throttling, 429 and 5xx errors, and
connection/timeout errors raise ``TransientCallError`` for the runner to retry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import botocore
from botocore.exceptions import (ClientError, ConnectionClosedError, ConnectTimeoutError,
                                 EndpointConnectionError, ParamValidationError, ReadTimeoutError)

from .errors import InputError, TransientCallError
from .state import Response

THROTTLING_CODES = frozenset({
    "ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException",
    "CallRateLimitExceededException", "RequestLimitExceeded", "SlowDown",
})
CONNECTION_ERRORS = (EndpointConnectionError, ConnectionClosedError, ReadTimeoutError, ConnectTimeoutError)


def drop_absent(value: Any) -> Any:
    """Remove ``None`` members from mappings, recursively."""
    if isinstance(value, Mapping):
        return {key: drop_absent(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [drop_absent(item) for item in value]
    return value


class Boto3Binding:
    """Calls operations on a boto3 client; callable as ``binding(operation_id, arguments)``."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.model = client.meta.service_model

    @property
    def operation_ids(self) -> list[str]:
        return list(self.model.operation_names)

    def argument_names(self, operation_id: str, names: list[str]) -> dict[str, str]:
        """Map document names (member or wire names) to the operation's member names."""
        members = self.model.operation_model(operation_id).input_shape.members
        by_wire = {shape.serialization.get("name", member): member for member, shape in members.items()}
        mapped = {}
        for name in names:
            member = name if name in members else by_wire.get(name)
            if member is None:
                raise InputError(f"{operation_id} has no input member {name!r}.")
            mapped[name] = member
        return mapped

    def __call__(self, operation_id: str, arguments: Mapping[str, Any]) -> Response:
        arguments = drop_absent(dict(arguments))
        names = self.argument_names(operation_id, list(arguments))
        kwargs = {names[name]: value for name, value in arguments.items()}
        method = getattr(self.client, botocore.xform_name(operation_id))
        try:
            result = method(**kwargs)
        except ClientError as exc:
            return self._error_response(operation_id, exc)
        except CONNECTION_ERRORS as exc:
            raise TransientCallError(operation_id, type(exc).__name__, str(exc), None) from exc
        except ParamValidationError as exc:
            raise InputError(f"{operation_id} arguments are invalid: {exc}") from None
        metadata = result.pop("ResponseMetadata", {})
        return Response(metadata.get("HTTPStatusCode", 200), result, dict(metadata.get("HTTPHeaders", {})))

    @staticmethod
    def _error_response(operation_id: str, exc: ClientError) -> Response:
        error = exc.response.get("Error", {})
        metadata = exc.response.get("ResponseMetadata", {})
        code, message = str(error.get("Code", "Unknown")), str(error.get("Message", ""))
        status = metadata.get("HTTPStatusCode")
        if code in THROTTLING_CODES or status == 429 or (isinstance(status, int) and status >= 500):
            raise TransientCallError(operation_id, code, message, status) from exc
        return Response(status if isinstance(status, int) else 400, {"__type": code, "message": message},
                        dict(metadata.get("HTTPHeaders", {})), code, message)
