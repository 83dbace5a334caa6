"""Errors shaped exactly like the Bot API's JSON error replies."""

from __future__ import annotations

from typing import Any

STATUS_PREFIX = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
}


class ApiError(Exception):
    """A rejected call; `response()` gives the (status, body) the real server would send."""

    def __init__(
        self,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def response(self) -> tuple[int, dict[str, Any]]:
        """Return the HTTP status and JSON body of this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        parameters = {
            "retry_after": self.retry_after,
            "migrate_to_chat_id": self.migrate_to_chat_id,
        }
        if any(value is not None for value in parameters.values()):
            body["parameters"] = {k: v for k, v in parameters.items() if v is not None}
        return self.status, body


def bad_request(detail: str) -> ApiError:
    """Build the 400 the server sends for semantically wrong calls."""
    return ApiError(400, f"Bad Request: {detail}")


def scripted(status: int, description: str, retry_after: int | None = None) -> ApiError:
    """Build an error from a test's script, adding Telegram's prefix when it was left out."""
    prefix = STATUS_PREFIX.get(status)
    if prefix and not description.startswith(prefix):
        description = f"{prefix}: {description}" if description else prefix
    if status == 429 and retry_after is None:
        retry_after = 1
    return ApiError(status, description, retry_after=retry_after)


def chat_upgraded(new_chat_id: int) -> ApiError:
    """Build the reply to a call aimed at a group that became a supergroup: PTB reads
    `parameters.migrate_to_chat_id` into `ChatMigrated.new_chat_id`."""
    return ApiError(
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=new_chat_id,
    )


def too_many_requests(retry_after: int) -> ApiError:
    """Build the flood-control reply: PTB reads `parameters.retry_after` into `RetryAfter`."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)
