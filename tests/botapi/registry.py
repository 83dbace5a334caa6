"""The table of method implementations `FakeBotApi` dispatches to."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.botapi.double import FakeBotApi

Handler = Callable[["FakeBotApi", dict[str, Any]], Any]
HANDLERS: dict[str, Handler] = {}


def handles(name: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the implementation of Bot API method `name`."""

    def register(func: Handler) -> Handler:
        HANDLERS[name] = func
        return func

    return register
