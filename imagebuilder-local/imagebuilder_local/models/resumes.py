"""RetryImage and DistributeImage: a build run again from where it stopped, and an AMI distributed anew
(a mixin of :class:`.backend.Backend`).

botocore's model documents RetryImage: "Retries a failed or canceled image build without
rebuilding the phases that already completed. The image re-runs asynchronously in place: the
same build version returns to the test or distribution phase where it failed and continues from
there. No new image build version is created. Retry is only supported for AMI-based images."
And DistributeImage: "Distributes an existing AMI to target Regions and accounts without running
the full image build process. This operation only runs the distribution phase on an image that
has already been built."

A retried build runs under the scenario in force for its recipe when the retry arrives (the
recipe's, set by the admin API or its catalog entry; the next-build queue is for new builds), so
a test can fix the cause of a failure between two retries. Its status is the stage it resumes
from as soon as RetryImage answers (our model of "asynchronously": the request returns, the run
goes on from there).
"""

from __future__ import annotations

import copy
import threading
from typing import TYPE_CHECKING, Any

from .. import botocore_model
from ..clock import VirtualClock
from ..errors import ServiceError, pick_error
from ..scenarios import BuildTimeline, Scenario
from ..statuses import AVAILABLE, CANCELLED, FAILED, is_in_progress
from .builds import Build, Site
from .catalog import Catalog
from .counts import CreatedBuild
from .tags import TagStore
from .tokens import ClientTokens
from .workflow_schedule import plan

RESUMABLE_STAGES = ("TESTING", "DISTRIBUTING")
"""The stages RetryImage returns a build to: "the test or distribution phase where it failed"."""
DISTRIBUTION_STAGE = "DISTRIBUTING"
DISTRIBUTION_STAGES = (DISTRIBUTION_STAGE, "INTEGRATING")
"""The stages a DistributeImage build runs; a scenario for another stage of its recipe does not apply to it."""
SSM_PREFIX = "ssm:"


