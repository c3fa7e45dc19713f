"""The boto3 binding, checked with botocore's Stubber against the real imagebuilder model."""

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError
from botocore.stub import Stubber

from imagebuild_resource.arazzo.binding import Boto3Binding, drop_absent
from imagebuild_resource.arazzo.errors import InputError, TransientCallError

from ...fakes import ARN, INFRA, RECIPE


@pytest.fixture()
def client():
    return boto3.client("imagebuilder", region_name="us-east-1", aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


def test_absent_members_are_omitted_and_status_comes_from_metadata(client):
    with Stubber(client) as stub:
        stub.add_response("create_image", {"imageBuildVersionArn": ARN, "clientToken": "t"},
                          expected_params={"imageRecipeArn": RECIPE, "infrastructureConfigurationArn": INFRA,
                                           "clientToken": "t", "tags": {"a": "b"}})
        response = Boto3Binding(client)("CreateImage", {
            "imageRecipeArn": RECIPE, "containerRecipeArn": None, "infrastructureConfigurationArn": INFRA,
            "distributionConfigurationArn": None, "clientToken": "t", "tags": {"a": "b", "c": None}})
    assert response.status_code == 200
    assert response.body == {"imageBuildVersionArn": ARN, "clientToken": "t"}
    assert response.error_code is None


def test_query_parameter_becomes_a_kwarg(client):
    with Stubber(client) as stub:
        stub.add_response("get_image", {"image": {"arn": ARN, "state": {"status": "BUILDING"}}},
                          expected_params={"imageBuildVersionArn": ARN})
        response = Boto3Binding(client)("GetImage", {"imageBuildVersionArn": ARN})
    assert response.body["image"]["state"]["status"] == "BUILDING"


def test_client_error_becomes_status_and_error_document(client):
    with Stubber(client) as stub:
        stub.add_client_error("get_image", "ResourceNotFoundException", "no such image", 404)
        response = Boto3Binding(client)("GetImage", {"imageBuildVersionArn": ARN})
    assert response.status_code == 404
    assert response.body == {"__type": "ResourceNotFoundException", "message": "no such image"}
    assert (response.error_code, response.error_message) == ("ResourceNotFoundException", "no such image")


@pytest.mark.parametrize("code, status", [
    ("CallRateLimitExceededException", 429), ("ThrottlingException", 400), ("ServiceException", 500),
    ("ServiceUnavailableException", 503), ("Anything", 502),
])
def test_throttling_and_5xx_are_transient(client, code, status):
    with Stubber(client) as stub:
        stub.add_client_error("get_image", code, "slow down", status)
        with pytest.raises(TransientCallError) as info:
            Boto3Binding(client)("GetImage", {"imageBuildVersionArn": ARN})
    assert (info.value.code, info.value.status) == (code, status)


@pytest.mark.parametrize("error", [EndpointConnectionError(endpoint_url="http://x"),
                                   ReadTimeoutError(endpoint_url="http://x")])
def test_connection_errors_are_transient(client, error, monkeypatch):
    def boom(**_):
        raise error
    monkeypatch.setattr(client, "get_image", boom)
    with pytest.raises(TransientCallError, match="failed transiently"):
        Boto3Binding(client)("GetImage", {"imageBuildVersionArn": ARN})


def test_unknown_member_and_invalid_arguments(client):
    with pytest.raises(InputError, match="GetImage has no input member 'nope'"):
        Boto3Binding(client)("GetImage", {"nope": 1})
    with pytest.raises(InputError, match="arguments are invalid"):
        Boto3Binding(client)("GetImage", {"imageBuildVersionArn": 5})


def test_drop_absent_is_recursive():
    assert drop_absent({"a": None, "b": {"c": None, "d": [{"e": None}]}}) == {"b": {"d": [{}]}}
