"""Image build versions: a build knows its status at any modeled time and renders itself."""

from __future__ import annotations

import copy
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ..clock import iso_time
from ..errors import ServiceError
from ..scenarios import STAGE_NAMES, BuildTimeline, Scenario, default_reason, failure_context
from ..statuses import AVAILABLE, BUILD_ENDS, CANCELLED, DELETED, FAILED, is_in_progress
from . import outputs
from .catalog import Catalog
from .tags import TagStore
from .workflow_schedule import failed_step, failure_continues

TEST_TIMEOUT_MINUTES = 720
CANCEL_SECONDS = 30.0
"""Modeled seconds between a CancelImageCreation and the CANCELLED status (our choice: "asynchronous", no time given)."""
_SUMMARY_KEYS = ("arn", "name", "type", "version", "platform", "osVersion", "state", "dateCreated",
                 "outputResources", "tags", "buildType", "imageSource", "lifecycleExecutionId",
                 "loggingConfiguration")


def timeline_stages(timeline: BuildTimeline) -> tuple[str, ...]:
    """The names of the stages a timeline runs."""
    return tuple(name for name, _, _ in timeline.stages)


def image_tests_configuration(given: dict[str, Any] | None) -> dict[str, Any]:
    """The stored ``imageTestsConfiguration``: tests enabled and a 720-minute timeout unless given.

    botocore's model documents both defaults: ``imageTestsEnabled`` "Defaults to true", and
    ``timeoutMinutes`` "If you don't specify a value, Image Builder stores and returns 720."
    """
    return {"imageTestsEnabled": True, "timeoutMinutes": TEST_TIMEOUT_MINUTES, **(given or {})}


LOG_NAMESPACE = "/aws/imagebuilder/"
_WORKFLOW_TYPE = re.compile(r":workflow/(build|test|distribution)/")
_ECR_REGISTRY = re.compile(r"^[0-9]{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/")


def check_build_request(params: dict[str, Any]) -> None:
    """Refuse a CreateImage request that botocore's model documents as invalid (InvalidRequestException).

    Each rule quotes the sentence it enforces; what the request alone cannot show (IAM permissions,
    Amazon Inspector's activation, an ECR repository's existence) is not checked. The code and the
    messages are ours.
    """
    def refuse(why: str) -> None:
        raise ServiceError("InvalidRequestException", why)

    # CreateImage: "You must specify exactly one recipe for your image, using either a containerRecipeArn or an
    # imageRecipeArn."
    if bool(params.get("imageRecipeArn")) == bool(params.get("containerRecipeArn")):
        refuse("You must specify exactly one of imageRecipeArn and containerRecipeArn.")
    role = params.get("executionRole")
    # workflows: "If you specify workflows, they replace the default workflows ..., and you must also provide an
    # executionRole." executionRole: "This property is required if you specify workflows."
    if params.get("workflows") and not role:
        refuse("executionRole is required when workflows are given.")
    for position, workflow in enumerate(params.get("workflows") or [], start=1):
        kind = _WORKFLOW_TYPE.search(str(workflow.get("workflowArn", "")))
        if kind and kind.group(1) != "test":
            # parallelGroup: "This field only applies for test workflows." onFailure: "You can only set this
            # property for test workflows."
            for member in ("parallelGroup", "onFailure"):
                if workflow.get(member) is not None:
                    refuse(f"workflows.{position}.{member} can only be set for test workflows; "
                           f"'{workflow['workflowArn']}' is a {kind.group(1)} workflow.")
    tests = (params.get("imageTestsConfiguration") or {}).get("imageTestsEnabled", True)
    scanning = params.get("imageScanningConfiguration") or {}
    # imageScanningEnabled: "You must also enable image tests."
    if scanning.get("imageScanningEnabled") and tests is False:
        refuse("imageScanningConfiguration.imageScanningEnabled requires image tests: "
               "imageTestsConfiguration.imageTestsEnabled is false.")
    types = scanning.get("imageScanningTypes") or []
    # imageScanningTypes, ON_DEMAND_AMI_CVE: "To use this scan, you must build from an image recipe".
    if "ON_DEMAND_AMI_CVE" in types and not params.get("imageRecipeArn"):
        refuse("imageScanningConfiguration.imageScanningTypes ON_DEMAND_AMI_CVE requires an imageRecipeArn.")
    # scanResultCondition: "You can set scanResultCondition only when imageScanningTypes is ON_DEMAND_AMI_CVE."
    if scanning.get("scanResultCondition") is not None and "ON_DEMAND_AMI_CVE" not in types:
        refuse("imageScanningConfiguration.scanResultCondition can only be set when imageScanningTypes is "
               "ON_DEMAND_AMI_CVE.")
    repository = (scanning.get("ecrConfiguration") or {}).get("repositoryName")
    # repositoryName: "Provide the repository name only (a namespace path is allowed, but not the registry
    # hostname)".
    if repository and _ECR_REGISTRY.match(repository):
        refuse("imageScanningConfiguration.ecrConfiguration.repositoryName must be the repository name only, "
               f"without the registry hostname: got '{repository}'.")
    log_group = (params.get("loggingConfiguration") or {}).get("logGroupName")
    # loggingConfiguration: "If you specify a log group name outside of the /aws/imagebuilder/ namespace, you must
    # also provide an executionRole that has permission to write to that log group."
    if log_group and not log_group.startswith(LOG_NAMESPACE) and not role:
        refuse(f"loggingConfiguration.logGroupName '{log_group}' is outside the {LOG_NAMESPACE} namespace: "
               "an executionRole is required.")


