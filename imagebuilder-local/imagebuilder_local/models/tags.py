"""The one tag store: tags of every resource (builds and catalog resources) by ARN."""

from __future__ import annotations

from .. import errors

MAX_TAGS = 50
"""The most tags a resource can have (the model's ``TagMap`` has ``max`` 50)."""


class TagStore:
    """Tags by resource ARN; a resource must be added before it can be tagged."""

    def __init__(self) -> None:
        self._tags: dict[str, dict[str, str]] = {}

    def add_resource(self, arn: str, tags: dict[str, str] | None = None) -> None:
        """Start keeping tags for ``arn`` (replacing any it had)."""
        self._tags[arn] = dict(tags or {})

    def remove_resource(self, arn: str) -> None:
        """Forget ``arn`` and its tags."""
        self._tags.pop(arn, None)

    def knows(self, arn: str) -> bool:
        """True if ``arn`` is a resource that can be tagged."""
        return arn in self._tags

    def of(self, arn: str) -> dict[str, str]:
        """A copy of the tags of ``arn`` (empty for an unknown resource)."""
        return dict(self._tags.get(arn, {}))

    def tag(self, arn: str, tags: dict[str, str]) -> None:
        """Add or overwrite ``tags`` on ``arn``; refuses to pass :data:`MAX_TAGS`."""
        current = self._existing(arn)
        merged = {**current, **tags}
        if len(merged) > MAX_TAGS:
            raise errors.ServiceError(
                "InvalidParameterException",
                f"A resource can have at most {MAX_TAGS} tags; '{arn}' would have {len(merged)}.")
        current.update(tags)

    def untag(self, arn: str, keys: list[str]) -> None:
        """Remove ``keys`` (those not present are ignored)."""
        current = self._existing(arn)
        for key in keys:
            current.pop(key, None)

    def _existing(self, arn: str) -> dict[str, str]:
        if arn not in self._tags:
            raise errors.ServiceError("ResourceNotFoundException", f"The resource '{arn}' does not exist.")
        return self._tags[arn]

    def to_json(self) -> dict[str, dict[str, str]]:
        """The state file's form."""
        return {arn: dict(tags) for arn, tags in self._tags.items()}

    def restore(self, doc: dict[str, dict[str, str]]) -> None:
        """Take tags from the state file, over those installed with the catalog."""
        for arn, tags in doc.items():
            self._tags[arn] = dict(tags)
