"""What a call to Image Builder goes through under the retry loop: fresh credentials, and the
not-found grace after CreateImage.

- **Credentials.** When AWS rejects the credentials (they were rotated, or a temporary
  token expired), the client is made again once, which resolves the credential chain
  afresh (environment, shared files, profile), and the call is repeated. Wrong
  credentials therefore cost two calls before the error reaches the user.
- **Eventual consistency.** Right after CreateImage, GetImage may briefly answer
  ResourceNotFoundException for the new build. Our decision: for
  ``WaitOptions.not_found_grace_seconds`` after the create answered, and until a call has
  found the build once, such an answer about that build is a transient failure, retried
  by the one retry loop with its back-off; afterwards it is the answer (the build does
  not exist).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..arazzo.binding import Boto3Binding
from ..arazzo.errors import TransientCallError
from ..arazzo.state import Response
from ..arazzo.timing import Clock

AUTH_ERROR_CODES = frozenset({
    "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException", "ExpiredToken",
    "InvalidClientTokenId", "SignatureDoesNotMatch",
})
"""AWS error codes that say the credentials were not accepted."""

_NOT_FOUND = "ResourceNotFoundException"


class ImageBuilderCalls:
    """Callable as ``calls(operation, arguments)``, like the binding it wraps."""

    def __init__(self, client: Any, clock: Clock, *, not_found_grace_seconds: float,
                 renew_client: Callable[[], Any] | None = None) -> None:
        self.binding = Boto3Binding(client)
        self.clock, self.grace, self.renew_client = clock, not_found_grace_seconds, renew_client
        self.created: dict[str, float] = {}
        self.renewals = 0

    @property
    def client(self) -> Any:
        return self.binding.client

    def __call__(self, operation: str, arguments: Mapping[str, Any]) -> Response:
        response = self.binding(operation, arguments)
        if response.error_code in AUTH_ERROR_CODES and self.renew_client is not None:
            self.binding = Boto3Binding(self.renew_client())
            self.renewals += 1
            response = self.binding(operation, arguments)
        if operation == "CreateImage" and response.error_code is None:
            self.created[str(response.body.get("imageBuildVersionArn"))] = self.clock.now()
        arn = arguments.get("imageBuildVersionArn")
        if isinstance(arn, str) and arn in self.created:
            if response.error_code == _NOT_FOUND and self._in_grace(arn):
                raise TransientCallError(operation, _NOT_FOUND, response.error_message or "not found yet",
                                         response.status_code)
            if response.error_code is None:  # seen once, it does not go out of sight again
                del self.created[arn]
        return response

    def _in_grace(self, arn: str) -> bool:
        created = self.created.get(arn)
        return created is not None and self.clock.now() - created < self.grace
