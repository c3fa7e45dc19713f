"""``AdminClient``: a small urllib client for the service's ``/_emulator/`` admin endpoint."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from .errors import AdminError


class AdminClient:
    """Drives a running local Image Builder service from tests and tools."""

    def __init__(self, endpoint_url: str, timeout: float = 10.0) -> None:
        self.endpoint_url = endpoint_url.rstrip("/")
        self.timeout = timeout

    def _call(self, method: str, name: str, body: dict[str, Any] | None = None,
              query: dict[str, str] | None = None) -> Any:
        url = f"{self.endpoint_url}/_emulator/{name}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read()).get("error", exc.reason)
            except ValueError:
                message = str(exc.reason)
            raise AdminError(exc.code, message) from None

    def health(self) -> dict[str, Any]:
        """Region, account and time scale of the service."""
        return self._call("GET", "health")

    def reset(self) -> None:
        """Forget builds, tokens, tag changes, scenarios, added catalog entries, faults and the call log."""
        self._call("POST", "reset")

    def add_catalog(self, document: dict[str, Any]) -> list[str]:
        """Add catalog entries (a catalog document, as ``data/demo-catalog.json``); returns their ARNs."""
        return self._call("POST", "catalog", document)["arns"]

    def catalog_arns(self, region: str | None = None) -> list[str]:
        """ARNs of every catalog resource of ``region`` (default: the service's default region)."""
        return self._call("GET", "catalog", query=_region(region))["arns"]

    def set_scenario(self, scenario: dict[str, Any] | None, recipe_arn: str | None = None) -> None:
        """Scenario for later builds of ``recipe_arn``, or (no ARN) for the next build only.

        ``scenario`` is ``{"outcome": "succeed"|"fail"|"hang"|"cancel", "stage": ..., "reason": ...,
        "failureContext": {...}, "buildMinutes": ...}``; ``None`` clears.
        """
        self._call("POST", "scenario", {"scenario": scenario, "recipeArn": recipe_arn})

    def inject_fault(self, kind: str, operation: str = "*", *, count: int | None = None,
                     rate: float | None = None, seed: int | None = None, delay: float = 0.0,
                     message: str | None = None) -> dict[str, Any]:
        """Inject a fault into ``operation`` (``"*"``: every one); returns the rule.

        ``kind`` is an error code (any of :meth:`fault_kinds`: the model's errors such as
        ``CallRateLimitExceededException`` or ``AccessDeniedException``, and AWS's generic ones
        such as ``ThrottlingException``), ``reset`` or ``delay`` (``delay`` seconds).
        Without ``count`` or ``rate`` it hits the next call only.
        """
        body: dict[str, Any] = {"kind": kind, "operation": operation, "delay": delay}
        for key, value in (("count", count), ("rate", rate), ("seed", seed), ("message", message)):
            if value is not None:
                body[key] = value
        return self._call("POST", "faults", body)

    def inject_fault_mix(self, kinds: dict[str, float], operation: str = "*", *, seed: int | None = None,
                         count: int | None = None, delay: float = 0.0) -> dict[str, Any]:
        """Inject a mix: each call draws once and meets ``kind`` with probability ``kinds[kind]``.

        E.g. ``{"CallRateLimitExceededException": 0.15, "ThrottlingException": 0.15}`` throttles
        30 % of calls, half of them each way; ``delay`` is the seconds of a ``delay`` kind.
        """
        body: dict[str, Any] = {"kinds": kinds, "operation": operation, "delay": delay}
        for key, value in (("count", count), ("seed", seed)):
            if value is not None:
                body[key] = value
        return self._call("POST", "faults", body)

    def fault_kinds(self) -> dict[str, dict[str, Any]]:
        """Every fault kind: ``{"status": HTTP status or None, "message": default message}``."""
        return self._call("GET", "faults/kinds")["kinds"]

    def faults(self) -> list[dict[str, Any]]:
        """Fault rules still in force."""
        return self._call("GET", "faults")["faults"]

    def clear_faults(self, operation: str | None = None) -> None:
        """Remove every fault, or those of ``operation``."""
        self._call("DELETE", "faults", query={"operation": operation} if operation else None)

    def calls(self, operation: str | None = None) -> list[dict[str, Any]]:
        """The call log, oldest first."""
        return self._call("GET", "calls", query={"operation": operation} if operation else None)["calls"]

    def clear_calls(self) -> None:
        """Empty the call log and counters."""
        self._call("DELETE", "calls")

    def counters(self) -> dict[str, dict[str, Any]]:
        """Per operation: ``calls``, ``errors``, ``faults``, ``authFailures``, ``byCode``, ``faultsByKind``."""
        return self._call("GET", "counters")["counters"]

    def builds(self, region: str | None = None) -> list[dict[str, Any]]:
        """Every build of ``region`` (default: the service's default region): ``arn``, ``recipeArn``, ``status``."""
        return self._call("GET", "builds", query=_region(region))["builds"]

    def build_counts(self, tag: str = "imagebuild:urn", region: str | None = None) -> dict[str, Any]:
        """Build versions ``created`` (since the last reset, deleted ones included) and ``existing``, each as
        ``{"total", "byRecipe", "byImageVersion", "byTag"}``; ``byTag`` maps each value of ``tag`` to a count.
        Of ``region`` (default: the service's default region)."""
        return self._call("GET", "builds/counts", query={"tag": tag, **_region(region)})

    def set_build_status(self, arn: str, status: str, reason: str | None = None) -> None:
        """Out of band: make a build DELETED, DISABLED, DEPRECATED or AVAILABLE."""
        self._call("POST", "builds/status", {"arn": arn, "status": status, "reason": reason})

    def remove_build(self, arn: str) -> None:
        """Out of band: remove a build, so GetImage answers ResourceNotFoundException."""
        self._call("POST", "builds/status", {"arn": arn, "status": None})

    def add_credentials(self, access_key: str, secret_key: str, session_token: str | None = None) -> None:
        """Accept another access key; with ``session_token``, as temporary credentials valid only with it."""
        body = {"accessKeyId": access_key, "secretAccessKey": secret_key}
        if session_token is not None:
            body["sessionToken"] = session_token
        self._call("POST", "credentials", body)

    def set_not_found_after_create(self, seconds: float | None = None, calls: int | None = None) -> dict[str, Any]:
        """Make GetImage answer ResourceNotFoundException on builds created from now on, for ``seconds`` of
        service time after each started and/or its first ``calls`` GetImage calls; no arguments: off."""
        body = {k: v for k, v in (("seconds", seconds), ("calls", calls)) if v is not None}
        return self._call("POST", "not-found-after-create", body)

    def rotate_credentials(self, access_key: str, secret_key: str, session_token: str | None = None) -> None:
        """Accept only this key from now on: requests signed with any other are refused."""
        body = {"accessKeyId": access_key, "secretAccessKey": secret_key}
        if session_token is not None:
            body["sessionToken"] = session_token
        self._call("POST", "credentials/rotate", body)

    def issue_temporary_credentials(self, duration_seconds: float = 3600) -> dict[str, str]:
        """New temporary credentials: ``accessKeyId``, ``secretAccessKey``, ``sessionToken``, ``expiration``;
        after ``duration_seconds`` (real time) requests signed with them get ExpiredTokenException."""
        return self._call("POST", "credentials/temporary", {"durationSeconds": duration_seconds})

    def expire_credentials(self, access_key: str) -> None:
        """Make the temporary credentials of ``access_key`` expired now."""
        self._call("POST", "credentials/expire", {"accessKeyId": access_key})

    def credentials(self) -> list[dict[str, Any]]:
        """Accepted access key IDs: ``accessKeyId``, ``temporary``, ``expiration`` (no secrets)."""
        return self._call("GET", "credentials")["credentials"]

    def connections_accepted(self) -> int:
        """How many TCP connections the service has accepted (the admin client's own included)."""
        return self._call("GET", "connections")["accepted"]

    def time_scale(self) -> float:
        """Real seconds per modeled second."""
        return self._call("GET", "time-scale")["timeScale"]

    def set_time_scale(self, time_scale: float) -> None:
        """Change the speed of modeled time; builds in progress continue from where they are."""
        self._call("POST", "time-scale", {"timeScale": time_scale})

    def listing(self) -> dict[str, Any]:
        """How List operations order and cut their pages: ``shuffled``, ``shortPages``, ``seed``."""
        return self._call("GET", "listing")

    def set_listing(self, *, shuffled: bool = False, short_pages: bool = False, seed: int = 0) -> None:
        """Answer every List operation in a shuffled order and/or with pages shorter than asked (drawn from ``seed``),
        as the model allows: it documents no order, and "a page can contain fewer items than the maximum"."""
        self._call("POST", "listing", {"shuffled": shuffled, "shortPages": short_pages, "seed": seed})

    def violations(self) -> list[dict[str, Any]]:
        """Responses that did not validate against the model's output shape (should be none)."""
        return self._call("GET", "violations")["violations"]


def _region(region: str | None) -> dict[str, str]:
    """The query that names ``region`` to the admin API (none for the default region)."""
    return {"region": region} if region else {}
