"""The service's state (catalog, builds, tags, tokens) and the build state machine.

A build's status is computed from its start and the modeled clock each time it
is read; nothing runs in the background.
"""

from __future__ import annotations

import base64
import copy
import datetime
import hashlib
import json
import os
import re
import tempfile
import threading
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from .catalog import CatalogEntry, demo_document, parse_document
from .clock import VirtualClock
from .errors import ServiceError
from .scenarios import TERMINAL, Scenario, Timeline, default_reason, failure_context

DEFAULT_BUILD_MINUTES = 45.0
LIFECYCLE_MINUTES = 2.0
_FILTERS = {"name", "osVersion", "platform", "type", "buildType", "imageSource"}
_OVERRIDES = ("DELETED", "DISABLED", "DEPRECATED", "AVAILABLE")


@dataclass
class Build:
    """One image build version and what it was asked to do."""

    arn: str
    recipe_arn: str
    recipe_kind: str
    request: dict[str, Any]
    scenario: dict[str, Any]
    created: float
    start: float
    total: float
    tests_enabled: bool
    cancelled_at: float | None = None
    cancel_reason: str | None = None
    override: dict[str, Any] | None = None
    lifecycle_execution_id: str | None = None
    pending_update: dict[str, Any] | None = None
    tags: dict[str, str] = field(default_factory=dict)


