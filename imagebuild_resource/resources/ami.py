"""The typed entries of a build's ``amis`` output."""

from typing import Optional

import pulumi


@pulumi.output_type
class Ami(dict[str, Optional[str]]):
    """One AMI a build distributed: its region, id, name and account.

    A dict with the output's camelCase keys (``ami["imageId"]``, as in release 0.1.0) and
    snake_case attributes (``ami.image_id``).
    """

    def __init__(self, *, region: Optional[str] = None, image_id: Optional[str] = None, name: Optional[str] = None,
                 account_id: Optional[str] = None) -> None:
        super().__init__(region=region, imageId=image_id, name=name, accountId=account_id)

    @property
    @pulumi.getter
    def region(self) -> Optional[str]:
        """The region the AMI is in."""
        return self.get("region")

    @property
    @pulumi.getter(name="imageId")
    def image_id(self) -> Optional[str]:
        """The AMI's id (``ami-...``)."""
        return self.get("imageId")

    @property
    @pulumi.getter
    def name(self) -> Optional[str]:
        """The AMI's name."""
        return self.get("name")

    @property
    @pulumi.getter(name="accountId")
    def account_id(self) -> Optional[str]:
        """The account that owns the AMI."""
        return self.get("accountId")
