"""Button presses: the same short data as Telegram's (`off:42`, `sub:del:3`…), answered.

A press may replace the message it came from (◀ ▶, the guided flow's steps, refreshed
lists), add a new one (details), post a short ephemeral notice (what Telegram shows as a
toast), or open a modal (the flow's keywords, which Telegram asks for with a forced reply).
"""

from __future__ import annotations

from dataclasses import dataclass

from postes.conversation import follows, lifecycle, messages
from postes.conversation import subscriptions as subscription_logic
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


def _number(data: str) -> int | None:
    tail = data.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() and len(tail) <= 18 else None


def _notice(text: str) -> Answer:
    return Answer(Reply(text))


EXPIRED = _notice(messages.EXPIRED_BUTTON)
_MANAGING = ("fol:", "unf:", "sf:", "sfq", "sub:del:", "sub:pause:", "sub:resume:",
             "sub:mute:", "set:", "stop:")  # fmt: skip


async def answer_press(
    deps: Deps, caller: Caller, data: str, footer: str, may_manage: MayManage
) -> Answer:
    """The answer to a button carrying `data`; `footer` is the last line of its message."""
    if data.startswith(_MANAGING) and not await may_manage():
        return _notice(ONLY_MANAGERS)
    chat, sessions, number = caller.chat, deps.sessions, _number(data)
    if data == "srch":
        return _notice("Tapez /offres suivi de mots-clés, par exemple : /offres attaché")
    if data.startswith("ofp:") and number:
        found = read_footer(footer)
        if found is None:
            return _notice("Cette recherche n'est plus disponible : relancez /offres.")
        reply = await offers_reply(
            sessions=sessions, chat=chat, query_text=found[0], page=number, today=deps.today()
        )
        return Answer(reply, replace=True)
    if data.startswith("off:") and number:
        view = await offer_view(sessions=sessions, chat=chat, today=deps.today(), offer_id=number)
        return Answer(view.reply)
    if data.startswith("fol:") and number:
        return _notice(
            await follows.follow(
                sessions=sessions, chat=chat, offer_id=number, now=deps.now(), today=deps.today()
            )
        )
    if data.startswith("unf:") and number:
        return _notice(await follows.unfollow(sessions=sessions, chat=chat, offer_id=number))
    if data.startswith("sf:"):
        step = await flow_step(
            sessions=sessions, chat=chat, data=data, now=deps.now(), today=deps.today()
        )
        if step is None:
            return EXPIRED
        if isinstance(step, Prompt):
            return Answer(prompt=step)
        return Answer(step, replace=data != "sf:")
    if data == "sfq":
        found = read_footer(footer)
        if found is None or not found[0]:
            return EXPIRED
        return Answer(
            await create_subscription(
                sessions=sessions, chat=chat, text=found[0], now=deps.now(), today=deps.today()
            )
        )
    return await _subscriptions_and_settings(deps, caller, data, number)


async def _subscriptions_and_settings(
    deps: Deps, caller: Caller, data: str, number: int | None
) -> Answer:
    chat, sessions = caller.chat, deps.sessions
    if data == "sub:all":
        return Answer(await subscription_logic.subscriptions_reply(sessions=sessions, chat=chat))
    if data.startswith("sub:list:") and number:
        text = await subscription_logic.subscription_query_text(
            sessions=sessions, chat=chat, subscription_id=number
        )
        if text is None:
            return _notice("Cet abonnement n'existe plus.")
        return Answer(
            await offers_reply(
                sessions=sessions, chat=chat, query_text=text, page=1, today=deps.today()
            )
        )
    action = data.split(":")[1] if data.count(":") == 2 else ""
    if data.startswith("sub:") and action in ("del", "pause", "resume", "mute") and number:
        outcome = await subscription_logic.change_subscription(
            sessions=sessions, chat=chat, action=action, subscription_id=number
        )
        if action == "mute":  # under an alert, which must stay as it is
            return _notice(outcome.notice)
        return Answer(
            Reply(f"{outcome.notice}\n\n{outcome.reply.text}", outcome.reply.buttons), replace=True
        )
    if data.startswith("set:"):
        reply = await change_setting(sessions=sessions, chat=chat, data=data, now=deps.now())
        return Answer(reply, replace=True) if reply is not None else EXPIRED
    if data == "stop:yes":
        return Answer(await lifecycle.forget(sessions=sessions, chat=chat), replace=True)
    if data == "stop:no":
        return Answer(Reply(messages.STOP_CANCELLED), replace=True)
    return EXPIRED
