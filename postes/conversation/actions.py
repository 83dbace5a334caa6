"""Commands and typed text, for any front end: a caller in, outcomes out.

`run_command` serves every command of the table (`conversation.commands`), `answer_prompt`
the text typed in answer to a `Prompt`, `free_text` anything else; button presses are in
`conversation.presses`. Whether the caller may change the chat is asked here, only for the
commands that change it.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation import lifecycle, messages
from postes.conversation import subscriptions as subscription_logic
from postes.conversation.applying import MAX_DOCUMENT_BYTES
from postes.conversation.caller import Caller, Outcome, Send
from postes.conversation.commands import command, find_command
from postes.conversation.deadlines import deadlines_reply
from postes.conversation.free_text import FreeText, plain_text_reply
from postes.conversation.lookup import lookup_offer
from postes.conversation.offer_detail import OfferView
from postes.conversation.offers import offers_reply
from postes.conversation.replies import Attachment, Reply
from postes.conversation.settings import settings_command, settings_reply
from postes.conversation.subscribe import create_subscription
from postes.conversation.subscribe_flow import (
    flow_step,
    keywords_answer,
    read_prompt,
)
from postes.conversation.typos import command_word, guess_command, suggestion_reply

Handler = Callable[[async_sessionmaker, Caller, str], Awaitable[list[Outcome]]]
# Commands that change the chat: in a shared chat, only those the front end allows.
MANAGING = frozenset({"subscribe", "unsubscribe", "settings", "stop"})
NOT_ALLOWED = Send(Reply(messages.ADMINS_ONLY))


def view_outcomes(view: OfferView) -> list[Outcome]:
    """An offer's details, then its notice file when the reader must look at it."""
    shown: list[Outcome] = [Send(view.reply)]
    path = view.document
    if path is not None and path.is_file() and 0 < path.stat().st_size <= MAX_DOCUMENT_BYTES:
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        shown.append(Attachment(path.name, path.read_bytes(), mime, caption="L'avis original"))
    return shown


async def _start(sessions: async_sessionmaker, caller: Caller, _: str) -> list[Outcome]:
    return [Send(await lifecycle.start(sessions=sessions, chat=caller.chat, now=caller.now))]


async def _help(sessions: async_sessionmaker, caller: Caller, _: str) -> list[Outcome]:
    return [Send(lifecycle.help_reply())]


async def _offers(sessions: async_sessionmaker, caller: Caller, text: str) -> list[Outcome]:
    found = await offers_reply(
        sessions=sessions, chat=caller.chat, query_text=text, page=1, today=caller.today
    )
    return [Send(found)]


async def _offer(sessions: async_sessionmaker, caller: Caller, text: str) -> list[Outcome]:
    # A reference, part of one (several: a choice), or words (a search).
    found = await lookup_offer(sessions=sessions, chat=caller.chat, today=caller.today, text=text)
    return view_outcomes(found) if isinstance(found, OfferView) else [Send(found)]


async def _subscribe(sessions: async_sessionmaker, caller: Caller, text: str) -> list[Outcome]:
    if text.strip():
        created = await create_subscription(
            sessions=sessions, chat=caller.chat, text=text, now=caller.now, today=caller.today
        )
        return [Send(created)]
    step = await flow_step(
        sessions=sessions, chat=caller.chat, data="sf:", now=caller.now, today=caller.today
    )
    assert isinstance(step, Reply), "the flow starts with a message"
    return [Send(step)]


async def _subscriptions(sessions: async_sessionmaker, caller: Caller, _: str) -> list[Outcome]:
    return [Send(await subscription_logic.subscriptions_reply(sessions=sessions, chat=caller.chat))]


async def _unsubscribe(sessions: async_sessionmaker, caller: Caller, text: str) -> list[Outcome]:
    number = text.strip().lstrip("n°#")
    if not number:
        return await _subscriptions(sessions, caller, "")
    if not (number.isascii() and number.isdigit()) or len(number) > 18:
        example = command("unsubscribe", "3")
        return [
            Send(
                Reply(
                    f"Indiquez le numéro de l'abonnement, par exemple {example} "
                    f"(voir {command('subscriptions')})."
                )
            )
        ]
    outcome = await subscription_logic.change_subscription(
        sessions=sessions, chat=caller.chat, action="del", subscription_id=int(number)
    )
    return [Send(Reply(outcome.notice))]


