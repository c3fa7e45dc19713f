"""The admin endpoint under ``/_emulator/`` (JSON, unauthenticated): state, scenarios, faults, logs."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Request, Response

from .auth import SigV4Verifier
from .calllog import CallLog
from .catalog_documents import CatalogError
from .errors import AdminError
from .faults import FaultInjector, describe_kinds
from .keepalive import ConnectionCounter
from .models import Backend
from .models.counts import DEFAULT_TAG
from .models.pagination import Listing
from .regions import Regions
from .responses import ApiHandler
from .scenarios import ScenarioError

PREFIX = "/_emulator/"


class AdminApi:
    """Routes ``/_emulator/<name>`` by method to the service's parts (``regions`` may be replaced: a restart).

    What a region holds (builds, catalog, scenarios, pipelines, listing) is the default region's
    unless the query names another: ``?region=eu-west-1``.
    """

    def __init__(self, regions: Regions, faults: FaultInjector, calls: CallLog, api: ApiHandler,
                 verifier: SigV4Verifier, connections: ConnectionCounter) -> None:
        self.regions, self.faults, self.calls, self.api, self.verifier = regions, faults, calls, api, verifier
        self._routes: dict[tuple[str, str], Callable[[Request, Any], Any]] = {
            ("GET", "health"): lambda r, b: {"ok": True, "region": self.regions.default,
                                             "regions": self.regions.names(),
                                             "account": self.backend.account,
                                             "timeScale": self.backend.clock.time_scale},
            ("GET", "connections"): lambda r, b: {"accepted": connections.count},
            ("POST", "reset"): self._reset,
            ("GET", "catalog"): lambda r, b: {"arns": self._backend(r).catalog.arns()},
            ("POST", "catalog"): self._add_catalog,
            ("POST", "scenario"): self._scenario,
            ("GET", "faults"): lambda r, b: {"faults": faults.rules()},
            ("GET", "faults/kinds"): lambda r, b: {"kinds": describe_kinds()},
            ("POST", "faults"): self._inject,
            ("DELETE", "faults"): self._clear_faults,
            ("GET", "calls"): lambda r, b: {"calls": calls.entries(r.args.get("operation"))},
            ("DELETE", "calls"): self._clear_calls,
            ("GET", "counters"): lambda r, b: {"counters": calls.counters()},
            ("GET", "builds"): lambda r, b: {"builds": self._backend(r).builds_summary()},
            ("GET", "builds/counts"): lambda r, b: self._backend(r).build_counts(r.args.get("tag") or DEFAULT_TAG),
            ("POST", "builds/status"): self._build_status,
            ("GET", "time-scale"): lambda r, b: {"timeScale": self.backend.clock.time_scale},
            ("POST", "time-scale"): self._time_scale,
            ("GET", "credentials"): lambda r, b: {"credentials": verifier.describe()},
            ("POST", "credentials"): self._add_credentials,
            ("POST", "credentials/rotate"): self._rotate_credentials,
            ("POST", "credentials/temporary"): self._temporary_credentials,
            ("POST", "credentials/expire"): self._expire_credentials,
            ("GET", "not-found-after-create"): lambda r, b: self._backend(r).not_found_after_create.to_dict(),
            ("POST", "not-found-after-create"): self._not_found_after_create,
            ("GET", "listing"): lambda r, b: self._backend(r).listing.to_dict(),
            ("POST", "listing"): self._listing,
            ("GET", "violations"): lambda r, b: {"violations": api.violations()},
            ("DELETE", "violations"): self._clear_violations,
        }

    @property
    def backend(self) -> Backend:
        """The default region's backend."""
        return self.regions.backend()

    def _backend(self, request: Request) -> Backend:
        """The backend of the region the query names (``?region=``), else the default region's."""
        return self.regions.backend(request.args.get("region") or None)

    def _backend_of(self, arn: str) -> Backend:
        """The backend of the region an ARN names (``arn:aws:imagebuilder:REGION:...``)."""
        parts = arn.split(":")
        return self.regions.backend(parts[3] if len(parts) > 3 and parts[3] else None)

    def endpoints(self) -> list[tuple[str, str]]:
        """Every ``(method, name)`` it serves, ``name`` under ``/_emulator/``."""
        return list(self._routes)

    def __call__(self, request: Request) -> Response:
        name = request.path[len(PREFIX):].strip("/")
        handler = self._routes.get((request.method, name))
        if handler is None:
            return _json({"error": f"no admin route {request.method} {request.path}"}, 404)
        try:
            body = json.loads(request.get_data() or b"null")
            if body is not None and not isinstance(body, dict):
                raise AdminError(400, "the body must be a JSON object")
            return _json(handler(request, body or {}), 200)
        except (ValueError, TypeError) as exc:  # JSON, catalog, scenario and argument errors
            return _json({"error": str(exc)}, 400)
        except AdminError as exc:
            return _json({"error": exc.message}, exc.status)

    def _reset(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        for backend in self.regions.all():
            backend.reset()
        self.faults.clear()
        self.calls.clear()
        self.api.clear_violations()
        return {}

    def _clear_faults(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        self.faults.clear(request.args.get("operation"))
        return {}

    def _clear_calls(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        self.calls.clear()
        return {}

    def _clear_violations(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        self.api.clear_violations()
        return {}

    def _add_catalog(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        try:
            return {"arns": self._backend(request).add_catalog(body)}
        except CatalogError as exc:
            raise AdminError(400, f"invalid catalog: {exc}") from None

    def _scenario(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        try:
            self._backend(request).set_scenario(body.get("scenario"), body.get("recipeArn"))
        except ScenarioError as exc:
            raise AdminError(400, f"invalid scenario: {exc}") from None
        except KeyError as exc:
            raise AdminError(404, f"unknown recipe {exc.args[0]}") from None
        return {}

    def _inject(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        unknown = set(body) - {"operation", "kind", "kinds", "count", "rate", "seed", "delay", "message"}
        if unknown or ("kind" in body) == ("kinds" in body):
            raise AdminError(400, "a fault needs 'kind' or 'kinds' and may have operation, count, rate, seed, "
                                  "delay, message")
        return self.faults.add(body.get("operation", "*"), body.get("kind"), count=body.get("count"),
                               rate=body.get("rate"), seed=body.get("seed"), delay=body.get("delay", 0.0),
                               message=body.get("message"), kinds=body.get("kinds"))

    def _build_status(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(body.get("arn"), str):
            raise AdminError(400, "'arn' is required")
        try:
            self._backend_of(body["arn"]).set_build_status(body["arn"], body.get("status"), body.get("reason"))
        except KeyError:
            raise AdminError(404, f"unknown build {body['arn']}") from None
        return {}

    def _add_credentials(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        self.verifier.add(*_credentials(body))
        return {}

    def _rotate_credentials(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        self.verifier.rotate(*_credentials(body))
        return {}

    def _temporary_credentials(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        duration = body.get("durationSeconds", 3600)
        if set(body) - {"durationSeconds"} or isinstance(duration, bool) or not isinstance(duration, (int, float)) \
                or duration <= 0:
            raise AdminError(400, "the body may have 'durationSeconds', a positive number")
        return self.verifier.issue_temporary(float(duration))

    def _expire_credentials(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        access_key = body.get("accessKeyId")
        if not isinstance(access_key, str):
            raise AdminError(400, "'accessKeyId' is required")
        try:
            self.verifier.expire(access_key)
        except KeyError:
            raise AdminError(404, f"no temporary credentials with access key {access_key}") from None
        return {}

    def _not_found_after_create(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        if set(body) - {"seconds", "calls"}:
            raise AdminError(400, "the body may have 'seconds' (service seconds) and 'calls'")
        return self._backend(request).not_found_after_create.configure(self.backend.clock.now(),
                                                                       body.get("seconds"),
                                                             body.get("calls"))

    def _listing(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        flags, seed = {k: body.get(k, False) for k in ("shuffled", "shortPages")}, body.get("seed", 0)
        if set(body) - {"shuffled", "shortPages", "seed"} or not all(isinstance(v, bool) for v in flags.values()) \
                or isinstance(seed, bool) or not isinstance(seed, int):
            raise AdminError(400, "the body may have 'shuffled' and 'shortPages' (true or false) and 'seed' (an integer)")
        backend = self._backend(request)
        backend.listing = Listing(flags["shuffled"], flags["shortPages"], seed)
        return backend.listing.to_dict()

    def _time_scale(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        scale = body.get("timeScale")
        if isinstance(scale, bool) or not isinstance(scale, (int, float)) or scale <= 0:
            raise AdminError(400, "'timeScale' must be a positive number")
        self.backend.set_time_scale(float(scale))
        return {"timeScale": float(scale)}


def _credentials(body: dict[str, Any]) -> tuple[str, str, str | None]:
    """``accessKeyId``, ``secretAccessKey`` and the optional ``sessionToken`` of an admin request."""
    access_key, secret_key, token = body.get("accessKeyId"), body.get("secretAccessKey"), body.get("sessionToken")
    if not (isinstance(access_key, str) and access_key and isinstance(secret_key, str) and secret_key):
        raise AdminError(400, "'accessKeyId' and 'secretAccessKey' are required strings")
    if token is not None and not (isinstance(token, str) and token):
        raise AdminError(400, "'sessionToken' must be a non-empty string")
    return access_key, secret_key, token


def _json(body: Any, status: int) -> Response:
    return Response(json.dumps(body), status, {"Content-Type": "application/json"})
