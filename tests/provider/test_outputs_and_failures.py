"""GetImage body -> outputs, and FAILED/CANCELLED -> one readable message."""

from imagebuild_resource.failures import build_failure_message
from imagebuild_resource.outputs import OUTPUT_NAMES, image_outputs

ARN = "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0/3"
IMAGE = {
    "arn": ARN,
    "name": "demo-al2023",
    "version": "1.0.0/3",
    "platform": "Linux",
    "osVersion": "Amazon Linux 2023",
    "dateCreated": "2026-11-25T12:00:00.000Z",
    "state": {"status": "AVAILABLE"},
    "outputResources": {
        "amis": [
            {"region": "us-east-1", "image": "ami-0aaaaaaaaaaaaaaaa", "name": "demo 1", "accountId": "123456789012"},
            {"region": "eu-west-1", "image": "ami-0bbbbbbbbbbbbbbbb", "name": "demo 1", "accountId": "123456789012"},
        ],
    },
}


def test_outputs_cover_every_declared_name():
    assert set(image_outputs(IMAGE, "us-east-1")) == set(OUTPUT_NAMES)


def test_ami_id_is_the_ami_in_the_provider_region():
    assert image_outputs(IMAGE, "eu-west-1")["amiId"] == "ami-0bbbbbbbbbbbbbbbb"
    assert image_outputs(IMAGE, "us-east-1")["amis"][1] == {
        "region": "eu-west-1", "imageId": "ami-0bbbbbbbbbbbbbbbb", "name": "demo 1", "accountId": "123456789012"}


def test_no_ami_in_region_gives_none_and_a_single_ami_needs_no_region():
    assert image_outputs(IMAGE, "ap-south-1")["amiId"] is None
    single = {**IMAGE, "outputResources": {"amis": IMAGE["outputResources"]["amis"][:1]}}
    assert image_outputs(single, None)["amiId"] == "ami-0aaaaaaaaaaaaaaaa"


def test_ami_id_is_the_builds_own_account_copy_in_the_region_whatever_the_order():
    """The issue's case: a distribution to other accounts puts their copies in the same region; amiId picked the first
    AMI of the region, whoever owned it."""
    other = {"region": "us-east-1", "image": "ami-0ccccccccccccccccc", "name": "demo 1", "accountId": "210987654321"}
    own = IMAGE["outputResources"]["amis"][0]
    for amis in ([other, own], [own, other]):
        image = {**IMAGE, "outputResources": {"amis": amis}}
        assert image_outputs(image, "us-east-1")["amiId"] == "ami-0aaaaaaaaaaaaaaaa"
        assert len(image_outputs(image, "us-east-1")["amis"]) == 2  # every copy is still listed
    only_others = {**IMAGE, "outputResources": {"amis": [other]}}
    assert image_outputs(only_others, "us-east-1")["amiId"] is None
    assert image_outputs(only_others, None)["amiId"] is None
    assert image_outputs({**IMAGE, "outputResources": {"amis": [own, other]}}, None)["amiId"] == "ami-0aaaaaaaaaaaaaaaa"
    unowned = {**own, "accountId": None}
    assert image_outputs({**IMAGE, "outputResources": {"amis": [other, unowned]}}, "us-east-1")["amiId"] == \
        "ami-0aaaaaaaaaaaaaaaa"


def test_container_uris_are_flattened():
    image = {**IMAGE, "outputResources": {"containers": [
        {"region": "us-east-1", "imageUris": ["123.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0-1"]},
        {"region": "eu-west-1", "imageUris": ["123.dkr.ecr.eu-west-1.amazonaws.com/app:1.0.0-1"]}]}}
    outputs = image_outputs(image, "us-east-1")
    assert len(outputs["containerImageUris"]) == 2 and outputs["amiId"] is None


def test_failure_message_names_status_reason_context_arn_and_logs():
    image = {**IMAGE, "state": {
        "status": "FAILED",
        "reason": "Image tests failed",
        "failureContext": {
            "failedStep": "RunTests",
            "workflowArn": "arn:aws:imagebuilder:us-east-1:aws:workflow/test/test-image/1.0.0/1",
            "workflowExecutionId": "wf-0123",
            "componentFailure": {"componentArn": "arn:aws:imagebuilder:us-east-1:aws:component/reboot-test-linux/1.0.0/1",
                                 "phaseName": "test", "stepName": "Reboot", "action": "Reboot",
                                 "errorMessage": "instance did not come back"},
            "distributionFailure": {"errorMessage": "copy failed", "regionFailures": [
                {"region": "eu-west-1", "status": "FAILED", "imageConfigurationStep": "COPY",
                 "errorMessage": "AMI quota exceeded", "targetAccountId": "210987654321"}]},
        }}}
    message = build_failure_message(image, "us-east-1")
    for part in ("FAILED", "Image tests failed", "RunTests", "reboot-test-linux", "test/Reboot/Reboot",
                 "instance did not come back", "eu-west-1 (account 210987654321): FAILED at COPY - AMI quota exceeded",
                 ARN, "/aws/imagebuilder/demo-al2023", "stream 1.0.0/3", "wf-0123"):
        assert part in message, part


def test_cancelled_message_without_context():
    message = build_failure_message({"arn": ARN, "name": "n", "state": {"status": "CANCELLED", "reason": "by user"}})
    assert message.splitlines()[0] == "image build CANCELLED: by user"
    assert ARN in message
