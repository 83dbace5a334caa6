"""Button presses: the same short data as Telegram's (`off:42`, `sub:del:3`…), answered.

Data is decoded by the one strict decoder (`conversation.buttons`): anything that is not
exactly one known kind is "no longer valid" and changes nothing. A press may replace the
message it came from (◀ ▶, the guided flow's steps, refreshed lists), add one (details),
post a short ephemeral notice (what Telegram shows as a toast), or open a modal (the flow's
keywords, which Telegram asks for with a forced reply).
"""

from __future__ import annotations

from dataclasses import dataclass

from postes.conversation import follows, lifecycle, messages
from postes.conversation import subscriptions as subscription_logic
from postes.conversation.buttons import Press, decode
from postes.conversation.commands import command
from postes.conversation.offer_detail import offer_view
from postes.conversation.offers import offers_reply, read_footer
from postes.conversation.replies import Reply
from postes.conversation.settings import change_setting
from postes.conversation.subscribe import create_subscription
from postes.conversation.subscribe_flow import Prompt, flow_step
from postes.platforms.slack.caller import Caller, Deps
from postes.platforms.slack.commands import MayManage
from postes.platforms.slack.permissions import ONLY_MANAGERS


@dataclass(frozen=True, slots=True)
class Answer:
    """What to show after a press."""

    reply: Reply | None = None
    replace: bool = False  # replace the pressed message rather than add one below it
    prompt: Prompt | None = None  # ask for typed text in a modal


# Kinds that change what a shared channel receives: its managers' business.
MANAGING = {
    "offer.follow",
    "offer.unfollow",
    "subscribe.flow",
    "subscribe.search",
    "subscription.change",
    "settings.change",
    "stop.confirm",
}


def _notice(text: str) -> Answer:
    return Answer(Reply(text))


async def answer_press(
    deps: Deps, caller: Caller, data: str, footer: str, may_manage: MayManage
) -> Answer:
    """The answer to a button carrying `data`; `footer` is the last line of its message."""
    press = decode(data)
    if press is None:
        return _notice(messages.expired_button())
    if press.kind in MANAGING and not await may_manage():
        return _notice(ONLY_MANAGERS)
    if press.kind.startswith(("subscription", "settings", "stop")):
        return await _subscriptions_and_settings(deps, caller, press, data)
    chat, sessions = caller.chat, deps.sessions
    if press.kind == "search":
        reply = await offers_reply(
            sessions=sessions, chat=chat, query_text="", page=1, today=deps.today()
        )
        return Answer(reply)
    if press.kind == "offers.page":
        found = read_footer(footer)
        if found is None:
            return _notice(f"Cette recherche n'est plus disponible : relancez {command('offers')}.")
        reply = await offers_reply(
            sessions=sessions,
            chat=chat,
            query_text=found[0],
            page=press.number(),
            today=deps.today(),
        )
        return Answer(reply, replace=True)
    if press.kind == "offer.details":
        view = await offer_view(
            sessions=sessions, chat=chat, today=deps.today(), offer_id=press.number()
        )
        return Answer(view.reply)
    if press.kind == "offer.follow":
        return _notice(
            await follows.follow(
                sessions=sessions,
                chat=chat,
                offer_id=press.number(),
                now=deps.now(),
                today=deps.today(),
            )
        )
    if press.kind == "offer.unfollow":
        return _notice(
            await follows.unfollow(sessions=sessions, chat=chat, offer_id=press.number())
        )
    if press.kind == "subscribe.flow":
        step = await flow_step(
            sessions=sessions, chat=chat, data=data, now=deps.now(), today=deps.today()
        )
        if step is None:
            return _notice(messages.expired_button())
        if isinstance(step, Prompt):
            return Answer(prompt=step)
        return Answer(step, replace=data != "sf:")
    assert press.kind == "subscribe.search"
    found = read_footer(footer)
    if found is None or not found[0]:
        return _notice(messages.expired_button())
    reply = await create_subscription(
        sessions=sessions, chat=chat, text=found[0], now=deps.now(), today=deps.today()
    )
    return Answer(reply)


async def _subscriptions_and_settings(
    deps: Deps, caller: Caller, press: Press, data: str
) -> Answer:
    chat, sessions = caller.chat, deps.sessions
    if press.kind == "subscriptions.list":
        return Answer(await subscription_logic.subscriptions_reply(sessions=sessions, chat=chat))
    if press.kind == "subscription.matches":
        text = await subscription_logic.subscription_query_text(
            sessions=sessions, chat=chat, subscription_id=press.number()
        )
        if text is None:
            return _notice("Cet abonnement n'existe plus.")
        reply = await offers_reply(
            sessions=sessions, chat=chat, query_text=text, page=1, today=deps.today()
        )
        return Answer(reply)
    if press.kind == "subscription.change":
        action = press.word()
        outcome = await subscription_logic.change_subscription(
            sessions=sessions, chat=chat, action=action, subscription_id=press.number()
        )
        if action == "mute":  # under an alert, which must stay as it is
            return _notice(outcome.notice)
        text = f"{outcome.notice}\n\n{outcome.reply.text}"
        return Answer(Reply(text, outcome.reply.buttons), replace=True)
    if press.kind == "settings.change":
        changed = await change_setting(sessions=sessions, chat=chat, data=data, now=deps.now())
        if changed is None:
            return _notice(messages.expired_button())
        return Answer(changed, replace=True)
    assert press.kind == "stop.confirm"
    if press.word() == "yes":
        return Answer(await lifecycle.forget(sessions=sessions, chat=chat), replace=True)
    return Answer(Reply(messages.STOP_CANCELLED), replace=True)
