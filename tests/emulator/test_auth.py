"""SigV4: each rejection code AWS uses, and the --auth none switch."""

from __future__ import annotations

import time

import pytest

from imagebuild_resource.emulator import ImageBuilderService

from .helpers import raw_request

QUERY = {"imageBuildVersionArn": "arn:aws:imagebuilder:us-east-1:123456789012:image/x/1.0.0/1"}


def _code(result):
    status, headers, body = result
    assert set(body) == {"message"}
    return status, headers.get("x-amzn-errortype")


def test_a_signed_request_passes_in_any_region(imagebuilder_service):
    for region in ("us-east-1", "eu-west-1"):
        status, headers, body = raw_request(imagebuilder_service.endpoint_url, "GET", "/GetImage",
                                            query=QUERY, region=region)
        assert (status, headers["x-amzn-errortype"]) == (404, "ResourceNotFoundException")


@pytest.mark.parametrize("kwargs, code", [
    ({"sign": False}, "MissingAuthenticationTokenException"),
    ({"access_key": "AKIDUNKNOWN000000000"}, "UnrecognizedClientException"),
    ({"secret_key": "wrong"}, "InvalidSignatureException"),
    ({"mutate": lambda headers, body: body + b" "}, "InvalidSignatureException"),
    ({"mutate": lambda headers, body: headers.update({"X-Amz-Date": "20200101T000000Z"}) or body},
     "InvalidSignatureException"),
    ({"mutate": lambda headers, body: headers.update({"Authorization": "AWS4-HMAC-SHA256 garbage"}) or body},
     "IncompleteSignatureException"),
])
def test_rejections(imagebuilder_service, kwargs, code):
    result = raw_request(imagebuilder_service.endpoint_url, "PUT", "/CreateImage", body={"clientToken": "t"}, **kwargs)
    assert _code(result) == (403, code)


def test_expired_signature_is_rejected():
    with ImageBuilderService(clock=lambda: time.time() + 3600) as service:
        result = raw_request(service.endpoint_url, "GET", "/GetImage", query=QUERY)
        assert _code(result) == (403, "InvalidSignatureException")
        assert "expired" in result[2]["message"]


def test_boto3_with_wrong_credentials_gets_unrecognized_client(imagebuilder_service):
    import boto3

    bad = boto3.client("imagebuilder", endpoint_url=imagebuilder_service.endpoint_url, region_name="us-east-1",
                       aws_access_key_id="AKIDEXAMPLEUNKNOWN00", aws_secret_access_key="x")
    with pytest.raises(bad.exceptions.ClientError, match="UnrecognizedClientException"):
        bad.get_image(imageBuildVersionArn=QUERY["imageBuildVersionArn"])


def test_custom_credentials_and_auth_none():
    with ImageBuilderService(credentials={"AKIDCUSTOM": "s3cret"}) as service:
        assert _code(raw_request(service.endpoint_url, "GET", "/GetImage", query=QUERY))[1] == \
            "UnrecognizedClientException"
        status, _, _ = raw_request(service.endpoint_url, "GET", "/GetImage", query=QUERY,
                                   access_key="AKIDCUSTOM", secret_key="s3cret")
        assert status == 404
    with ImageBuilderService(auth="none") as service:
        status, _, _ = raw_request(service.endpoint_url, "GET", "/GetImage", query=QUERY, sign=False)
        assert status == 404
