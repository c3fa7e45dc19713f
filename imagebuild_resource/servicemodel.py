"""botocore's ``imagebuilder`` service model, read once per process.

Every part of the package that needs the model (the boto3 client factory, ``check()``'s
validation, the local service's routes and validation) gets it here: the data loader is
shared by all boto3 sessions, and the parsed model is cached. Neither holds credentials.
"""

from __future__ import annotations

import re
from functools import lru_cache

import botocore.loaders
from botocore.model import OperationModel, ServiceModel, Shape, StructureShape

SERVICE_NAME = "imagebuilder"


@lru_cache(maxsize=1)
def shared_loader() -> botocore.loaders.Loader:
    """The process's botocore data loader (it caches every file it reads)."""
    return botocore.loaders.create_loader()


@lru_cache(maxsize=1)
def service_model() -> ServiceModel:
    """The ``imagebuilder`` service model shipped with botocore (read-only)."""
    data = shared_loader().load_service_model(SERVICE_NAME, "service-2")
    return ServiceModel(data, service_name=SERVICE_NAME)


def operation_model(name: str) -> OperationModel:
    """The model of one operation, e.g. ``operation_model("CreateImage")``."""
    return service_model().operation_model(name)


def shape(name: str) -> Shape:
    """A named shape of the service model, e.g. ``shape("ImageStatus")``."""
    return service_model().shape_for(name)


def input_shape(op: OperationModel) -> StructureShape:
    """The input structure of ``op``; every Image Builder operation has one."""
    shape = op.input_shape
    assert shape is not None, op.name
    return shape


def largest_page(operation: str) -> int:
    """The largest ``maxResults`` a List ``operation`` takes, from its shape (ListImageBuildVersions: 100)."""
    return int(input_shape(operation_model(operation)).members["maxResults"].metadata["max"])


def enum_of(shape: Shape) -> list[str]:
    """The enum values of a string shape (empty when it has none)."""
    return list(shape.metadata.get("enum", []))


def partition_of(region: str) -> str | None:
    """The AWS partition of ``region`` (``aws``, ``aws-cn``, ``aws-us-gov``, ...) from botocore's endpoint data."""
    for partition in shared_loader().load_data("endpoints")["partitions"]:
        if region in partition.get("regions", {}) or re.match(partition["regionRegex"], region):
            return str(partition["partition"])
    return None
