"""SigV4: each rejection code AWS uses, and the --auth none switch."""

from __future__ import annotations

import time

import pytest

from imagebuilder_local import TEST_ACCESS_KEY, TEST_SECRET_KEY, ImageBuilderService

from .helpers import raw_request

QUERY = {"imageBuildVersionArn": "arn:aws:imagebuilder:us-east-1:123456789012:image/x/1.0.0/1"}


def _code(result):
    status, headers, body = result
    assert set(body) == {"message"}
    return status, headers.get("x-amzn-errortype")


def test_a_request_must_be_signed_for_a_region_the_service_serves(imagebuilder_service):
    for served in ("us-east-1", "eu-west-1"):
        status, headers, _ = raw_request(imagebuilder_service.endpoint_url, "GET", "/GetImage", query=QUERY,
                                         region=served)
        assert (status, headers["x-amzn-errortype"]) == (404, "ResourceNotFoundException")
    result = raw_request(imagebuilder_service.endpoint_url, "GET", "/GetImage", query=QUERY, region="ap-south-1")
    assert _code(result) == (403, "InvalidSignatureException")
    assert result[2]["message"] == "Credential should be scoped to a valid region."


def test_any_signing_region_when_the_check_is_off():
    with ImageBuilderService() as service:
        status, _, _ = raw_request(service.endpoint_url, "GET", "/GetImage", query=QUERY, region="ap-south-1")
        assert status == 404


def _boto3(service, **credentials):
    import boto3
    from botocore.config import Config

    return boto3.client("imagebuilder", endpoint_url=service.endpoint_url, region_name="us-east-1",
                        config=Config(retries={"mode": "standard", "total_max_attempts": 1}), **credentials)


def _get(client):
    try:
        client.get_image(imageBuildVersionArn=QUERY["imageBuildVersionArn"])
    except client.exceptions.ClientError as exc:
        return exc.response["Error"]["Code"], exc.response["Error"]["Message"]
    raise AssertionError("GetImage of a missing image succeeded")


INVALID_TOKEN = ("UnrecognizedClientException", "The security token included in the request is invalid.")


def test_session_tokens_are_checked(imagebuilder_service):
    service = imagebuilder_service
    test_keys = {"aws_access_key_id": TEST_ACCESS_KEY, "aws_secret_access_key": TEST_SECRET_KEY}
    assert _get(_boto3(service, **test_keys))[0] == "ResourceNotFoundException"
    assert _get(_boto3(service, **test_keys, aws_session_token="garbage")) == INVALID_TOKEN
    service.admin.add_credentials("ASIATEMPORARYKEY0001", "temporary-secret", "token-1")
    temporary = {"aws_access_key_id": "ASIATEMPORARYKEY0001", "aws_secret_access_key": "temporary-secret"}
    assert _get(_boto3(service, **temporary, aws_session_token="token-1"))[0] == "ResourceNotFoundException"
    assert _get(_boto3(service, **temporary, aws_session_token="token-2")) == INVALID_TOKEN
    assert _get(_boto3(service, **temporary)) == INVALID_TOKEN
    service.admin.add_credentials("AKIDADDEDLATER000001", "permanent-secret")
    assert _get(_boto3(service, aws_access_key_id="AKIDADDEDLATER000001",
                       aws_secret_access_key="permanent-secret"))[0] == "ResourceNotFoundException"


def test_temporary_credentials_from_the_constructor():
    with ImageBuilderService(credentials={"ASIACONSTRUCTOR00001": "s"}, session_tokens={"ASIACONSTRUCTOR00001": "t"}) as service:
        assert _get(service.client())[0] == "ResourceNotFoundException"
        assert _get(_boto3(service, aws_access_key_id="ASIACONSTRUCTOR00001", aws_secret_access_key="s")) == \
            INVALID_TOKEN


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


