"""The REST-JSON protocol: request -> validated params -> backend call -> response or error."""

from __future__ import annotations

import datetime
import functools
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from botocore.model import OperationModel, Shape
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.wrappers import Request, Response

from . import botocore_model
from .auth import SigV4Verifier
from .calllog import CallLog
from .errors import AuthError, ServiceError, pick_error
from .faults import RESET, FaultInjector
from .keepalive import InjectedReset
from .models import Backend
from .regions import Regions
from .routes import match
from .validation import check_request, validate_output

log = logging.getLogger(__name__)


def _get(kind: str, member: str, key: str) -> Callable[[Backend, dict[str, Any]], dict[str, Any]]:
    def call(backend: Backend, params: dict[str, Any]) -> dict[str, Any]:
        return {"requestId": str(uuid.uuid4()), key: backend.get_catalog_resource(params[member], kind)}
    return call


HANDLERS: dict[str, Callable[[Backend, dict[str, Any]], dict[str, Any]]] = {
    "CreateImage": lambda b, p: b.create_image(p),
    "GetImage": lambda b, p: b.get_image(p["imageBuildVersionArn"]),
    "ListImageBuildVersions": lambda b, p: b.list_image_build_versions(p),
    "ListImages": lambda b, p: b.list_images(p),
    "CancelImageCreation": lambda b, p: b.cancel_image_creation(p),
    "RetryImage": lambda b, p: b.retry_image(p),
    "DistributeImage": lambda b, p: b.distribute_image(p),
    "DeleteImage": lambda b, p: b.delete_image(p["imageBuildVersionArn"]),
    "TagResource": lambda b, p: b.tag_resource(p["resourceArn"], p["tags"]),
    "UntagResource": lambda b, p: b.untag_resource(p["resourceArn"], p["tagKeys"]),
    "ListTagsForResource": lambda b, p: b.list_tags(p["resourceArn"]),
    "StartResourceStateUpdate": lambda b, p: b.start_resource_state_update(p),
    "GetLifecycleExecution": lambda b, p: b.get_lifecycle_execution(p["lifecycleExecutionId"]),
    "GetWorkflowExecution": lambda b, p: b.get_workflow_execution(p),
    "ListWorkflowExecutions": lambda b, p: b.list_workflow_executions(p),
    "ListWorkflowStepExecutions": lambda b, p: b.list_workflow_step_executions(p),
    "GetWorkflowStepExecution": lambda b, p: b.get_workflow_step_execution(p),
    "GetImageRecipe": _get("imageRecipes", "imageRecipeArn", "imageRecipe"),
    "GetContainerRecipe": _get("containerRecipes", "containerRecipeArn", "containerRecipe"),
    "GetInfrastructureConfiguration": _get(
        "infrastructureConfigurations", "infrastructureConfigurationArn", "infrastructureConfiguration"),
    "GetDistributionConfiguration": _get(
        "distributionConfigurations", "distributionConfigurationArn", "distributionConfiguration"),
    "CreateImagePipeline": lambda b, p: b.create_image_pipeline(p),
    "GetImagePipeline": lambda b, p: b.get_image_pipeline(p["imagePipelineArn"]),
    "ListImagePipelines": lambda b, p: b.list_image_pipelines(p),
    "UpdateImagePipeline": lambda b, p: b.update_image_pipeline(p),
    "DeleteImagePipeline": lambda b, p: b.delete_image_pipeline(p["imagePipelineArn"]),
    "StartImagePipelineExecution": lambda b, p: b.start_image_pipeline_execution(p),
    "ListImagePipelineImages": lambda b, p: b.list_image_pipeline_images(p),
}


