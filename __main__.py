"""Example stack: build one image from stack config and, when enabled, launch it from a template and run a pipeline."""

import pulumi

from imagebuild_resource import ImageBuild, ImageBuildArgs, PipelineBuild, PipelineBuildArgs

config = pulumi.Config()

image = ImageBuild(
    "app-image",
    ImageBuildArgs(
        image_recipe_arn=config.get("imageRecipeArn") or None,
        container_recipe_arn=config.get("containerRecipeArn") or None,
        infrastructure_configuration_arn=config.require("infrastructureConfigurationArn"),
        distribution_configuration_arn=config.get("distributionConfigurationArn") or None,
        tags=config.get_object("tags"),
        build_timeout_minutes=config.get_float("buildTimeoutMinutes"),
    ),
)

if config.get_bool("launchTemplate"):
    import pulumi_aws as aws

    template = aws.ec2.LaunchTemplate(
        "app",
        image_id=image.ami_id,
        instance_type=config.get("instanceType") or "t3.micro",
    )
    pulumi.export("launchTemplateId", template.id)

pulumi.export("imageBuildVersionArn", image.image_build_version_arn)
pulumi.export("finalStatus", image.final_status)
pulumi.export("finalReason", image.final_reason)
pulumi.export("amiId", image.ami_id)
pulumi.export("amis", image.amis)
pulumi.export("containerImageUris", image.container_image_uris)
pulumi.export("version", image.version)

if config.get_bool("pipelineDemo"):
    run = PipelineBuild(
        "pipeline-run",
        PipelineBuildArgs(
            image_pipeline_arn=config.require("imagePipelineArn"),
            triggers={"release": config.get("pipelineRelease") or "1"},
            tags=config.get_object("tags"),
        ),
    )
    pulumi.export("pipelineImageBuildVersionArn", run.image_build_version_arn)
    pulumi.export("pipelineAmiId", run.ami_id)