@dataclass(frozen=True)
class Site:
    """Where builds live: the service's region and account, its catalog and its tags."""

    region: str
    account: str
    catalog: Catalog
    tags: TagStore


@dataclass
class StateChange:
    """A status set from outside the build's own run, taking effect at modeled time ``at``.

    Unless ``forced`` (out of band, by the admin API), it applies only once the build ended.
    ``removed`` names the underlying resources (amis, snapshots, containers) deleted with it.
    """

    at: float
    status: str
    reason: str
    forced: bool = False
    removed: dict[str, bool] = field(default_factory=dict)


@dataclass
class Build:
    """One image build version, what it was asked to do, and what happened to it since."""

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
    changes: list[StateChange] = field(default_factory=list)
    lifecycle_execution_id: str | None = None
    source_pipeline_arn: str | None = None
    workflows: list[dict[str, Any]] = field(default_factory=list)
    """The workflows it runs, as :func:`.workflow_schedule.plan` chose them."""
    resumes: list[dict[str, Any]] = field(default_factory=list)
    """Each RetryImage it was resumed by: ``{"stage", "at"}`` (the stage it ran again from, modeled time)."""
    source_image: str | None = None
    """For a build DistributeImage made: the build version whose AMI it distributes."""

    def stopped_in(self, now: float, site: Site) -> str | None:
        """The stage the build's run was in when it FAILED or was CANCELLED (None if it did neither, or ran out).

        A FAILED build's is its failure context's ``imageStatus`` ("The status that the image had when the
        failure occurred"); a cancelled build's is the stage running at the cancel.
        """
        run = self.run_state(now, site)
        timeline = BuildTimeline.for_build(self.total, self.tests_enabled)
        if run["status"] == FAILED:
            stage = (run.get("failureContext") or {}).get("imageStatus")
            return stage if isinstance(stage, str) else Scenario.from_dict(self.scenario).stage
        if run["status"] == CANCELLED:
            if self.cancelled_at is not None and now >= self.cancelled_at:
                return timeline.stage_at(self.cancelled_at - self.start)
            return Scenario.from_dict(self.scenario).stage
        return run["status"] if run["status"] in timeline_stages(timeline) else None

    def resume(self, now: float, stage: str, scenario: Scenario) -> None:
        """Run again from the start of ``stage`` at ``now``, under ``scenario``; the stages before it are kept.

        The run's clock moves so that ``stage`` starts now; the cancel and the state changes of the run that
        ended are dropped. A scenario that ends a stage before ``stage`` has nothing left to end: the kept
        stages do not run again (our model), so it counts as a success.
        """
        timeline = BuildTimeline.for_build(self.total, self.tests_enabled)
        earlier = scenario.stage is not None and STAGE_NAMES.index(scenario.stage) < STAGE_NAMES.index(stage)
        self.scenario = (Scenario() if earlier else scenario).to_dict()
        self.start = now - timeline.start_of(stage)
        self.cancelled_at = self.cancel_reason = None
        self.changes = [change for change in self.changes if change.at > now]
        self.resumes.append({"stage": stage, "at": now})

    def request_cancel(self, now: float, site: Site, reason: str) -> None:
        """Cancel the build :data:`CANCEL_SECONDS` of modeled time from ``now``, unless its run ends by then.

        CancelImageCreation: "Cancellation is asynchronous: the request returns immediately, then
        Image Builder stops the running build and moves the image to the CANCELLED state." How long
        stopping takes is not documented (our choice); a second request leaves the first one's time.
        """
        at = now + CANCEL_SECONDS
        if self.cancelled_at is not None or not is_in_progress(self.run_state(at, site)["status"]):
            return
        self.cancelled_at, self.cancel_reason = at, reason

    @property
    def version_arn(self) -> str:
        """The image version ARN (``.../image/NAME/1.0.0``) this build belongs to."""
        return self.arn.rsplit("/", 1)[0]

    @property
    def semantic_version(self) -> str:
        """``1.0.0`` of ``.../image/NAME/1.0.0/1``."""
        return self.arn.split("/")[-2]

    @property
    def number(self) -> int:
        """The build number (the last part of the ARN)."""
        return int(self.arn.rsplit("/", 1)[1])

    def run_state(self, now: float, site: Site) -> dict[str, Any]:
        """The state the build's own run reached by ``now`` (cancellation and scenario included)."""
        if self.cancelled_at is not None and now >= self.cancelled_at:
            return {"status": CANCELLED, "reason": self.cancel_reason}
        scenario = Scenario.from_dict(self.scenario)
        timeline = BuildTimeline.for_build(self.total, self.tests_enabled)
        elapsed = now - self.start
        if scenario.stage and scenario.outcome == "fail" and elapsed >= timeline.end_of(scenario.stage) \
                and not failure_continues(self):
            return {"status": FAILED, "reason": scenario.reason or default_reason(scenario.stage),
                    "failureContext": scenario.failure_context or failure_context(
                        scenario.stage, site.region, site.account, self._regions(site), failed_step(self))}
        if scenario.stage and scenario.outcome == "cancel" and elapsed >= timeline.end_of(scenario.stage):
            return {"status": CANCELLED, "reason": scenario.reason or "Image creation was cancelled."}
        if scenario.stage and scenario.outcome == "hang" and elapsed >= timeline.start_of(scenario.stage):
            return {"status": scenario.stage}
        return {"status": timeline.stage_at(max(elapsed, 0.0)) or AVAILABLE}

    def state(self, now: float, site: Site) -> dict[str, Any]:
        """GetImage's ``state`` at ``now``: the run's, unless a later state change applies."""
        run = self.run_state(now, site)
        applied = self._applied_changes(now, run["status"])
        if applied:
            return {"status": applied[-1].status, "reason": applied[-1].reason}
        return run

    def status(self, now: float, site: Site) -> str:
        """The ``state.status`` at ``now``."""
        return str(self.state(now, site)["status"])

    def image(self, now: float, site: Site) -> dict[str, Any]:
        """GetImage's ``image``."""
        recipe = site.catalog.find(self.recipe_arn)
        recipe_body = site.catalog.render(self.recipe_arn) or {"arn": self.recipe_arn}
        request = self.request
        image: dict[str, Any] = {
            "arn": self.arn,
            "type": "AMI" if self.recipe_kind == "imageRecipes" else "DOCKER",
            "name": recipe_body.get("name", self.arn.split("/")[-3]),
            "version": "/".join(self.arn.split("/")[-2:]),
            "platform": recipe_body.get("platform", "Linux"),
            "enhancedImageMetadataEnabled": request.get("enhancedImageMetadataEnabled", True),
            "osVersion": recipe.os_version if recipe else "Amazon Linux 2023",
            "state": self.state(now, site),
            "imageRecipe" if self.recipe_kind == "imageRecipes" else "containerRecipe": recipe_body,
            "imageTestsConfiguration": copy.deepcopy(request["imageTestsConfiguration"]),
            "dateCreated": iso_time(self.created),
            "buildType": "USER_INITIATED",
            "imageSource": "CUSTOM",
            "imageScanningConfiguration": request.get("imageScanningConfiguration") or {"imageScanningEnabled": False},
        }
        infrastructure = site.catalog.render(request["infrastructureConfigurationArn"])
        if infrastructure:
            image["infrastructureConfiguration"] = infrastructure
        distribution = site.catalog.render(request.get("distributionConfigurationArn"))
        if distribution:
            image["distributionConfiguration"] = distribution
        image["outputResources"] = self.output_resources(now, site)
        for key in ("workflows", "executionRole", "loggingConfiguration"):
            if request.get(key):
                image[key] = copy.deepcopy(request[key])
        tags = site.tags.of(self.arn)
        if tags:
            image["tags"] = tags
        if self.lifecycle_execution_id:
            image["lifecycleExecutionId"] = self.lifecycle_execution_id
        if self.source_pipeline_arn:
            image["sourcePipelineArn"] = self.source_pipeline_arn
        return image

    def summary(self, now: float, site: Site) -> dict[str, Any]:
        """ListImageBuildVersions' ``ImageSummary``."""
        image = self.image(now, site)
        summary = {k: image[k] for k in _SUMMARY_KEYS if k in image}
        summary["owner"] = site.account
        return summary

    def output_resources(self, now: float, site: Site) -> dict[str, Any]:
        """The AMIs or container images, once the run reached AVAILABLE; an empty list of them before (and after a
        failure), as the AWS CLI's get-image and list-image-build-versions examples show (``"amis": []``)."""
        empty: dict[str, Any] = {"containers" if self.recipe_kind == "containerRecipes" else "amis": []}
        if self.run_state(now, site)["status"] != AVAILABLE:
            return empty
        recipe = site.catalog.find(self.recipe_arn)
        made = outputs.Produced(
            build_arn=self.arn, name=recipe.resource["name"] if recipe else self.arn.split("/")[-3],
            created=self.created, region=site.region, account=site.account,
            recipe=recipe.resource if recipe else None, distribution=self._distribution(site))
        removed = self._removed(now, AVAILABLE)
        if self.recipe_kind == "containerRecipes":
            return {"containers": [] if removed.get("containers") else outputs.containers(made)}
        return {"amis": outputs.amis(made, deleted=bool(removed.get("amis")))}

    def _applied_changes(self, now: float, run_status: str) -> list[StateChange]:
        ended = run_status in BUILD_ENDS
        return [c for c in sorted(self.changes, key=lambda c: c.at) if c.at <= now and (c.forced or ended)]

    def _removed(self, now: float, run_status: str) -> dict[str, bool]:
        deletions = [c for c in self._applied_changes(now, run_status) if c.status == DELETED]
        return deletions[-1].removed if deletions else {}

    def _distribution(self, site: Site) -> dict[str, Any] | None:
        entry = site.catalog.find(self.request.get("distributionConfigurationArn"))
        return entry.resource if entry else None

    def _regions(self, site: Site) -> list[str]:
        distribution = self._distribution(site)
        return [d["region"] for d in distribution.get("distributions", [])] if distribution else [site.region]

    def to_json(self) -> dict[str, Any]:
        """The state file's form."""
        return asdict(self)

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> "Build":
        """A build from :meth:`to_json`'s form."""
        changes = [StateChange(**c) for c in doc.get("changes", [])]
        return cls(**{**doc, "changes": changes})
