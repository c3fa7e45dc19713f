"""The service's backend: one method per operation over the resource models, under one lock.

A build's status is computed from its start and the modeled clock each time it is read;
nothing runs in the background.
"""

from __future__ import annotations

import copy
import datetime
import threading
import uuid
from collections.abc import Callable
from typing import Any

from .. import botocore_model
from ..catalog_documents import arn_name, shipped_documents
from ..clock import VirtualClock
from ..errors import ServiceError
from ..scenarios import Scenario
from ..statuses import AVAILABLE, DELETED, FAILED, TERMINAL, is_in_progress
from . import images, versions
from .builds import Build, Site, StateChange, check_build_request, image_tests_configuration
from .catalog import Catalog
from .consistency import NotFoundAfterCreate, not_found
from .counts import DEFAULT_TAG, CreatedBuild, tally
from .filters import matches_filter
from .lifecycle import (LIFECYCLE_MINUTES, LifecycleExecution, check_role_with_resources, check_state_update,
                        runs_in_background)
from .pagination import Listing, page
from .pipelines import Pipeline, PipelineOperations
from .resumes import ResumeOperations
from .tags import TagStore
from .tokens import ClientTokens
from .workflow_executions import WorkflowExecutionOperations
from .workflow_schedule import plan

DEFAULT_BUILD_MINUTES = 45.0