async def _deadlines(sessions: async_sessionmaker, caller: Caller, _: str) -> list[Outcome]:
    return [Send(await deadlines_reply(sessions=sessions, chat=caller.chat, today=caller.today))]


async def _settings(sessions: async_sessionmaker, caller: Caller, text: str) -> list[Outcome]:
    if text.strip():  # `/reglages rappels 14 3 1`
        changed = await settings_command(
            sessions=sessions, chat=caller.chat, text=text, now=caller.now
        )
        return [Send(changed)]
    return [Send(await settings_reply(sessions=sessions, chat=caller.chat, now=caller.now))]


async def _stop(sessions: async_sessionmaker, caller: Caller, _: str) -> list[Outcome]:
    return [Send(lifecycle.stop_confirmation())]


COMMAND_ACTIONS: dict[str, Handler] = {
    "start": _start,
    "help": _help,
    "offers": _offers,
    "offer": _offer,
    "subscribe": _subscribe,
    "subscriptions": _subscriptions,
    "unsubscribe": _unsubscribe,
    "deadlines": _deadlines,
    "settings": _settings,
    "stop": _stop,
}


async def run_command(
    *, sessions: async_sessionmaker, caller: Caller, name: str, text: str = ""
) -> list[Outcome]:
    """Serve the command typed as `name` (French or English) with the rest of the line.

    A name that differs from a command's only by accents or case runs it (`/désabonner`);
    a near miss gets "vouliez-vous dire"; anything else, the help.
    """
    found = find_command(name)
    if found is None:
        guess = guess_command(name)
        if guess is None:
            return [Send(Reply(messages.unknown_command()))]
        if not guess.exact:
            typed = f"/{name} {text}" if text else f"/{name}"
            return [Send(suggestion_reply(typed, guess))]
        found = find_command(guess.key)
    if found is None or found.key not in COMMAND_ACTIONS:
        return [Send(Reply(messages.unknown_command()))]
    if found.key in MANAGING and not await caller.may_manage():
        return [NOT_ALLOWED]
    return await COMMAND_ACTIONS[found.key](sessions, caller, text)


async def answer_prompt(
    *, sessions: async_sessionmaker, caller: Caller, prompt_text: str | None, typed: str
) -> list[Outcome] | None:
    """The text typed in answer to a `Prompt`; None when that message asked nothing."""
    if read_prompt(prompt_text) is None:
        return None
    if not await caller.may_manage():
        return [NOT_ALLOWED]
    answer = await keywords_answer(
        sessions=sessions,
        chat=caller.chat,
        prompt_text=prompt_text,
        typed=typed,
        now=caller.now,
        today=caller.today,
    )
    return [Send(answer)] if answer is not None else None


async def typed_text(*, sessions: async_sessionmaker, caller: Caller, text: str) -> list[Outcome]:
    """Text that is not a registered command, addressed to the bot.

    A command the platform did not recognise (`/désabonner`) is run or corrected. In a group,
    other text gets the help. In a private chat it first answers a pending question (the
    keywords of a guided subscription), then is read as a command without its slash, or
    as a search; anything else gets the help.
    """
    if text.startswith("/"):
        word = command_word(text)
        rest = text.strip().split(maxsplit=1)[1:]
        return await run_command(
            sessions=sessions, caller=caller, name=word, text=rest[0] if rest else ""
        )
    if caller.chat.kind != "private":
        return [Send(Reply(messages.free_text()))]
    answer = await plain_text_reply(
        sessions=sessions, chat=caller.chat, text=text, now=caller.now, today=caller.today
    )
    if isinstance(answer, FreeText):  # `offres attaché`: the command without its slash
        return await run_command(
            sessions=sessions, caller=caller, name=answer.command, text=answer.rest
        )
    return [Send(answer)]
