"""The catalog: the recipes, configurations and workflows that builds reference, by ARN."""

from __future__ import annotations

from typing import Any

from ..catalog_documents import CatalogEntry, parse_document
from ..errors import ServiceError
from . import versions
from .tags import TagStore


class Catalog:
    """Installed catalog entries; their tags live in the shared :class:`TagStore`."""

    def __init__(self, region: str, account: str, tags: TagStore) -> None:
        self.region, self.account, self._tags = region, account, tags
        self._entries: dict[str, CatalogEntry] = {}

    def install(self, doc: dict[str, Any]) -> list[str]:
        """Add (or replace) the entries of a catalog document; returns their ARNs. Raises CatalogError."""
        entries = parse_document(doc, self.region, self.account)
        for entry in entries:
            self._entries[entry.arn] = entry
            self._tags.add_resource(entry.arn, entry.tags)
        return [e.arn for e in entries]

    def arns(self) -> list[str]:
        """Every entry's ARN, sorted."""
        return sorted(self._entries)

    def entries(self) -> list[CatalogEntry]:
        """Every entry, sorted by ARN."""
        return [self._entries[arn] for arn in self.arns()]

    def find(self, arn: str | None) -> CatalogEntry | None:
        """The entry ``arn``, or None."""
        return self._entries.get(arn) if arn else None

    def get(self, arn: str, kind: str) -> CatalogEntry:
        """The entry ``arn`` of ``kind`` (a catalog list name), else ``ResourceNotFoundException``."""
        entry = self._entries.get(arn)
        if entry is None or entry.kind != kind:
            raise ServiceError("ResourceNotFoundException", f"The resource '{arn}' does not exist.")
        return entry

    def resolve_recipe(self, arn: str, kind: str) -> CatalogEntry:
        """The recipe ``arn``; a version with ``x`` wildcards resolves to the newest matching version."""
        base, wanted = arn.rsplit("/", 1)
        if "x" not in wanted:
            return self.get(arn, kind)
        versions.check_wildcards(wanted, arn)
        found = [e for a, e in self._entries.items()
                 if e.kind == kind and a.rsplit("/", 1)[0] == base and versions.matches(wanted, a.rsplit("/", 1)[1])]
        if not found:
            raise ServiceError("ResourceNotFoundException", f"The resource '{arn}' does not exist.")
        return max(found, key=lambda e: versions.sort_key(e.arn.rsplit("/", 1)[1]))

    def render(self, arn: str | None) -> dict[str, Any] | None:
        """The entry ``arn`` as its Get* operation returns it (tags included), or None."""
        entry = self.find(arn)
        return entry.render(self._tags.of(entry.arn)) if entry else None
