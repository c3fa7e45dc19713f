"""The service's side of shape validation: requests refused the way AWS refuses them, responses checked.

The walk itself is :func:`imagebuild_resource.shapes.findings`; this module chooses the error
code and words the findings AWS-style. A value of the wrong JSON type is a
``SerializationException`` (the body could not be read as the model says); a missing member
or an unknown one is the operation's invalid-request error; a value that breaks a constraint
(length, range, enum, pattern) is its invalid-parameter error. Each message lists every
violation: ``2 validation errors detected: ...; ...``.
"""

from __future__ import annotations

from typing import Any

from botocore.model import OperationModel

from imagebuild_resource.shapes import Finding, aws_message, findings
from . import botocore_model
from .errors import ServiceError, pick_error


def check_request(op: OperationModel, params: dict[str, Any]) -> None:
    """Raise :class:`ServiceError` unless ``params`` fit the operation's input shape."""
    found = list(findings(params, botocore_model.input_of(op)))
    wrong_type = [f for f in found if f.rule == "type"]
    if wrong_type:
        raise ServiceError("SerializationException", aws_message(wrong_type[0]))
    if not found:
        return
    if any(f.rule in ("required", "unknown") for f in found):
        code = pick_error(op, "InvalidRequestException", "InvalidParameterException", "ClientException")
    else:
        code = pick_error(op, "InvalidParameterException", "InvalidParameterValueException")
    raise ServiceError(code, validation_message(found))


def validation_message(found: list[Finding]) -> str:
    """``1 validation error detected: ...`` for one finding, ``N validation errors detected: ...; ...`` for more."""
    count = len(found)
    return f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(aws_message(f) for f in found)


def validate_output(operation: str, body: dict[str, Any]) -> list[str]:
    """Every way the JSON ``body`` of an ``operation`` response breaks its output shape."""
    out = botocore_model.operation(operation).output_shape
    if out is None:
        return [] if not body else ["operation has no output shape but a body was returned"]
    return [aws_message(f) for f in findings(body, out)]
