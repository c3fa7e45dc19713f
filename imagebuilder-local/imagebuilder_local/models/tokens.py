"""Idempotency: responses remembered by operation and client token."""

from __future__ import annotations

import json
import uuid
from typing import Any

from ..errors import ServiceError


class ClientTokens:
    """The first response to each ``(operation, clientToken)``, with a fingerprint of its request."""

    def __init__(self, entries: dict[str, dict[str, Any]] | None = None) -> None:
        self._entries: dict[str, dict[str, Any]] = dict(entries or {})

    def replay(self, operation: str, params: dict[str, Any]) -> dict[str, Any] | None:
        """The remembered response to a repeated request (new ``requestId``), or None for a new token.

        The same token with other parameters is ``IdempotentParameterMismatchException``.
        """
        token = params.get("clientToken")
        seen = self._entries.get(f"{operation}:{token}")
        if seen is None:
            return None
        if seen["fingerprint"] != _fingerprint(params):
            raise ServiceError("IdempotentParameterMismatchException",
                               f"The client token '{token}' was already used with different parameters.")
        response = dict(seen["response"])
        if "requestId" in response:
            response["requestId"] = str(uuid.uuid4())
        return response

    def remember(self, operation: str, params: dict[str, Any], response: dict[str, Any]) -> None:
        """Keep ``response`` for later requests with the same token."""
        self._entries[f"{operation}:{params['clientToken']}"] = {
            "fingerprint": _fingerprint(params), "response": response}

    def to_json(self) -> dict[str, dict[str, Any]]:
        """The state file's form."""
        return dict(self._entries)


def _fingerprint(params: dict[str, Any]) -> str:
    return json.dumps(params, sort_keys=True, default=str)
