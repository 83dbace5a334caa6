"""`/postes <subcommand> …`: Slack's one slash command, and how Slack texts name commands.

`/postes offres attaché` is `/offres attaché` on Telegram: the subcommand is the French or
English name of any command, run by the conversation core (`actions.run_command`), which
refuses what changes a shared channel to whoever may not manage it (`permissions`).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from postes.conversation.commands import naming
from postes.conversation.typos import guess_command

SLASH = "/postes"


def slack_naming(name: str) -> str:
    """How Slack users type a command: `/postes offres` (one slash command, subcommands)."""
    return f"{SLASH} {name}"


Listener = Callable[..., Awaitable[None]]


def spelled(listener: Listener) -> Listener:
    """Run a bolt listener with Slack's command naming in every text it builds.

    bolt reads the listener's parameters through `functools.wraps`' `__wrapped__`.
    """

    @functools.wraps(listener)
    async def run(**kwargs: Any) -> None:
        with naming(slack_naming):
            await listener(**kwargs)

    return run


def split_command(text: str) -> tuple[str | None, str]:
    """(command key, its arguments) of `offres attaché`; key None for an unknown name."""
    name, _, rest = text.strip().partition(" ")
    name = name.lstrip("/")
    if not name:
        return "start", ""
    guess = guess_command(name)  # accents and case do not matter: `échéances`
    return (guess.key if guess is not None and guess.exact else None), rest.strip()