class ResumeOperations:
    """RetryImage and DistributeImage; :class:`.backend.Backend` provides the state they use, under its lock."""

    _lock: threading.RLock
    region: str
    account: str
    clock: VirtualClock
    catalog: Catalog
    site: Site
    tags: TagStore
    tokens: ClientTokens
    builds: dict[str, Build]
    build_numbers: dict[str, int]
    created: list[CreatedBuild]
    recipe_scenarios: dict[str, dict[str, Any]]

    if TYPE_CHECKING:
        def _save(self) -> None: ...

        def _latest_available(self, version_arn: str, now: float) -> Build: ...

    def retry_image(self, params: dict[str, Any]) -> dict[str, Any]:
        """RetryImage: the same build version runs again from the test or distribution stage where it stopped.

        Refused as documented: a build that is not FAILED or CANCELLED ("The image must be in the
        ``FAILED`` or ``CANCELLED`` state"; one still running is ResourceInUseException, the model's code
        for a resource in use), a container build ("Retry is only supported for AMI-based images"), and
        one that stopped before testing: the documentation names only "the test or distribution phase"
        to return to (our reading: such a build has nothing to resume, and is built anew).
        """
        with self._lock:
            replayed = self.tokens.replay("RetryImage", params)
            if replayed:
                return replayed
            arn = params["imageBuildVersionArn"]
            build = self.builds.get(arn)
            if build is None:
                raise ServiceError(pick_error(botocore_model.operation("RetryImage"), "ResourceNotFoundException",
                                              "InvalidRequestException"), f"The image '{arn}' does not exist.")
            now = self.clock.now()
            status = build.status(now, self.site)
            if is_in_progress(status):
                raise ServiceError("ResourceInUseException",
                                   f"The image '{arn}' is still being created (status {status}); only a FAILED or "
                                   "CANCELLED image can be retried.")
            if status not in (FAILED, CANCELLED):
                raise ServiceError("InvalidRequestException",
                                   f"The image '{arn}' is {status}; only a FAILED or CANCELLED image can be retried.")
            if build.recipe_kind != "imageRecipes":
                raise ServiceError("InvalidRequestException",
                                   f"The image '{arn}' is a container image; retry is only supported for AMI-based "
                                   "images.")
            stage = build.stopped_in(now, self.site)
            if stage not in RESUMABLE_STAGES:
                raise ServiceError("InvalidRequestException",
                                   f"The image '{arn}' stopped in {stage or 'no stage'}; only an image that stopped "
                                   "in its test or distribution phase can be retried.")
            build.resume(now, stage, self._scenario_in_force(build.recipe_arn))
            response = {"clientToken": params["clientToken"],
                        "imageBuildVersionArn": arn}
            self.tokens.remember("RetryImage", params, response)
            self._save()
            return response

    def distribute_image(self, params: dict[str, Any]) -> dict[str, Any]:
        """DistributeImage: a new build version of the source's image that runs only its distribution stage.

        Refused as documented: a source that does not "resolve to an AMI in the current Amazon Web
        Services Region" (ResourceNotFoundException; a Parameter Store reference is refused, since the
        service models no Parameter Store), and a distribution configuration not "in the same Region as
        this operation" (InvalidRequestException).
        """
        with self._lock:
            replayed = self.tokens.replay("DistributeImage", params)
            if replayed:
                return replayed
            now = self.clock.now()
            source = self._source_build(str(params["sourceImage"]), now)
            distribution = params["distributionConfigurationArn"]
            if distribution.split(":")[3] != self.region:
                raise ServiceError("InvalidRequestException",
                                   f"The distribution configuration '{distribution}' is not in {self.region}, "
                                   "the Region of this request.")
            self.catalog.get(distribution, "distributionConfigurations")
            number = self.build_numbers.get(source.version_arn, 0) + 1
            self.build_numbers[source.version_arn] = number
            arn = f"{source.version_arn}/{number}"
            request = {key: copy.deepcopy(source.request[key])
                       for key in ("imageRecipeArn", "infrastructureConfigurationArn", "imageTestsConfiguration")}
            request.update({key: copy.deepcopy(params[key]) for key in
                            ("distributionConfigurationArn", "executionRole", "loggingConfiguration") if key in params})
            scenario = self._scenario_in_force(source.recipe_arn)
            distributes = scenario.stage in DISTRIBUTION_STAGES
            build = Build(arn=arn, recipe_arn=source.recipe_arn, recipe_kind=source.recipe_kind, request=request,
                          scenario=(scenario if distributes else Scenario()).to_dict(), created=self.clock.real(),
                          start=now, total=source.total, tests_enabled=source.tests_enabled,
                          workflows=[w for w in plan(self.catalog, source.recipe_kind, None)
                                     if w["type"] == "DISTRIBUTION"],
                          source_image=source.arn)
            build.start = now - BuildTimeline.for_build(build.total, build.tests_enabled).start_of(DISTRIBUTION_STAGE)
            self.builds[arn] = build
            self.tags.add_resource(arn, params.get("tags"))
            self.created.append(CreatedBuild(arn, source.recipe_arn, dict(params.get("tags") or {})))
            response = {"clientToken": params["clientToken"],
                        "imageBuildVersionArn": arn}
            self.tokens.remember("DistributeImage", params, response)
            self._save()
            return response

    def _scenario_in_force(self, recipe_arn: str) -> Scenario:
        """The scenario set for ``recipe_arn`` now (the admin API's, else its catalog entry's), else success."""
        if recipe_arn in self.recipe_scenarios:
            return Scenario.from_dict(self.recipe_scenarios[recipe_arn])
        entry = self.catalog.find(recipe_arn)
        return (entry.scenario if entry else None) or Scenario()

    def _source_build(self, source: str, now: float) -> Build:
        """The AVAILABLE AMI build ``source`` (an AMI ID or an image ARN) resolves to in this Region."""
        if source.startswith(SSM_PREFIX):
            raise ServiceError("InvalidRequestException",
                               f"sourceImage '{source}': this service models no Parameter Store; give an AMI ID or "
                               "an image ARN.")
        if source.startswith("arn:"):
            if source.count("/") >= 3:
                found = self.builds.get(source)
                if found is None or found.status(now, self.site) != AVAILABLE:
                    raise ServiceError("ResourceNotFoundException",
                                       f"sourceImage '{source}' is not an AVAILABLE image build version.")
            else:
                found = self._latest_available(source, now)
        else:
            found = next((b for b in self.builds.values() if b.recipe_kind == "imageRecipes"
                          and any(ami.get("image") == source and ami.get("region") == self.region
                                  for ami in b.output_resources(now, self.site).get("amis", []))), None)
            if found is None:
                raise ServiceError("ResourceNotFoundException",
                                   f"sourceImage '{source}' is no AMI of an image in {self.region}.")
        if found.recipe_kind != "imageRecipes":
            raise ServiceError("InvalidRequestException",
                               f"sourceImage '{source}' is a container image; it must resolve to an AMI.")
        if not any(ami.get("region") == self.region for ami in found.output_resources(now, self.site)["amis"]):
            raise ServiceError("ResourceNotFoundException",
                               f"sourceImage '{source}' has no AMI in {self.region}, the Region of this request.")
        return found
