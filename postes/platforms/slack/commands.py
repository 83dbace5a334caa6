"""`/postes <subcommand> …`: Slack's one slash command, spread over the conversation core.

`/postes offres attaché` is `/offres attaché` on Telegram: the subcommand takes the French or
English name of any command. Subcommands that change a shared channel are refused to whoever
may not manage it (`permissions`).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from postes.conversation import deadlines, lifecycle, messages
from postes.conversation import subscriptions as subscription_logic
from postes.conversation.commands import command, naming
from postes.conversation.offer_detail import offer_view
from postes.conversation.offers import offers_reply
from postes.conversation.replies import Reply
from postes.conversation.settings import settings_reply
from postes.conversation.subscribe import create_subscription
from postes.conversation.subscribe_flow import flow_step
from postes.conversation.typos import command_word, guess_command, suggestion_reply
from postes.platforms.slack.caller import Caller, Deps
from postes.platforms.slack.permissions import ONLY_MANAGERS

SLASH = "/postes"
MANAGING = {"subscribe", "unsubscribe", "settings", "stop"}
# The commands Slack serves (Telegram's operator commands are not among them).
HANDLED = {"start", "help", "offers", "offer", "subscriptions", "deadlines", *MANAGING}

MayManage = Callable[[], Awaitable[bool]]


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
    key = guess.key if guess is not None and guess.exact else None
    return (key if key in HANDLED else None), rest.strip()


async def answer_command(deps: Deps, caller: Caller, text: str, may_manage: MayManage) -> Reply:
    """The reply to `/postes <text>` from `caller`."""
    key, args = split_command(text)
    if key is None:
        guess = guess_command(command_word(text))
        if guess is not None and guess.key in HANDLED and not guess.exact:
            return suggestion_reply("/" + text.strip(), guess)  # `/postes ofres` -> offres ?
        return Reply(messages.unknown_command())
    if key in MANAGING and not await may_manage():
        return Reply(ONLY_MANAGERS)
    chat, sessions = caller.chat, deps.sessions
    if key == "start":
        return await lifecycle.start(sessions=sessions, chat=chat, now=deps.now())
    if key == "help":
        return lifecycle.help_reply()
    if key == "offers":
        return await offers_reply(
            sessions=sessions, chat=chat, query_text=args, page=1, today=deps.today()
        )
    if key == "offer":
        view = await offer_view(sessions=sessions, chat=chat, today=deps.today(), reference=args)
        return view.reply
    if key == "subscribe":
        if args:
            return await create_subscription(
                sessions=sessions, chat=chat, text=args, now=deps.now(), today=deps.today()
            )
        step = await flow_step(
            sessions=sessions, chat=chat, data="sf:", now=deps.now(), today=deps.today()
        )
        assert isinstance(step, Reply)  # the first step is always a message with buttons
        return step
    if key == "subscriptions" or (key == "unsubscribe" and not args):
        return await subscription_logic.subscriptions_reply(sessions=sessions, chat=chat)
    if key == "unsubscribe":
        number = args.lstrip("n°#")
        if not number.isdigit():
            return Reply(
                "Indiquez le numéro de l'abonnement, par exemple "
                f"{command('unsubscribe', '3')} (voir {command('subscriptions')})."
            )
        outcome = await subscription_logic.change_subscription(
            sessions=sessions, chat=chat, action="del", subscription_id=int(number)
        )
        return Reply(outcome.notice)
    if key == "deadlines":
        return await deadlines.deadlines_reply(sessions=sessions, chat=chat, today=deps.today())
    if key == "settings":
        return await settings_reply(sessions=sessions, chat=chat, now=deps.now())
    assert key == "stop"
    return lifecycle.stop_confirmation()
