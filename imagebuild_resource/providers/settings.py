"""Where a provider reaches Image Builder, from the stack's config; never holds a credential."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pulumi.dynamic

from ..aws import make_client
from ..inputs.table import PROFILE, REGION

ENDPOINT_CONFIG_KEY = "imagebuild:endpointUrl"
"""Stack config key that points the provider at another Image Builder endpoint (the local service)."""
READ_TIMEOUT_CONFIG_KEY = "imagebuild:readTimeoutSeconds"
"""Stack config key for the seconds a call waits for an answer (60 by default)."""


class ConfigError(ValueError):
    """A stack config value the provider cannot use; the message names the key and the expected form."""


@dataclass(frozen=True)
class Settings:
    """The region, profile, endpoint and read timeout of a provider's calls."""

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None
    read_timeout: float | None = None

    @classmethod
    def from_config(cls, config: pulumi.dynamic.Config) -> "Settings":
        """Read ``aws:region``, ``aws:profile``, the endpoint override and the read timeout from stack config."""
        timeout = config.get(READ_TIMEOUT_CONFIG_KEY)
        try:
            seconds = float(timeout) if timeout is not None else None
        except ValueError:
            seconds = None
        if timeout is not None and (seconds is None or seconds <= 0):
            raise ConfigError(f"{READ_TIMEOUT_CONFIG_KEY}: expected a number of seconds greater than 0, "
                              f"got {timeout!r}")
        return cls(config.get("aws:region"), config.get("aws:profile"), config.get(ENDPOINT_CONFIG_KEY), seconds)

    def of_build(self, props: Mapping[str, Any]) -> "Settings":
        """These settings with the build's own ``region`` and ``profile`` where its inputs (or state) set them.

        A state written before they were inputs holds neither: its build is the stack config's.
        A value not known yet (a preview) leaves the stack config's.
        """
        region, profile = props.get(REGION), props.get(PROFILE)
        return replace(self, region=region if isinstance(region, str) else self.region,
                       profile=profile if isinstance(profile, str) else self.profile)

    def client(self) -> Any:
        """A boto3 ``imagebuilder`` client (credentials from the standard chain, resolved anew)."""
        return make_client(region=self.region, profile=self.profile, endpoint_url=self.endpoint_url,
                           read_timeout=self.read_timeout)
