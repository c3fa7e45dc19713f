"""botocore's ``imagebuilder`` service model: what the service serves, checks and answers by.

The model is the one published description of Image Builder's API that does not come from
the client under test: routes, input and output shapes, error codes with their HTTP
statuses, enums and the documentation of every member. It is read from botocore's data
once per process (one loader, one parsed model) and never changed.
"""

from __future__ import annotations

import functools

import botocore.loaders
from botocore.model import OperationModel, ServiceModel, Shape, StructureShape

SERVICE = "imagebuilder"


@functools.cache
def service_model() -> ServiceModel:
    """The parsed ``imagebuilder`` model of the installed botocore."""
    data = botocore.loaders.create_loader().load_service_model(SERVICE, "service-2")
    return ServiceModel(data, service_name=SERVICE)


def operation(name: str) -> OperationModel:
    """One operation's model, e.g. ``operation("CreateImage")``."""
    return service_model().operation_model(name)


def input_of(op: OperationModel) -> StructureShape:
    """The input structure of ``op`` (every Image Builder operation has one)."""
    shape = op.input_shape
    if shape is None:
        raise LookupError(f"{op.name} has no input shape")
    return shape


def shape(name: str) -> Shape:
    """A named shape, e.g. ``shape("ImageStatus")``."""
    return service_model().shape_for(name)


def enum(name: str) -> tuple[str, ...]:
    """The values of the string enum shape ``name``, in the model's order."""
    return tuple(shape(name).metadata.get("enum", ()))


def member_documentation(operation_name: str, member: str) -> str:
    """The documentation (HTML) of one input member of an operation."""
    return str(input_of(operation(operation_name)).members[member].documentation)
