"""Image pipelines: the store, and the pipeline operations of the backend (a mixin of :class:`Backend`).

A pipeline is the configuration of a CreateImagePipeline (or the last UpdateImagePipeline)
request. StartImagePipelineExecution starts a normal build from it (through CreateImage's
own path), remembered as the pipeline's. Behaviours follow what botocore's model documents
for each operation, quoted where they are applied.
"""

from __future__ import annotations

import copy
import threading
import uuid
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from .. import botocore_model
from ..catalog_documents import PIPELINES_KEY, CatalogError, arn_name, pipeline_requests
from ..clock import VirtualClock, iso_time
from ..errors import ServiceError
from ..validation import validation_message, violations
from .builds import LOG_NAMESPACE, Build, Site, image_tests_configuration
from .catalog import Catalog
from .filters import checked_filter, matches_filter
from .pagination import Listing, page
from .tags import TagStore
from .tokens import ClientTokens

_NOT_CONFIGURATION = ("clientToken", "tags", "dryRun", "imagePipelineArn", "name")
_RECIPES = (("imageRecipeArn", "imageRecipes"), ("containerRecipeArn", "containerRecipes"))


@dataclass
class Pipeline:
    """One image pipeline: its name, its configuration (request members) and when it was made and changed."""

    arn: str
    name: str
    configuration: dict[str, Any]
    created: float
    updated: float

    @property
    def recipe_member(self) -> str:
        """``imageRecipeArn`` or ``containerRecipeArn``: the kind of recipe the pipeline builds."""
        return "imageRecipeArn" if self.configuration.get("imageRecipeArn") else "containerRecipeArn"

    def build_request(self) -> dict[str, Any]:
        """The CreateImage members of a build of this pipeline."""
        config = self.configuration
        request = {key: copy.deepcopy(config[key]) for key in (
            self.recipe_member, "infrastructureConfigurationArn", "distributionConfigurationArn",
            "imageTestsConfiguration", "enhancedImageMetadataEnabled", "imageScanningConfiguration", "workflows",
            "executionRole") if config.get(key) is not None}
        log_group = (config.get("loggingConfiguration") or {}).get("imageLogGroupName")
        if log_group:
            request["loggingConfiguration"] = {"logGroupName": log_group}
        return request

    def render(self, site: Site, tags: dict[str, str], last: tuple[float, str] | None) -> dict[str, Any]:
        """GetImagePipeline's ``imagePipeline``; ``last`` is the latest build's (created, status)."""
        recipe = site.catalog.find(self.configuration[self.recipe_member])
        body: dict[str, Any] = {
            "arn": self.arn, "name": self.name,
            "platform": recipe.resource.get("platform", "Linux") if recipe else "Linux",
            "enhancedImageMetadataEnabled": True,
            **copy.deepcopy(self.configuration),
            "dateCreated": iso_time(self.created), "dateUpdated": iso_time(self.updated),
            "consecutiveFailures": 0,
        }
        if last is not None:
            body["dateLastRun"], body["lastRunStatus"] = iso_time(last[0]), last[1]
        if tags:
            body["tags"] = tags
        return body

    def to_json(self) -> dict[str, Any]:
        """The state file's form."""
        return asdict(self)