class Backend:
    """All state of one service, guarded by one lock."""

    def __init__(self, region: str = "us-east-1", account: str = "123456789012",
                 clock: VirtualClock | None = None, build_minutes: float = DEFAULT_BUILD_MINUTES,
                 catalogs: list[dict[str, Any]] | None = None, state_file: str | None = None) -> None:
        self.region = region
        self.account = account
        self.clock = clock or VirtualClock()
        self.build_minutes = build_minutes
        self.state_file = state_file
        self._lock = threading.RLock()
        self._base_catalogs = [demo_document(), *(catalogs or [])]
        self._reset_state()
        if state_file and os.path.exists(state_file):
            self._load(state_file)

    # ----- admin -----------------------------------------------------------------

    def _reset_state(self) -> None:
        self.catalog: dict[str, CatalogEntry] = {}
        self.added_catalogs: list[dict[str, Any]] = []
        for doc in self._base_catalogs:
            self._install(doc)
        self.builds: dict[str, Build] = {}
        self.build_numbers: dict[str, int] = {}
        self.tags: dict[str, dict[str, str]] = {arn: dict(e.tags) for arn, e in self.catalog.items()}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.recipe_scenarios: dict[str, dict[str, Any]] = {}
        self.next_scenarios: list[dict[str, Any]] = []
        self.lifecycle: dict[str, dict[str, Any]] = {}

    def _install(self, doc: dict[str, Any]) -> list[str]:
        entries = parse_document(doc, self.region, self.account)
        for entry in entries:
            self.catalog[entry.arn] = entry
        return [e.arn for e in entries]

    def reset(self) -> None:
        """Forget every build, token, tag change, scenario and added catalog entry."""
        with self._lock:
            self._reset_state()
            self._save()

    def add_catalog(self, doc: dict[str, Any]) -> list[str]:
        """Add (or replace) catalog entries; returns their ARNs. Raises CatalogError."""
        with self._lock:
            arns = self._install(doc)
            for arn in arns:
                self.tags[arn] = dict(self.catalog[arn].tags)
            self.added_catalogs.append(doc)
            self._save()
            return arns

    def set_scenario(self, scenario: dict[str, Any] | None, recipe_arn: str | None = None) -> None:
        """Scenario for every later build of ``recipe_arn``, or for the next build (any recipe).

        ``None`` clears the recipe's scenario (or every queued next-build one).
        Raises ScenarioError, or KeyError for an unknown recipe.
        """
        parsed = Scenario.from_dict(scenario).to_dict() if scenario is not None else None
        with self._lock:
            if recipe_arn is None:
                if parsed is None:
                    self.next_scenarios.clear()
                else:
                    self.next_scenarios.append(parsed)
            else:
                if recipe_arn not in self.catalog:
                    raise KeyError(recipe_arn)
                if parsed is None:
                    self.recipe_scenarios.pop(recipe_arn, None)
                else:
                    self.recipe_scenarios[recipe_arn] = parsed
            self._save()

    def set_build_status(self, arn: str, status: str | None, reason: str | None = None) -> None:
        """Out of band: force a build's status (DELETED, DISABLED, DEPRECATED, AVAILABLE), or remove it (None)."""
        with self._lock:
            if arn not in self.builds:
                raise KeyError(arn)
            if status is None:
                del self.builds[arn]
            elif status not in _OVERRIDES:
                raise ValueError(f"status must be one of {_OVERRIDES}")
            else:
                self.builds[arn].override = {"status": status, "reason": reason or f"Image was {status.lower()} outside this client."}
            self._save()

    def builds_summary(self) -> list[dict[str, Any]]:
        """ARN, status and recipe of every build (for the admin endpoint)."""
        with self._lock:
            now = self.clock.now()
            return [{"arn": b.arn, "recipeArn": b.recipe_arn, "status": self._state(b, now)["status"]}
                    for b in self.builds.values()]

    # ----- operations ------------------------------------------------------------

    def create_image(self, params: dict[str, Any]) -> dict[str, Any]:
        """CreateImage: start a build; idempotent on ``clientToken``."""
        with self._lock:
            cached = self._idempotent("CreateImage", params)
            if cached:
                return cached
            image_recipe, container_recipe = params.get("imageRecipeArn"), params.get("containerRecipeArn")
            if bool(image_recipe) == bool(container_recipe):
                raise ServiceError("InvalidRequestException",
                                   "You must specify exactly one of imageRecipeArn and containerRecipeArn.")
            kind = "imageRecipes" if image_recipe else "containerRecipes"
            recipe = self._resolve_recipe(image_recipe or container_recipe, kind)
            self._catalog_entry(params["infrastructureConfigurationArn"], "infrastructureConfigurations")
            if params.get("distributionConfigurationArn"):
                self._catalog_entry(params["distributionConfigurationArn"], "distributionConfigurations")
            scenario = self._scenario_for(recipe)
            body = recipe.resource
            version_arn = f"arn:aws:imagebuilder:{self.region}:{self.account}:image/{body['name'].lower()}/{body['version']}"
            number = self.build_numbers.get(version_arn, 0) + 1
            self.build_numbers[version_arn] = number
            arn = f"{version_arn}/{number}"
            tests = params.get("imageTestsConfiguration", {}).get("imageTestsEnabled", True) is not False
            minutes = scenario.build_minutes or self.build_minutes
            request = {k: v for k, v in params.items() if k != "clientToken"}
            request[("imageRecipeArn" if image_recipe else "containerRecipeArn")] = recipe.arn
            self.builds[arn] = Build(
                arn=arn, recipe_arn=recipe.arn, recipe_kind=kind, request=copy.deepcopy(request),
                scenario=scenario.to_dict(), created=self.clock.real(), start=self.clock.now(),
                total=minutes * 60.0, tests_enabled=tests, tags=dict(params.get("tags") or {}),
            )
            response = {"requestId": _request_id(), "clientToken": params["clientToken"], "imageBuildVersionArn": arn}
            self._remember("CreateImage", params, response)
            self._save()
            return response

    def get_image(self, arn: str) -> dict[str, Any]:
        """GetImage: the build as the model's ``Image`` shape."""
        with self._lock:
            build = self._build(arn)
            return {"requestId": _request_id(), "image": self._image(build, self.clock.now())}

    def list_image_build_versions(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListImageBuildVersions, with filters and pagination."""
        with self._lock:
            now = self.clock.now()
            prefix = params.get("imageVersionArn")
            builds = [b for b in self.builds.values() if not prefix or b.arn.rsplit("/", 1)[0] == prefix]
            builds.sort(key=lambda b: (b.arn.rsplit("/", 1)[0], int(b.arn.rsplit("/", 1)[1])))
            summaries = [self._summary(b, now) for b in builds]
            for flt in params.get("filters") or []:
                name, values = flt.get("name"), flt.get("values") or []
                if name not in _FILTERS:
                    raise ServiceError("InvalidRequestException",
                                       f"The filter name '{name}' is not supported; use one of {sorted(_FILTERS)}.")
                summaries = [s for s in summaries if s.get(name) in values]
            start = _decode_token(params.get("nextToken"), prefix)
            size = params.get("maxResults") or 25
            page = summaries[start:start + size]
            out: dict[str, Any] = {"requestId": _request_id(), "imageSummaryList": page}
            if start + size < len(summaries):
                out["nextToken"] = _encode_token(start + size, prefix)
            return out

    def cancel_image_creation(self, params: dict[str, Any]) -> dict[str, Any]:
        """CancelImageCreation: only for a build that has not finished."""
        with self._lock:
            cached = self._idempotent("CancelImageCreation", params)
            if cached:
                return cached
            arn = params["imageBuildVersionArn"]
            build = self._build(arn)
            now = self.clock.now()
            status = self._state(build, now)["status"]
            if status in TERMINAL:
                raise ServiceError("InvalidRequestException",
                                   f"The image '{arn}' cannot be cancelled because its status is {status}; "
                                   "only images that are still being created can be cancelled.")
            build.cancelled_at = now
            build.cancel_reason = "Image creation was cancelled by a CancelImageCreation request."
            response = {"requestId": _request_id(), "clientToken": params["clientToken"], "imageBuildVersionArn": arn}
            self._remember("CancelImageCreation", params, response)
            self._save()
            return response

    def delete_image(self, arn: str) -> dict[str, Any]:
        """DeleteImage: removes the Image Builder image resource (not its AMIs) once finished."""
        with self._lock:
            build = self._build(arn)
            status = self._state(build, self.clock.now())["status"]
            if status not in TERMINAL:
                raise ServiceError("ResourceDependencyException",
                                   f"The image '{arn}' cannot be deleted while it is being created (status {status}). "
                                   "Cancel the image creation or wait until it finishes.")
            del self.builds[arn]
            self._save()
            return {"requestId": _request_id(), "imageBuildVersionArn": arn}

    def tag_resource(self, arn: str, tags: dict[str, str]) -> dict[str, Any]:
        """TagResource on a build or a catalog resource."""
        with self._lock:
            current = self._tags_of(arn)
            merged = {**current, **tags}
            if len(merged) > 50:
                raise ServiceError("InvalidParameterException", f"A resource can have at most 50 tags; '{arn}' would have {len(merged)}.")
            current.update(tags)
            self._save()
            return {}

    def untag_resource(self, arn: str, keys: list[str]) -> dict[str, Any]:
        """UntagResource."""
        with self._lock:
            current = self._tags_of(arn)
            for key in keys:
                current.pop(key, None)
            self._save()
            return {}

    def list_tags(self, arn: str) -> dict[str, Any]:
        """ListTagsForResource (``tags`` left out when empty: the model's TagMap has min 1)."""
        with self._lock:
            tags = self._tags_of(arn)
            return {"tags": dict(tags)} if tags else {}

    def start_resource_state_update(self, params: dict[str, Any]) -> dict[str, Any]:
        """StartResourceStateUpdate on a finished build; applied when its lifecycle execution succeeds."""
        with self._lock:
            cached = self._idempotent("StartResourceStateUpdate", params)
            if cached:
                return cached
            arn = params["resourceArn"]
            build = self._build(arn)
            now = self.clock.now()
            state = self._state(build, now)
            if state["status"] not in TERMINAL:
                raise ServiceError("ResourceInUseException",
                                   f"The image '{arn}' is still being created (status {state['status']}); "
                                   "its state can be updated once the build has finished.")
            status = params["state"].get("status")
            if not status:
                raise ServiceError("InvalidRequestException", "state.status is required.")
            start = now
            if params.get("updateAt") is not None:
                start = max(now, self.clock.modeled_after(_epoch(params["updateAt"]) - self.clock.real()))
            include = {k: bool(v) for k, v in (params.get("includeResources") or {}).items()}
            execution_id = f"lce-{uuid.uuid4()}"
            self.lifecycle[execution_id] = {
                "resourceArn": arn, "status": status, "include": include, "start": start,
                "end": start + LIFECYCLE_MINUTES * 60.0,
                "impacted": any(include.values()) and state["status"] != "FAILED",
            }
            build.lifecycle_execution_id = execution_id
            build.pending_update = {"executionId": execution_id, "status": status, "include": include,
                                    "at": self.lifecycle[execution_id]["end"]}
            response = {"lifecycleExecutionId": execution_id, "resourceArn": arn}
            self._remember("StartResourceStateUpdate", params, response)
            self._save()
            return response

    def get_lifecycle_execution(self, execution_id: str) -> dict[str, Any]:
        """GetLifecycleExecution: IN_PROGRESS until its modeled duration has passed, then SUCCESS."""
        with self._lock:
            execution = self.lifecycle.get(execution_id)
            if execution is None:
                raise ServiceError("ResourceNotFoundException", f"The lifecycle execution '{execution_id}' does not exist.")
            now = self.clock.now()
            done = now >= execution["end"]
            out: dict[str, Any] = {
                "lifecycleExecutionId": execution_id,
                "resourcesImpactedSummary": {"hasImpactedResources": bool(execution["impacted"])},
                "state": {"status": "SUCCESS" if done else "IN_PROGRESS"},
                "startTime": self._real_time(execution["start"]),
            }
            if done:
                out["endTime"] = self._real_time(execution["end"])
            return {"lifecycleExecution": out}

    def get_catalog_resource(self, arn: str, kind: str) -> dict[str, Any]:
        """The catalog resource ``arn`` of ``kind`` with its current tags."""
        with self._lock:
            entry = self._catalog_entry(arn, kind)
            return self._catalog_view(entry)

    # ----- internals -------------------------------------------------------------

    def _catalog_view(self, entry: CatalogEntry) -> dict[str, Any]:
        body = copy.deepcopy(entry.resource)
        tags = self.tags.get(entry.arn)
        if tags:
            body["tags"] = dict(tags)
        return body

    def _catalog_entry(self, arn: str, kind: str) -> CatalogEntry:
        entry = self.catalog.get(arn)
        if entry is None or entry.kind != kind:
            raise ServiceError("ResourceNotFoundException", f"The resource '{arn}' does not exist.")
        return entry

    def _resolve_recipe(self, arn: str, kind: str) -> CatalogEntry:
        if "x" not in arn.rsplit("/", 1)[-1]:
            return self._catalog_entry(arn, kind)
        base, wanted = arn.rsplit("/", 1)
        pattern = re.compile("^" + re.escape(wanted).replace("x", r"\d+") + "$")
        found = [e for a, e in self.catalog.items()
                 if e.kind == kind and a.rsplit("/", 1)[0] == base and pattern.match(a.rsplit("/", 1)[1])]
        if not found:
            raise ServiceError("ResourceNotFoundException", f"The resource '{arn}' does not exist.")
        return max(found, key=lambda e: tuple(int(p) for p in e.arn.rsplit("/", 1)[1].split(".")))

    def _scenario_for(self, recipe: CatalogEntry) -> Scenario:
        if self.next_scenarios:
            return Scenario.from_dict(self.next_scenarios.pop(0))
        if recipe.arn in self.recipe_scenarios:
            return Scenario.from_dict(self.recipe_scenarios[recipe.arn])
        return recipe.scenario or Scenario()

    def _build(self, arn: str) -> Build:
        build = self.builds.get(arn)
        if build is None:
            raise ServiceError("ResourceNotFoundException", f"The image '{arn}' does not exist.")
        return build

    def _tags_of(self, arn: str) -> dict[str, str]:
        if arn in self.builds:
            return self.builds[arn].tags
        if arn in self.catalog:
            return self.tags.setdefault(arn, {})
        raise ServiceError("ResourceNotFoundException", f"The resource '{arn}' does not exist.")

    def _idempotent(self, operation: str, params: dict[str, Any]) -> dict[str, Any] | None:
        token = params.get("clientToken")
        seen = self.tokens.get(f"{operation}:{token}")
        if seen is None:
            return None
        if seen["fingerprint"] != _fingerprint(params):
            raise ServiceError("IdempotentParameterMismatchException",
                               f"The client token '{token}' was already used with different parameters.")
        return {**seen["response"], **({"requestId": _request_id()} if "requestId" in seen["response"] else {})}

    def _remember(self, operation: str, params: dict[str, Any], response: dict[str, Any]) -> None:
        self.tokens[f"{operation}:{params['clientToken']}"] = {"fingerprint": _fingerprint(params), "response": response}

    def _natural_state(self, build: Build, now: float) -> dict[str, Any]:
        """The status the build reached by itself (cancel and scenario included)."""
        if build.cancelled_at is not None:
            return {"status": "CANCELLED", "reason": build.cancel_reason}
        scenario = Scenario.from_dict(build.scenario)
        timeline = Timeline.for_build(build.total, build.tests_enabled)
        elapsed = now - build.start
        if scenario.outcome == "fail" and elapsed >= timeline.end_of(scenario.stage):
            state = {"status": "FAILED", "reason": scenario.reason or default_reason(scenario.stage)}
            state["failureContext"] = scenario.failure_context or failure_context(
                scenario.stage, build.arn, self.region, self.account, self._regions(build))
            return state
        if scenario.outcome == "cancel" and elapsed >= timeline.end_of(scenario.stage):
            return {"status": "CANCELLED", "reason": scenario.reason or "Image creation was cancelled."}
        if scenario.outcome == "hang" and elapsed >= timeline.start_of(scenario.stage):
            return {"status": scenario.stage}
        return {"status": timeline.stage_at(max(elapsed, 0.0)) or "AVAILABLE"}

    def _state(self, build: Build, now: float) -> dict[str, Any]:
        natural = self._natural_state(build, now)
        if build.override:
            return {"status": build.override["status"], "reason": build.override["reason"]}
        update = build.pending_update
        if update and now >= update["at"] and natural["status"] in TERMINAL:
            return {"status": update["status"], "reason": f"Updated by lifecycle execution {update['executionId']}."}
        return natural

    def _regions(self, build: Build) -> list[str]:
        dist = self._distribution(build)
        return [d["region"] for d in dist.get("distributions", [])] if dist else [self.region]

    def _distribution(self, build: Build) -> dict[str, Any] | None:
        arn = build.request.get("distributionConfigurationArn")
        entry = self.catalog.get(arn) if arn else None
        return entry.resource if entry else None

    def _outputs(self, build: Build, now: float) -> dict[str, Any] | None:
        if self._natural_state(build, now)["status"] != "AVAILABLE":
            return None
        recipe = self.catalog.get(build.recipe_arn)
        name = recipe.resource["name"] if recipe else build.arn.split("/")[-3]
        number = build.arn.rsplit("/", 1)[1]
        build_date = _iso(build.created).replace(":", "-")
        dist = self._distribution(build)
        targets = dist["distributions"] if dist else [{"region": self.region}]
        removed = self._removed_resources(build, now)
        if build.recipe_kind == "containerRecipes":
            containers = []
            for target in targets:
                cdc = target.get("containerDistributionConfiguration")
                if dist and not cdc and target["region"] != self.region:
                    continue
                repo = (cdc or {}).get("targetRepository") or (recipe.resource.get("targetRepository") if recipe else None)
                repo_name = repo["repositoryName"] if repo else name
                tags = (cdc or {}).get("containerTags") or [f"{build.arn.split('/')[-2]}-{number}"]
                host = f"{self.account}.dkr.ecr.{target['region']}.amazonaws.com"
                containers.append({"region": target["region"], "imageUris": [f"{host}/{repo_name}:{t}" for t in tags]})
            return {"containers": [] if removed.get("containers") else containers}
        amis = []
        for target in targets:
            config = target.get("amiDistributionConfiguration") or {}
            for account in config.get("targetAccountIds") or [self.account]:
                ami_name = (config.get("name") or f"{name} {{{{imagebuilder:buildDate}}}}")
                ami_name = ami_name.replace("{{imagebuilder:buildDate}}", build_date).replace(
                    "{{imagebuilder:buildVersion}}", number)
                digest = hashlib.sha256(f"{build.arn}|{target['region']}|{account}".encode()).hexdigest()
                ami: dict[str, Any] = {
                    "region": target["region"], "image": f"ami-{digest[:17]}", "name": ami_name,
                    "description": config.get("description") or f"Image Builder image {name} {build.arn.split('/')[-2]}/{number}",
                    "accountId": account,
                    "state": ({"status": "DELETED", "reason": "Deregistered by a lifecycle execution."}
                              if removed.get("amis") else {"status": "AVAILABLE"}),
                }
                amis.append(ami)
        return {"amis": amis}

    def _removed_resources(self, build: Build, now: float) -> dict[str, bool]:
        update = build.pending_update
        if update and now >= update["at"] and update["status"] == "DELETED":
            return update["include"]
        return {}

    def _image(self, build: Build, now: float) -> dict[str, Any]:
        recipe = self.catalog.get(build.recipe_arn)
        recipe_body = self._catalog_view(recipe) if recipe else {"arn": build.recipe_arn}
        request = build.request
        image: dict[str, Any] = {
            "arn": build.arn,
            "type": "AMI" if build.recipe_kind == "imageRecipes" else "DOCKER",
            "name": recipe_body.get("name", build.arn.split("/")[-3]),
            "version": "/".join(build.arn.split("/")[-2:]),
            "platform": recipe_body.get("platform", "Linux"),
            "enhancedImageMetadataEnabled": request.get("enhancedImageMetadataEnabled", True),
            "osVersion": recipe.os_version if recipe else "Amazon Linux 2023",
            "state": self._state(build, now),
            "imageRecipe" if build.recipe_kind == "imageRecipes" else "containerRecipe": recipe_body,
            "imageTestsConfiguration": request.get("imageTestsConfiguration")
            or {"imageTestsEnabled": True, "timeoutMinutes": 720},
            "dateCreated": _iso(build.created),
            "buildType": "USER_INITIATED",
            "imageSource": "CUSTOM",
            "imageScanningConfiguration": request.get("imageScanningConfiguration") or {"imageScanningEnabled": False},
        }
        infra = self.catalog.get(request["infrastructureConfigurationArn"])
        if infra:
            image["infrastructureConfiguration"] = self._catalog_view(infra)
        dist_arn = request.get("distributionConfigurationArn")
        if dist_arn and dist_arn in self.catalog:
            image["distributionConfiguration"] = self._catalog_view(self.catalog[dist_arn])
        outputs = self._outputs(build, now)
        if outputs is not None:
            image["outputResources"] = outputs
        for key in ("workflows", "executionRole", "loggingConfiguration"):
            if request.get(key):
                image[key] = copy.deepcopy(request[key])
        if build.tags:
            image["tags"] = dict(build.tags)
        if build.lifecycle_execution_id:
            image["lifecycleExecutionId"] = build.lifecycle_execution_id
        return image

    def _summary(self, build: Build, now: float) -> dict[str, Any]:
        image = self._image(build, now)
        keep = ("arn", "name", "type", "version", "platform", "osVersion", "state", "dateCreated",
                "outputResources", "tags", "buildType", "imageSource", "lifecycleExecutionId", "loggingConfiguration")
        summary = {k: image[k] for k in keep if k in image}
        summary["owner"] = self.account
        return summary

    def _real_time(self, modeled: float) -> float:
        return self.clock.real() + (modeled - self.clock.now()) * self.clock.time_scale

    # ----- persistence -----------------------------------------------------------

    def _save(self) -> None:
        if not self.state_file:
            return
        doc = {
            "version": 1,
            "clock": self.clock.snapshot(),
            "addedCatalogs": self.added_catalogs,
            "builds": [asdict(b) for b in self.builds.values()],
            "buildNumbers": self.build_numbers,
            "tags": self.tags,
            "tokens": self.tokens,
            "recipeScenarios": self.recipe_scenarios,
            "nextScenarios": self.next_scenarios,
            "lifecycle": self.lifecycle,
        }
        directory = os.path.dirname(os.path.abspath(self.state_file))
        fd, tmp = tempfile.mkstemp(prefix=".imagebuilder-state-", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(doc, fh)
            os.replace(tmp, self.state_file)
        except BaseException:
            os.unlink(tmp)
            raise

    def _load(self, path: str) -> None:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        for added in doc.get("addedCatalogs", []):
            self._install(added)
            self.added_catalogs.append(added)
        self.clock.restore(doc["clock"])
        self.builds = {b["arn"]: Build(**b) for b in doc.get("builds", [])}
        self.build_numbers = doc.get("buildNumbers", {})
        self.tags.update(doc.get("tags", {}))
        self.tokens = doc.get("tokens", {})
        self.recipe_scenarios = doc.get("recipeScenarios", {})
        self.next_scenarios = doc.get("nextScenarios", [])
        self.lifecycle = doc.get("lifecycle", {})


def _request_id() -> str:
    return str(uuid.uuid4())


def _fingerprint(params: dict[str, Any]) -> str:
    return json.dumps(params, sort_keys=True, default=str)


def _iso(epoch: float) -> str:
    moment = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _epoch(value: Any) -> float:
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    return float(value)


def _encode_token(offset: int, prefix: str | None) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset, "p": prefix}).encode()).decode()


def _decode_token(token: str | None, prefix: str | None) -> int:
    if not token:
        return 0
    try:
        doc = json.loads(base64.urlsafe_b64decode(token.encode()))
        if doc["p"] == prefix and isinstance(doc["o"], int) and doc["o"] >= 0:
            return doc["o"]
    except (ValueError, KeyError, TypeError):
        pass
    raise ServiceError("InvalidPaginationTokenException", "The nextToken is not valid for this request.")
