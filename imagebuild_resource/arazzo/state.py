"""What calls answered and what a run has seen: the values every part of the runtime passes around."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Response:
    """One operation call's outcome: HTTP status, decoded body and headers.

    ``error_code``/``error_message`` are set when the call failed with a service error.
    """

    status_code: int
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    error_code: str | None = None
    error_message: str | None = None


@dataclass(frozen=True)
class Request:
    """The arguments of the call a step made, by location."""

    body: Any = None
    header: Mapping[str, Any] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    path: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class RunState:
    """What a run has seen so far: inputs, each step's outputs and last response."""

    inputs: Mapping[str, Any]
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    responses: dict[str, Response] = field(default_factory=dict)