class ApiHandler:
    """Serves Image Builder API requests, each against the :class:`Backend` of the region it is signed for."""

    def __init__(self, regions: Regions, verifier: SigV4Verifier | None, faults: FaultInjector,
                 calls: CallLog) -> None:
        self.regions = regions
        self.verifier = verifier
        self.faults = faults
        self.calls = calls
        self._violations: list[dict[str, Any]] = []
        self._violations_lock = threading.Lock()

    def violations(self) -> list[dict[str, Any]]:
        """Responses sent so far that did not validate against their output shape."""
        with self._violations_lock:
            return list(self._violations)

    def clear_violations(self) -> None:
        """Forget recorded output-shape violations."""
        with self._violations_lock:
            self._violations.clear()

    def __call__(self, request: Request) -> Response:
        try:
            operation, labels = match(request.path, request.method)
        except (NotFound, MethodNotAllowed):
            error = ServiceError("UnknownOperationException",
                                 f"No operation matches {request.method} {request.path}.")
            self.calls.record("Unknown", request.method, request.path, error.status, error.code)
            return _error(error)
        drawn = self.faults.draw(operation)
        if drawn.delay:
            time.sleep(drawn.delay)
        record = functools.partial(self.calls.record, operation, request.method, request.path, delayed=drawn.delay)
        if drawn.kind == RESET:
            record(None, None, RESET)
            raise InjectedReset(drawn.message)
        if drawn.kind is not None:
            error = ServiceError(drawn.kind, drawn.message)
            record(error.status, error.code, drawn.kind)
            return _error(error)
        try:
            body = self._handle(operation, labels, request)
        except ServiceError as exc:
            record(exc.status, exc.code, exc.fault, auth_failure=isinstance(exc, AuthError))
            return _error(exc)
        except Exception:  # a bug here must still answer as the service would
            log.exception("internal error in %s", operation)
            error = ServiceError("ServiceException", "An internal error occurred.")
            record(error.status, error.code)
            return _error(error)
        problems = validate_output(operation, body)
        if problems:
            with self._violations_lock:
                self._violations.append({"operation": operation, "problems": problems})
        record(200)
        return Response(json.dumps(body), 200, {"Content-Type": "application/json",
                                                "x-amzn-RequestId": str(uuid.uuid4())})

    def _handle(self, operation: str, labels: Mapping[str, Any], request: Request) -> dict[str, Any]:
        raw_body = request.get_data(cache=True)
        region = None  # without SigV4, the default region
        if self.verifier is not None:
            environ = request.environ
            raw_path = (environ.get("RAW_URI") or environ.get("REQUEST_URI") or request.path).split("?", 1)[0]
            region = self.verifier.verify(request.method, raw_path, environ.get("QUERY_STRING", ""),
                                          dict(request.headers), raw_body)
        op = botocore_model.operation(operation)
        params = _parse(op, labels, request, raw_body)
        check_request(op, params)
        return HANDLERS[operation](self.regions.backend(region), params)


def _parse(op: OperationModel, labels: Mapping[str, Any], request: Request, raw_body: bytes) -> dict[str, Any]:
    """Collect input members from the URI, query string, headers and JSON body."""
    shape = botocore_model.input_of(op)
    params: dict[str, Any] = {}
    body_members = {}
    bad = pick_error(op, "InvalidRequestException", "InvalidParameterException", "ClientException")
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if location == "uri":
            if wire in labels:
                params[name] = labels[wire]
        elif location == "querystring":
            if member.type_name == "list":
                values = request.args.getlist(wire)
                if values:
                    params[name] = values
            elif wire in request.args:
                params[name] = _scalar(member, request.args[wire], name, bad)
        elif location == "header":
            if wire in request.headers:
                params[name] = _scalar(member, request.headers[wire], name, bad)
        else:
            body_members[member.serialization.get("name", name)] = name
    if body_members and raw_body.strip():
        try:
            doc = json.loads(raw_body)
        except ValueError:
            raise ServiceError("SerializationException", "The request body is not valid JSON.") from None
        if not isinstance(doc, dict):
            raise ServiceError("SerializationException", "The request body must be a JSON object.")
        for wire, name in body_members.items():
            if wire in doc and doc[wire] is not None:
                params[name] = doc[wire]
    return params


def _scalar(member: Shape, text: str, name: str, code: str) -> Any:
    kind = member.type_name
    try:
        if kind in ("integer", "long"):
            return int(text)
        if kind == "boolean":
            if text not in ("true", "false"):
                raise ValueError(text)
            return text == "true"
        if kind == "timestamp":
            return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ServiceError(code, f"1 validation error detected: Value '{text}' at '{name}' "
                                 f"is not a valid {kind}.") from None
    return text


def _error(error: ServiceError) -> Response:
    return Response(json.dumps({"message": error.message}), error.status,
                    {"Content-Type": "application/json", "x-amzn-ErrorType": error.code,
                     "x-amzn-RequestId": str(uuid.uuid4())})
