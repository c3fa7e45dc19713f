"""The errors the service answers with: API errors, with the HTTP status from the error shapes of botocore's
model, and refused admin requests."""

from __future__ import annotations

import functools

from botocore.model import OperationModel

from .botocore_model import service_model

# Codes AWS returns that the imagebuilder model does not declare, with their statuses.
GENERIC_STATUS = {
    "ThrottlingException": 400,
    "UnrecognizedClientException": 403,
    "ExpiredTokenException": 403,
    "InvalidSignatureException": 403,
    "MissingAuthenticationTokenException": 403,
    "IncompleteSignatureException": 403,
    "UnknownOperationException": 404,
    "SerializationException": 400,
    "RequestEntityTooLargeException": 413,
}


def status_for(code: str) -> int:
    """HTTP status of error ``code``: the model's ``error.httpStatusCode``, else AWS's generic one."""
    return model_error_statuses().get(code) or GENERIC_STATUS.get(code, 400)


@functools.cache
def model_error_statuses() -> dict[str, int]:
    """Every error shape of botocore's imagebuilder model, with its ``error.httpStatusCode``."""
    return {shp.name: int(shp.metadata.get("error", {}).get("httpStatusCode", 400))
            for shp in service_model().error_shapes}


class ServiceError(Exception):
    """An error response: ``x-amzn-ErrorType: code`` and body ``{"message": ...}``.

    ``fault`` names the injected behaviour that caused it (for the call log), if any.
    """

    def __init__(self, code: str, message: str, *, fault: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status_for(code)
        self.fault = fault


class AuthError(ServiceError):
    """A request refused for its credentials or signature (counted as an auth failure)."""


class AdminError(RuntimeError):
    """An admin request refused (by the endpoint, or seen so by the client); ``status`` is its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


def pick_error(op: OperationModel, *preferred: str) -> str:
    """The first of ``preferred`` error codes that ``op`` declares (else the last one given)."""
    declared = {e.name for e in op.error_shapes}
    for code in preferred:
        if code in declared:
            return code
    return preferred[-1]
