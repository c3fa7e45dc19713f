"""The boto3 client factory: config chain honoured, model data shared, no credential kept."""

from imagebuild_resource.aws import CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS, make_client


def test_profile_region_and_credentials_come_from_the_standard_chain(tmp_path, monkeypatch):
    (tmp_path / "config").write_text("[profile build]\nregion = eu-west-1\n")
    (tmp_path / "credentials").write_text("[build]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    client = make_client(profile="build")
    assert client.meta.region_name == "eu-west-1"
    assert client._request_signer._credentials.access_key == "AKIDPROFILE"
    assert make_client(region="us-east-2", profile="build").meta.region_name == "us-east-2"


def test_timeouts_are_explicit_and_clients_share_the_model_loader(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDX")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
    first, second = make_client(region="us-east-1"), make_client(region="us-east-1", endpoint_url="http://127.0.0.1:1")
    assert first.meta.config.connect_timeout == CONNECT_TIMEOUT_SECONDS
    assert first.meta.config.read_timeout == READ_TIMEOUT_SECONDS
    assert first.meta.service_model is not second.meta.service_model  # independent clients...
    # ...built from one copy of the model data
    assert first.meta.service_model._shape_resolver._shape_map is second.meta.service_model._shape_resolver._shape_map


def test_aws_region_is_honoured_before_aws_default_region_and_the_profile(monkeypatch):
    import boto3
    import pytest
    from botocore.exceptions import NoRegionError

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDX")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_REGION", "eu-west-2")
    with pytest.raises(NoRegionError):  # what this botocore does on its own
        boto3.session.Session().client("imagebuilder")
    assert make_client().meta.region_name == "eu-west-2"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-1")
    assert make_client().meta.region_name == "eu-west-2"
    assert make_client(region="ap-south-1").meta.region_name == "ap-south-1"


def test_credentials_are_resolved_anew_for_every_client_asked_for_and_new_ones_get_a_new_client(tmp_path, monkeypatch):
    import pytest
    from botocore.exceptions import ProfileNotFound

    credentials = tmp_path / "credentials"
    credentials.write_text("[default]\naws_access_key_id = AKIDOLD\naws_secret_access_key = s\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    old = make_client(region="us-east-1")
    assert make_client(region="us-east-1") is old  # the same credentials: the same (thread-safe) client
    credentials.write_text("[default]\naws_access_key_id = AKIDNEW\naws_secret_access_key = s\n")  # rotated
    assert make_client(region="us-east-1")._request_signer._credentials.access_key == "AKIDNEW"
    assert old._request_signer._credentials.access_key == "AKIDOLD"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")  # the environment comes first in the chain
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
    assert make_client(region="us-east-1")._request_signer._credentials.access_key == "AKIDENV"
    assert make_client(region="us-east-1", access_key="AKIDARG", secret_key="s") \
        ._request_signer._credentials.access_key == "AKIDARG"
    with pytest.raises(ProfileNotFound):
        make_client(region="us-east-1", profile="missing")