def test_rotation_accepts_only_the_new_key(imagebuilder_service):
    service, admin = imagebuilder_service, imagebuilder_service.admin
    old = {"aws_access_key_id": TEST_ACCESS_KEY, "aws_secret_access_key": TEST_SECRET_KEY}
    new = {"aws_access_key_id": "AKIAROTATED000000001", "aws_secret_access_key": "rotated-secret"}
    assert _get(_boto3(service, **old))[0] == "ResourceNotFoundException"
    admin.rotate_credentials(new["aws_access_key_id"], new["aws_secret_access_key"])
    assert _get(_boto3(service, **old)) == INVALID_TOKEN
    assert _get(_boto3(service, **new))[0] == "ResourceNotFoundException"
    assert _get(_boto3(service, aws_access_key_id=new["aws_access_key_id"],
                       aws_secret_access_key=TEST_SECRET_KEY))[0] == "InvalidSignatureException"
    assert admin.credentials() == [{"accessKeyId": "AKIAROTATED000000001", "temporary": False, "expiration": None}]
    counters = admin.counters()["GetImage"]
    assert counters["authFailures"] == 2 and counters["calls"] == 4
    assert counters["byCode"] == {"ResourceNotFoundException": 2, "UnrecognizedClientException": 1,
                                  "InvalidSignatureException": 1}
    assert [c["authFailure"] for c in admin.calls("GetImage")] == [False, True, False, True]


def test_temporary_credentials_are_issued_and_expire(imagebuilder_service):
    service, admin = imagebuilder_service, imagebuilder_service.admin
    issued = admin.issue_temporary_credentials(duration_seconds=900)
    assert issued["accessKeyId"].startswith("ASIA") and issued["sessionToken"] and issued["expiration"].endswith("Z")
    temporary = {"aws_access_key_id": issued["accessKeyId"], "aws_secret_access_key": issued["secretAccessKey"],
                 "aws_session_token": issued["sessionToken"]}
    assert _get(_boto3(service, **temporary))[0] == "ResourceNotFoundException"
    assert {"accessKeyId": issued["accessKeyId"], "temporary": True, "expiration": issued["expiration"]} \
        in admin.credentials()
    admin.expire_credentials(issued["accessKeyId"])
    status, headers, body = raw_request(service.endpoint_url, "GET", "/GetImage", query=QUERY,
                                        access_key=issued["accessKeyId"], secret_key=issued["secretAccessKey"],
                                        session_token=issued["sessionToken"])
    assert (status, headers["x-amzn-errortype"], body) == (
        403, "ExpiredTokenException", {"message": "The security token included in the request is expired"})
    assert _get(_boto3(service, **{**temporary, "aws_session_token": "other"})) == INVALID_TOKEN
    assert _get(_boto3(service, aws_access_key_id=TEST_ACCESS_KEY,
                       aws_secret_access_key=TEST_SECRET_KEY))[0] == "ResourceNotFoundException"  # others stay
    short = admin.issue_temporary_credentials(duration_seconds=0.2)
    time.sleep(0.3)
    assert _get(_boto3(service, aws_access_key_id=short["accessKeyId"], aws_secret_access_key=short["secretAccessKey"],
                       aws_session_token=short["sessionToken"]))[0] == "ExpiredTokenException"
    assert admin.counters()["GetImage"]["authFailures"] == 3


def test_bad_credential_admin_requests_are_refused(imagebuilder_admin):
    from imagebuilder_local import AdminError

    for call in (lambda: imagebuilder_admin.expire_credentials(TEST_ACCESS_KEY),  # not temporary
                 lambda: imagebuilder_admin.expire_credentials("AKIDUNKNOWN")):
        with pytest.raises(AdminError) as info:
            call()
        assert info.value.status == 404
    for call in (lambda: imagebuilder_admin.rotate_credentials("", "x"),
                 lambda: imagebuilder_admin.issue_temporary_credentials(0)):
        with pytest.raises(AdminError) as info:
            call()
        assert info.value.status == 400