class PipelineOperations:
    """The pipeline operations; :class:`Backend` provides the state they use, under its lock."""

    _lock: threading.RLock
    region: str
    account: str
    clock: VirtualClock
    catalog: Catalog
    site: Site
    tags: TagStore
    tokens: ClientTokens
    builds: dict[str, Build]
    pipelines: dict[str, Pipeline]
    listing: Listing

    if TYPE_CHECKING:
        def create_image(self, params: dict[str, Any]) -> dict[str, Any]: ...

        def _save(self) -> None: ...

    # ----- operations ------------------------------------------------------------

    def create_image_pipeline(self, params: dict[str, Any]) -> dict[str, Any]:
        """CreateImagePipeline; idempotent on ``clientToken``; ``dryRun`` validates only."""
        with self._lock:
            replayed = self.tokens.replay("CreateImagePipeline", params)
            if replayed:
                return replayed
            arn = f"arn:aws:imagebuilder:{self.region}:{self.account}:image-pipeline/{arn_name(params['name'])}"
            if arn in self.pipelines:
                raise ServiceError("ResourceAlreadyExistsException",
                                   f"An image pipeline named '{params['name']}' already exists ({arn}).")
            configuration = self._configuration(params)
            if params.get("dryRun"):
                raise ServiceError("DryRunOperationException",
                                   "The request would have succeeded, but the dryRun flag is set.")
            now = self.clock.real()
            self.pipelines[arn] = Pipeline(arn, params["name"], configuration, now, now)
            self.tags.add_resource(arn, params.get("tags"))
            response = {"requestId": _request_id(), "clientToken": params["clientToken"], "imagePipelineArn": arn}
            self.tokens.remember("CreateImagePipeline", params, response)
            self._save()
            return response

    def get_image_pipeline(self, arn: str) -> dict[str, Any]:
        """GetImagePipeline."""
        with self._lock:
            return {"requestId": _request_id(), "imagePipeline": self._render(self._pipeline(arn))}

    def list_image_pipelines(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListImagePipelines, with the documented filters and pagination."""
        with self._lock:
            found = [self._render(p) for _, p in sorted(self.pipelines.items())]
            for flt in params.get("filters") or []:
                name = checked_filter("ListImagePipelines", flt.get("name", ""))
                found = [p for p in found if p.get(name) in (flt.get("values") or [])]
            shown, following = page(found, params, "ListImagePipelines", self.listing)
            out: dict[str, Any] = {"requestId": _request_id(), "imagePipelineList": shown}
            if following:
                out["nextToken"] = following
            return out

    def update_image_pipeline(self, params: dict[str, Any]) -> dict[str, Any]:
        """UpdateImagePipeline: replaces the whole configuration.

        botocore's model: "The request replaces the entire pipeline configuration ... Any
        optional property that you omit is removed or reset to its default", and "The recipe
        must be the same type, image or container, as the pipeline's current recipe."
        """
        with self._lock:
            replayed = self.tokens.replay("UpdateImagePipeline", params)
            if replayed:
                return replayed
            pipeline = self._pipeline(params["imagePipelineArn"])
            configuration = self._configuration(params)
            if not configuration.get(pipeline.recipe_member):
                raise ServiceError("InvalidRequestException",
                                   f"The recipe must be of the pipeline's current type ({pipeline.recipe_member}).")
            pipeline.configuration, pipeline.updated = configuration, self.clock.real()
            response = {"requestId": _request_id(), "clientToken": params["clientToken"],
                        "imagePipelineArn": pipeline.arn}
            self.tokens.remember("UpdateImagePipeline", params, response)
            self._save()
            return response

    def delete_image_pipeline(self, arn: str) -> dict[str, Any]:
        """DeleteImagePipeline.

        botocore's model: "Images that the pipeline created aren't deleted ... You can delete
        a pipeline while a build that it started is still running. The build continues
        independently."
        """
        with self._lock:
            self._pipeline(arn)
            del self.pipelines[arn]
            self.tags.remove_resource(arn)
            self._save()
            return {"requestId": _request_id(), "imagePipelineArn": arn}

    def start_image_pipeline_execution(self, params: dict[str, Any]) -> dict[str, Any]:
        """StartImagePipelineExecution: a normal build of the pipeline's configuration; idempotent on ``clientToken``.

        botocore's model: the build is started "whether the pipeline is enabled or disabled",
        and its tags are the request's (``imageTags`` apply to scheduled executions only).
        """
        with self._lock:
            replayed = self.tokens.replay("StartImagePipelineExecution", params)
            if replayed:
                return replayed
            pipeline = self._pipeline(params["imagePipelineArn"])
            request = {**pipeline.build_request(), "clientToken": str(uuid.uuid4())}
            if params.get("tags"):
                request["tags"] = params["tags"]
            arn = self.create_image(request)["imageBuildVersionArn"]
            self.builds[arn].source_pipeline_arn = pipeline.arn
            response = {"requestId": _request_id(), "clientToken": params["clientToken"], "imageBuildVersionArn": arn}
            self.tokens.remember("StartImagePipelineExecution", params, response)
            self._save()
            return response

    def list_image_pipeline_images(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListImagePipelineImages: the pipeline's builds, filtered by name and version.

        botocore's model: "If the ARN that you specify doesn't exist, Image Builder returns an
        empty list rather than a ResourceNotFoundException error."
        """
        with self._lock:
            now = self.clock.now()
            arn = params["imagePipelineArn"]
            builds = sorted((b for b in self.builds.values() if b.source_pipeline_arn == arn),
                            key=lambda b: (b.version_arn, b.number))
            summaries = [b.summary(now, self.site) for b in builds]
            for flt in params.get("filters") or []:
                summaries = [s for s in summaries if matches_filter(s, flt.get("name", ""), flt.get("values") or [],
                                                                    "ListImagePipelineImages")]
            shown, following = page(summaries, params, arn, self.listing)
            out: dict[str, Any] = {"requestId": _request_id(), "imageSummaryList": shown}
            if following:
                out["nextToken"] = following
            return out

    # ----- catalog and state -------------------------------------------------------

    def install_pipelines(self, doc: dict[str, Any]) -> list[str]:
        """Create the catalog document's pipelines (replacing any of the same name); returns their ARNs."""
        arns = []
        items = pipeline_requests(doc, self.region, self.account)
        shape = botocore_model.input_of(botocore_model.operation("CreateImagePipeline"))
        for index, item in enumerate(items):
            where = f"{PIPELINES_KEY}[{index}]"
            request = {**item, "clientToken": "catalog"} if isinstance(item, dict) else item
            found = violations(request, shape)
            if found:
                raise CatalogError(f"{where}: {validation_message(found)}")
            arn = f"arn:aws:imagebuilder:{self.region}:{self.account}:image-pipeline/{arn_name(item['name'])}"
            try:
                configuration = self._configuration(request)
            except ServiceError as error:
                raise CatalogError(f"{where}: {error.message}") from None
            self.pipelines[arn] = Pipeline(arn, item["name"], configuration, self.clock.real(), self.clock.real())
            self.tags.add_resource(arn, item.get("tags"))
            arns.append(arn)
        return arns

    def restore_pipelines(self, saved: list[dict[str, Any]]) -> None:
        """Take the pipelines from the state file, in place of those installed with the catalog."""
        self.pipelines = {p["arn"]: Pipeline(**p) for p in saved}

    # ----- internals ---------------------------------------------------------------

    def _pipeline(self, arn: str) -> Pipeline:
        pipeline = self.pipelines.get(arn)
        if pipeline is None:
            raise ServiceError("ResourceNotFoundException", f"The image pipeline '{arn}' does not exist.")
        return pipeline

    def _configuration(self, params: dict[str, Any]) -> dict[str, Any]:
        """The pipeline configuration a Create/Update request sets, its references checked; defaults stored."""
        given = [member for member, _ in _RECIPES if params.get(member)]
        if len(given) != 1:
            raise ServiceError("InvalidRequestException",
                               "You must specify exactly one of imageRecipeArn and containerRecipeArn.")
        kind = dict(_RECIPES)[given[0]]
        self.catalog.resolve_recipe(params[given[0]], kind)
        self.catalog.get(params["infrastructureConfigurationArn"], "infrastructureConfigurations")
        if params.get("distributionConfigurationArn"):
            self.catalog.get(params["distributionConfigurationArn"], "distributionConfigurations")
        if params.get("workflows") and not params.get("executionRole"):
            # botocore's model: "You must also specify executionRole when you provide workflows."
            raise ServiceError("InvalidRequestException", "executionRole is required when workflows are given.")
        for member, group in (params.get("loggingConfiguration") or {}).items():
            if isinstance(group, str) and not group.startswith(LOG_NAMESPACE) and not params.get("executionRole"):
                # loggingConfiguration: "For custom log group names outside of this prefix, you must also provide
                # an executionRole."
                raise ServiceError("InvalidRequestException",
                                   f"loggingConfiguration.{member} '{group}' is outside the {LOG_NAMESPACE} "
                                   "namespace: an executionRole is required.")
        configuration = {k: copy.deepcopy(v) for k, v in params.items() if k not in _NOT_CONFIGURATION}
        # botocore's model: tests are stored "with image tests enabled" unless given; status "defaults to ENABLED".
        configuration["imageTestsConfiguration"] = image_tests_configuration(params.get("imageTestsConfiguration"))
        configuration.setdefault("status", "ENABLED")
        return configuration

    def _render(self, pipeline: Pipeline) -> dict[str, Any]:
        runs = [b for b in self.builds.values() if b.source_pipeline_arn == pipeline.arn]
        latest = max(runs, key=lambda b: b.created) if runs else None
        last = (latest.created, latest.status(self.clock.now(), self.site)) if latest else None
        return pipeline.render(self.site, self.tags.of(pipeline.arn), last)


def _request_id() -> str:
    return str(uuid.uuid4())
