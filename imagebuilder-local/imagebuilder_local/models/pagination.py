"""Opaque ``nextToken`` values: an offset bound to the request's filters."""

from __future__ import annotations

import base64
import json
from typing import Any

from ..errors import ServiceError


def page(items: list[Any], params: dict[str, Any], scope: Any, default_size: int = 25) -> tuple[list[Any], str | None]:
    """The page of ``items`` that ``params`` (``nextToken``, ``maxResults``) asks for, and the next token.

    ``scope`` is what a token is valid for (e.g. the ``imageVersionArn``); a token from another
    request is ``InvalidPaginationTokenException``.
    """
    start = _decode(params.get("nextToken"), scope)
    size = params.get("maxResults") or default_size
    following = start + size
    return items[start:following], (_encode(following, scope) if following < len(items) else None)


def _encode(offset: int, scope: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset, "p": scope}).encode()).decode()


def _decode(token: str | None, scope: Any) -> int:
    if not token:
        return 0
    try:
        doc = json.loads(base64.urlsafe_b64decode(token.encode()))
        if doc["p"] == scope and isinstance(doc["o"], int) and doc["o"] >= 0:
            return int(doc["o"])
    except (ValueError, KeyError, TypeError):
        pass
    raise ServiceError("InvalidPaginationTokenException", "The nextToken is not valid for this request.")
