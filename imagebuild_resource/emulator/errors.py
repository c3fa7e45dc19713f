"""Service errors, with the HTTP status from the error shape of botocore's model."""

from __future__ import annotations

from botocore.model import OperationModel

from ..servicemodel import service_model

# Codes AWS returns that the imagebuilder model does not declare, with their statuses.
_GENERIC_STATUS = {
    "ThrottlingException": 400,
    "UnrecognizedClientException": 403,
    "InvalidSignatureException": 403,
    "MissingAuthenticationTokenException": 403,
    "IncompleteSignatureException": 403,
    "UnknownOperationException": 404,
    "SerializationException": 400,
}


def status_for(code: str) -> int:
    """HTTP status of error ``code``: the model's ``error.httpStatusCode``, else AWS's generic one."""
    for shp in service_model().error_shapes:
        if shp.name == code:
            return int(shp.metadata.get("error", {}).get("httpStatusCode", 400))
    return _GENERIC_STATUS.get(code, 400)


class ServiceError(Exception):
    """An error response: ``x-amzn-ErrorType: code`` and body ``{"message": ...}``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status_for(code)


def pick_error(op: OperationModel, *preferred: str) -> str:
    """The first of ``preferred`` error codes that ``op`` declares (else the last one given)."""
    declared = {e.name for e in op.error_shapes}
    for code in preferred:
        if code in declared:
            return code
    return preferred[-1]