class Backend(PipelineOperations, ResumeOperations, WorkflowExecutionOperations):
    """All state of one region of the service, guarded by one lock, handed to ``save`` after each change.

    ``saved`` is a state ``save`` was given before (a restart's); ``save`` is called under the lock.
    """

    def __init__(self, region: str = "us-east-1", account: str = "123456789012",
                 clock: VirtualClock | None = None, build_minutes: float = DEFAULT_BUILD_MINUTES,
                 catalogs: list[dict[str, Any]] | None = None, saved: dict[str, Any] | None = None,
                 save: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.region = region
        self.account = account
        self.clock = clock or VirtualClock()
        self.build_minutes = build_minutes
        self._save_to = save
        self._lock = threading.RLock()
        self._base_catalogs = [*shipped_documents(), *(catalogs or [])]
        self._reset_state()
        if saved is not None:
            self._restore(saved)

    def _reset_state(self) -> None:
        self.tags = TagStore()
        self.catalog = Catalog(self.region, self.account, self.tags)
        for doc in self._base_catalogs:
            self.catalog.install(doc)
        self.site = Site(self.region, self.account, self.catalog, self.tags)
        self.added_catalogs: list[dict[str, Any]] = []
        self.builds: dict[str, Build] = {}
        self.build_numbers: dict[str, int] = {}
        self.tokens = ClientTokens()
        self.recipe_scenarios: dict[str, dict[str, Any]] = {}
        self.next_scenarios: list[dict[str, Any]] = []
        self.lifecycle: dict[str, LifecycleExecution] = {}
        self.not_found_after_create = NotFoundAfterCreate()
        self.listing = Listing()
        self.created: list[CreatedBuild] = []
        self.pipelines: dict[str, Pipeline] = {}
        for doc in self._base_catalogs:
            self.install_pipelines(doc)

    # ----- admin -----------------------------------------------------------------

    def reset(self) -> None:
        """Forget every build, token, tag change, scenario, added catalog entry and the not-found window."""
        with self._lock:
            self._reset_state()
            self._save()

    def close(self) -> None:
        """Stop saving (the service is going away; a request still running is lost)."""
        with self._lock:
            self._save_to = None

    def set_time_scale(self, time_scale: float) -> None:
        """Change the speed of modeled time, and save the clock so a restart continues it."""
        with self._lock:
            self.clock.set_time_scale(time_scale)
            self._save()

    def add_catalog(self, doc: dict[str, Any]) -> list[str]:
        """Add (or replace) catalog entries; returns their ARNs. Raises CatalogError."""
        with self._lock:
            arns = self.catalog.install(doc) + self.install_pipelines(doc)
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
                if self.catalog.find(recipe_arn) is None:
                    raise KeyError(recipe_arn)
                if parsed is None:
                    self.recipe_scenarios.pop(recipe_arn, None)
                else:
                    self.recipe_scenarios[recipe_arn] = parsed
            self._save()

    def set_build_status(self, arn: str, status: str | None, reason: str | None = None) -> None:
        """Out of band: force a build's status (one of the model's ``ResourceStatus``), or remove it (None)."""
        allowed = botocore_model.enum("ResourceStatus")
        with self._lock:
            if arn not in self.builds:
                raise KeyError(arn)
            if status is None:
                self._remove_build(arn)
            elif status not in allowed:
                raise ValueError(f"status must be one of {', '.join(allowed)}")
            else:
                self.builds[arn].changes.append(StateChange(
                    at=self.clock.now(), status=status, forced=True,
                    reason=reason or f"Image was {status.lower()} outside this client."))
            self._save()

    def builds_summary(self) -> list[dict[str, Any]]:
        """ARN, status and recipe of every build (for the admin endpoint)."""
        with self._lock:
            now = self.clock.now()
            return [{"arn": b.arn, "recipeArn": b.recipe_arn, "status": b.status(now, self.site)}
                    for b in self.builds.values()]

    def build_counts(self, tag: str = DEFAULT_TAG) -> dict[str, Any]:
        """Build versions ever created (since the last reset) and those that exist, counted per recipe,
        per image version and per value of ``tag`` (tags at creation for the first, current for the second)."""
        with self._lock:
            existing = [(b.arn, b.recipe_arn, self.tags.of(b.arn)) for b in self.builds.values()]
            return {"tag": tag, "created": tally(((c.arn, c.recipe_arn, c.tags) for c in self.created), tag),
                    "existing": tally(existing, tag)}

    # ----- operations ------------------------------------------------------------

    def create_image(self, params: dict[str, Any]) -> dict[str, Any]:
        """CreateImage: start a build; idempotent on ``clientToken``."""
        with self._lock:
            replayed = self.tokens.replay("CreateImage", params)
            if replayed:
                return replayed
            check_build_request(params)
            image_recipe, container_recipe = params.get("imageRecipeArn"), params.get("containerRecipeArn")
            kind = "imageRecipes" if image_recipe else "containerRecipes"
            recipe = self.catalog.resolve_recipe(str(image_recipe or container_recipe), kind)
            self.catalog.get(params["infrastructureConfigurationArn"], "infrastructureConfigurations")
            if params.get("distributionConfigurationArn"):
                self.catalog.get(params["distributionConfigurationArn"], "distributionConfigurations")
            scenario = self._scenario_for(recipe.arn, recipe.scenario)
            body = recipe.resource
            version_arn = (f"arn:aws:imagebuilder:{self.region}:{self.account}:image/"
                           f"{arn_name(body['name'])}/{body['version']}")
            number = self.build_numbers.get(version_arn, 0) + 1
            self.build_numbers[version_arn] = number
            arn = f"{version_arn}/{number}"
            request = {k: v for k, v in params.items() if k not in ("clientToken", "tags")}
            request["imageRecipeArn" if image_recipe else "containerRecipeArn"] = recipe.arn
            request["imageTestsConfiguration"] = image_tests_configuration(params.get("imageTestsConfiguration"))
            tests = request["imageTestsConfiguration"]["imageTestsEnabled"] is not False
            workflows = plan(self.catalog, kind, params.get("workflows"))
            self.builds[arn] = Build(
                arn=arn, recipe_arn=recipe.arn, recipe_kind=kind, request=copy.deepcopy(request),
                scenario=scenario.to_dict(), created=self.clock.real(), start=self.clock.now(),
                total=(scenario.build_minutes or self.build_minutes) * 60.0, tests_enabled=tests, workflows=workflows)
            self.tags.add_resource(arn, params.get("tags"))
            self.created.append(CreatedBuild(arn, recipe.arn, dict(params.get("tags") or {})))
            response = {"requestId": _request_id(), "clientToken": params["clientToken"], "imageBuildVersionArn": arn}
            self.tokens.remember("CreateImage", params, response)
            self._save()
            return response

    def get_image(self, arn: str) -> dict[str, Any]:
        """GetImage: the build as the model's ``Image`` shape; a version ARN resolves to a build.

        botocore's model documents ``imageBuildVersionArn`` as: "A version or wildcard ARN resolves
        to the latest matching build version that has reached AVAILABLE status. Builds that were
        later deprecated, disabled, or deleted don't resolve."
        """
        with self._lock:
            now = self.clock.now()
            if _is_build_arn(arn):
                build = self._build(arn)
                self.not_found_after_create.check(arn, build.start, now)
            else:
                build = self._latest_available(arn, now)
            return {"requestId": _request_id(), "image": build.image(now, self.site)}

    def list_image_build_versions(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListImageBuildVersions, with filters and pagination."""
        with self._lock:
            now = self.clock.now()
            prefix = params.get("imageVersionArn")
            builds = [b for b in self.builds.values() if not prefix or b.version_arn == prefix]
            builds.sort(key=lambda b: (b.version_arn, b.number))
            summaries = [b.summary(now, self.site) for b in builds]
            for flt in params.get("filters") or []:
                summaries = [s for s in summaries if matches_filter(s, flt.get("name", ""), flt.get("values") or [],
                                                                    "ListImageBuildVersions")]
            shown, following = page(summaries, params, prefix, self.listing)
            out: dict[str, Any] = {"requestId": _request_id(), "imageSummaryList": shown}
            if following:
                out["nextToken"] = following
            return out

    def list_images(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListImages (see :mod:`.images`)."""
        with self._lock:
            return {"requestId": _request_id(),
                    **images.list_images(self.builds.values(), self.clock.now(), self.site, params, self.listing)}

    def cancel_image_creation(self, params: dict[str, Any]) -> dict[str, Any]:
        """CancelImageCreation: only for a build still in progress; the build stops a little later.

        botocore's model: "This operation can only be used on images in a non-terminal state."
        The cancel is asynchronous, as documented (:meth:`.builds.Build.request_cancel`).
        """
        with self._lock:
            replayed = self.tokens.replay("CancelImageCreation", params)
            if replayed:
                return replayed
            arn = params["imageBuildVersionArn"]
            build = self._build(arn)
            now = self.clock.now()
            status = build.status(now, self.site)
            if not is_in_progress(status):
                raise ServiceError("InvalidRequestException",
                                   f"The image '{arn}' cannot be cancelled because its status is {status}; "
                                   "only images that are still being created can be cancelled.")
            build.request_cancel(now, self.site, "Image creation was cancelled by a CancelImageCreation request.")
            response = {"requestId": _request_id(), "clientToken": params["clientToken"], "imageBuildVersionArn": arn}
            self.tokens.remember("CancelImageCreation", params, response)
            self._save()
            return response

    def delete_image(self, arn: str) -> dict[str, Any]:
        """DeleteImage: removes the Image Builder image resource (not its AMIs) once it has finished.

        botocore's model: "This does not delete any EC2 AMIs or ECR container images", and the
        request "fails while the image build is still running" (``ResourceDependencyException``,
        the code it names for images other resources depend on: our choice for this case too).
        """
        with self._lock:
            status = self._build(arn).status(self.clock.now(), self.site)
            if status not in TERMINAL:
                raise ServiceError("ResourceDependencyException",
                                   f"The image '{arn}' cannot be deleted while it is being created (status {status}). "
                                   "Cancel the image creation or wait until it finishes.")
            self._remove_build(arn)
            self._save()
            return {"requestId": _request_id(), "imageBuildVersionArn": arn}

    def tag_resource(self, arn: str, tags: dict[str, str]) -> dict[str, Any]:
        """TagResource on a build or a catalog resource."""
        with self._lock:
            self.tags.tag(arn, tags)
            self._save()
            return {}

    def untag_resource(self, arn: str, keys: list[str]) -> dict[str, Any]:
        """UntagResource."""
        with self._lock:
            self.tags.untag(arn, keys)
            self._save()
            return {}

    def list_tags(self, arn: str) -> dict[str, Any]:
        """ListTagsForResource (``tags`` left out when empty: the model's TagMap has min 1)."""
        with self._lock:
            if not self.tags.knows(arn):
                raise ServiceError("ResourceNotFoundException", f"The resource '{arn}' does not exist.")
            tags = self.tags.of(arn)
            return {"tags": tags} if tags else {}

    def start_resource_state_update(self, params: dict[str, Any]) -> dict[str, Any]:
        """StartResourceStateUpdate on a finished build: at once, or as a lifecycle execution."""
        with self._lock:
            replayed = self.tokens.replay("StartResourceStateUpdate", params)
            if replayed:
                return replayed
            check_role_with_resources(params)
            arn = params["resourceArn"]
            build = self._build(arn)
            now = self.clock.now()
            current = build.status(now, self.site)
            if current not in TERMINAL:
                raise ServiceError("ResourceInUseException",
                                   f"The image '{arn}' is still being created (status {current}); "
                                   "its state can be updated once the build has finished.")
            target = params["state"].get("status")
            if not target:
                raise ServiceError("InvalidRequestException", "state.status is required.")
            include = {k: bool(v) for k, v in (params.get("includeResources") or {}).items()}
            scheduled = params.get("updateAt") is not None
            check_state_update(arn, current, build.recipe_kind == "containerRecipes", target, include, scheduled)
            response: dict[str, Any] = {"resourceArn": arn}
            if runs_in_background(include, scheduled):
                response["lifecycleExecutionId"] = self._start_lifecycle(build, current, target, include, params)
            else:
                build.changes.append(StateChange(
                    at=now, status=target, reason="Updated by a StartResourceStateUpdate request."))
            self.tokens.remember("StartResourceStateUpdate", params, response)
            self._save()
            return response

    def get_lifecycle_execution(self, execution_id: str) -> dict[str, Any]:
        """GetLifecycleExecution."""
        with self._lock:
            execution = self.lifecycle.get(execution_id)
            if execution is None:
                raise ServiceError("ResourceNotFoundException",
                                   f"The lifecycle execution '{execution_id}' does not exist.")
            return {"lifecycleExecution": execution.render(self.clock)}

    def get_catalog_resource(self, arn: str, kind: str) -> dict[str, Any]:
        """The catalog resource ``arn`` of ``kind`` with its current tags."""
        with self._lock:
            entry = self.catalog.get(arn, kind)
            return entry.render(self.tags.of(arn))

    # ----- internals -------------------------------------------------------------

    def _scenario_for(self, recipe_arn: str, recipe_scenario: Scenario | None) -> Scenario:
        if self.next_scenarios:
            return Scenario.from_dict(self.next_scenarios.pop(0))
        if recipe_arn in self.recipe_scenarios:
            return Scenario.from_dict(self.recipe_scenarios[recipe_arn])
        return recipe_scenario or Scenario()

    def _build(self, arn: str) -> Build:
        build = self.builds.get(arn)
        if build is None:
            raise not_found(arn)
        return build

    def _start_lifecycle(self, build: Build, current: str, target: str, include: dict[str, bool],
                         params: dict[str, Any]) -> str:
        """Start a lifecycle execution that sets ``target`` when it ends; returns its ID."""
        now = self.clock.now()
        if any(e.resource_arn == build.arn and not e.is_done(now) for e in self.lifecycle.values()):
            # The operation's documentation: "If a request that starts a lifecycle execution arrives while
            # the image already has one in progress, Image Builder rejects it."
            raise ServiceError("ResourceInUseException",
                               f"The image '{build.arn}' already has a lifecycle execution in progress.")
        end = now + LIFECYCLE_MINUTES * 60.0
        if params.get("updateAt") is not None:
            when = _epoch(params["updateAt"])
            if when <= self.clock.real():
                raise ServiceError("InvalidRequestException", "updateAt must be a time in the future.")
            end = self.clock.modeled_after(when - self.clock.real())
        execution = LifecycleExecution(
            id=f"lce-{uuid.uuid4()}", resource_arn=build.arn, status=target, include=include, start=now,
            end=end, impacted=any(include.values()) and current != FAILED)
        self.lifecycle[execution.id] = execution
        build.lifecycle_execution_id = execution.id
        build.changes.append(StateChange(
            at=execution.end, status=target, reason=f"Updated by lifecycle execution {execution.id}.",
            removed=include if target == DELETED else {}))
        return execution.id

    def _latest_available(self, version_arn: str, now: float) -> Build:
        image, wanted = version_arn.rsplit("/", 1)
        versions.check_wildcards(wanted, version_arn)
        found = [b for b in self.builds.values()
                 if b.version_arn.rsplit("/", 1)[0] == image and versions.matches(wanted, b.semantic_version)
                 and b.status(now, self.site) == AVAILABLE]
        if not found:
            raise ServiceError("ResourceNotFoundException",
                               f"No AVAILABLE image build version matches '{version_arn}'.")
        return max(found, key=lambda b: (versions.sort_key(b.semantic_version), b.number))

    def _remove_build(self, arn: str) -> None:
        del self.builds[arn]
        self.tags.remove_resource(arn)

    # ----- persistence -----------------------------------------------------------

    def _save(self) -> None:
        if self._save_to is None:
            return
        self._save_to({
            "clock": self.clock.snapshot(),
            "addedCatalogs": self.added_catalogs,
            "builds": [b.to_json() for b in self.builds.values()],
            "buildNumbers": self.build_numbers,
            "tags": self.tags.to_json(),
            "tokens": self.tokens.to_json(),
            "recipeScenarios": self.recipe_scenarios,
            "nextScenarios": self.next_scenarios,
            "lifecycle": {i: e.to_json() for i, e in self.lifecycle.items()},
            "created": [c.to_json() for c in self.created],
            "pipelines": [p.to_json() for p in self.pipelines.values()],
        })

    def _restore(self, doc: dict[str, Any]) -> None:
        for added in doc.get("addedCatalogs", []):
            self.catalog.install(added)
            self.added_catalogs.append(added)
        self.clock.restore(doc["clock"])
        self.builds = {b["arn"]: Build.from_json(b) for b in doc.get("builds", [])}
        self.build_numbers = doc.get("buildNumbers", {})
        self.tags.restore(doc.get("tags", {}))
        self.tokens = ClientTokens(doc.get("tokens", {}))
        self.recipe_scenarios = doc.get("recipeScenarios", {})
        self.next_scenarios = doc.get("nextScenarios", [])
        self.lifecycle = {i: LifecycleExecution(**e) for i, e in doc.get("lifecycle", {}).items()}
        self.created = [CreatedBuild(**c) for c in doc.get("created", [])]
        if "pipelines" in doc:
            self.restore_pipelines(doc["pipelines"])


def _is_build_arn(arn: str) -> bool:
    """True for ``.../image/NAME/1.0.0/1``, false for a version ARN ``.../image/NAME/1.0.0`` or ``x.x.x``."""
    return arn.count("/") >= 3


def _request_id() -> str:
    return str(uuid.uuid4())


def _epoch(value: Any) -> float:
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    return float(value)
