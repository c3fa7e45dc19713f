"""Opaque ``nextToken`` values (an offset bound to the request's filters), and how pages are cut and ordered.

botocore's model documents a List operation's ``maxResults``: "If you don't specify a value,
Image Builder returns up to 25 items. ... A page can contain fewer items than the maximum, with
a nextToken to continue paging." It documents no order. By default the service answers full
pages in a stable order (our choice); the admin API's :class:`Listing` makes it answer in a
shuffled order, pages shorter than asked, or both, so that a client relying on more than the
documentation shows it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
from dataclasses import dataclass
from typing import Any

from ..errors import ServiceError

DEFAULT_PAGE_SIZE = 25
"""maxResults: 'If you don't specify a value, Image Builder returns up to 25 items.'"""

_IDENTITY_KEYS = ("arn", "workflowExecutionId", "stepExecutionId")


@dataclass
class Listing:
    """How every List operation orders and cuts its pages: ``shuffled`` (a fixed order drawn from ``seed``, the same
    for every page of a listing and unchanged by items added later), ``short_pages`` (each page 1 to maxResults long,
    drawn from ``seed`` and its offset)."""

    shuffled: bool = False
    short_pages: bool = False
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"shuffled": self.shuffled, "shortPages": self.short_pages, "seed": self.seed}

    def ordered(self, items: list[Any]) -> list[Any]:
        if not self.shuffled:
            return items
        return sorted(items, key=lambda item: hashlib.sha256(f"{self.seed}:{_identity(item)}".encode()).digest())

    def size(self, asked: int, scope: Any, start: int) -> int:
        if not self.short_pages:
            return asked
        return 1 + random.Random(f"{self.seed}:{json.dumps(scope, sort_keys=True, default=str)}:{start}").randrange(asked)


def _identity(item: Any) -> str:
    if isinstance(item, dict):
        key = next((k for k in _IDENTITY_KEYS if k in item), None)
        if key is not None:
            return str(item[key])
    return json.dumps(item, sort_keys=True, default=str)


def page(items: list[Any], params: dict[str, Any], scope: Any, listing: Listing | None = None,
         default_size: int = DEFAULT_PAGE_SIZE) -> tuple[list[Any], str | None]:
    """The page of ``items`` that ``params`` (``nextToken``, ``maxResults``) asks for, and the next token.

    ``scope`` is what a token is valid for (e.g. the ``imageVersionArn``); a token from another
    request is ``InvalidPaginationTokenException``.
    """
    listing = listing or Listing()
    start = _decode(params.get("nextToken"), scope)
    size = listing.size(params.get("maxResults") or default_size, scope, start)
    following = start + size
    ordered = listing.ordered(items)
    return ordered[start:following], (_encode(following, scope) if following < len(ordered) else None)


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
