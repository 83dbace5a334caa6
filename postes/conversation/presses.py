"""Button presses, for any front end: the data is decoded once here, strictly.

Each press answers with exactly one `Toast` first (a notice, or a silent acknowledgement),
then what it shows. Data that does not decode, or names something gone, gets "Ce bouton
n'est plus valable". `message_text` is the plain text of the message the button is on: a
results message carries its search in its last line, which paging and "subscribe to this
search" read back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation import decisions, follows, lifecycle, messages
from postes.conversation import subscriptions as subscription_logic
from postes.conversation.actions import view_outcomes
from postes.conversation.applying import apply_view, original_document
from postes.conversation.buttons import Press, decode
from postes.conversation.calendar import calendar_file
from postes.conversation.caller import (
    Caller,
    DropPressed,
    Edit,
    EditButtons,
    Outcome,
    Prompt,
    Send,
    Toast,
)
from postes.conversation.commands import command
from postes.conversation.deadlines import deadlines_reply
from postes.conversation.offer_detail import offer_view
from postes.conversation.offers import offers_reply, read_footer
from postes.conversation.replies import Reply
from postes.conversation.settings import change_setting
from postes.conversation.subscribe import allow_any_keyword, create_subscription
from postes.conversation.subscribe_flow import flow_step
from postes.storage.decisions import APPLIED, DISMISSED

PressHandler = Callable[[async_sessionmaker, Caller, Press, str | None], Awaitable[list[Outcome]]]
# Buttons that change the chat: in a shared chat, only for those the front end allows.
MANAGING = frozenset(
    {
        "offer.follow",
        "offer.unfollow",
        "offer.applied",
        "offer.dismissed",
        "offer.undo",
        "deadlines.undo",
        "subscribe.flow",
        "subscribe.search",
        "subscription.change",
        "subscription.any",
        "settings.change",
        "stop.confirm",
    }
)
ACK = Toast()
_DECISIONS = {"offer.applied": APPLIED, "offer.dismissed": DISMISSED}
# Kinds a front end serves itself, not the core (operator commands of one platform).
FRONT_END_KINDS = frozenset({"broadcast.confirm"})


def expired() -> list[Outcome]:
    """The answer to data we do not understand (any more)."""
    return [Toast(messages.expired_button(), alert=True)]


async def _search(s: async_sessionmaker, c: Caller, p: Press, _: str | None) -> list[Outcome]:
    found = await offers_reply(sessions=s, chat=c.chat, query_text="", page=1, today=c.today)
    return [ACK, Send(found)]


async def _page(s: async_sessionmaker, c: Caller, p: Press, text: str | None) -> list[Outcome]:
    search = read_footer(text)
    if search is None:
        return [Toast(f"Cette recherche n'est plus disponible : relancez {command('offers')}.")]
    found = await offers_reply(
        sessions=s, chat=c.chat, query_text=search[0], page=p.number(), today=c.today
    )
    return [ACK, Edit(found)]


async def _details(s: async_sessionmaker, c: Caller, p: Press, _: str | None) -> list[Outcome]:
    view = await offer_view(sessions=s, chat=c.chat, today=c.today, offer_id=p.number())
    return [ACK, *view_outcomes(view)]


async def _follow(s: async_sessionmaker, c: Caller, p: Press, _: str | None) -> list[Outcome]:
    if p.kind == "offer.follow":
        notice = await follows.follow(
            sessions=s, chat=c.chat, offer_id=p.number(), now=c.now, today=c.today
        )
    else:
        notice = await follows.unfollow(sessions=s, chat=c.chat, offer_id=p.number())
        return [Toast(notice, alert=True)]
    # Followed (or closed, or gone): "Me rappeler" has nothing left to do on that message.
    return [Toast(notice, alert=True), DropPressed()]


async def _decide(s: async_sessionmaker, c: Caller, p: Press, _: str | None) -> list[Outcome]:
    if p.kind in _DECISIONS:
        done = await decisions.decide(
            sessions=s, chat=c.chat, offer_id=p.number(), decision=_DECISIONS[p.kind], now=c.now
        )
    else:
        done = await decisions.undo(sessions=s, chat=c.chat, offer_id=p.number())
    shown: list[Outcome] = [Toast(done.notice, alert=True)]
    if p.kind == "deadlines.undo":  # the /echeances list, redrawn
        shown.append(Edit(await deadlines_reply(sessions=s, chat=c.chat, today=c.today)))
    elif done.buttons is not None:  # under an alert: the text stays, stale buttons go
        shown.append(EditButtons(done.buttons))
    return shown


async def _file(s: async_sessionmaker, c: Caller, p: Press, _: str | None) -> list[Outcome]:
    if p.kind == "offer.calendar":
        found = await calendar_file(
            sessions=s, offer_id=p.number(), now=c.now, zone=c.zone, today=c.today
        )
    else:
        found = await original_document(sessions=s, offer_id=p.number())
    return [ACK, Send(found) if isinstance(found, Reply) else found]


async def _apply(s: async_sessionmaker, c: Caller, p: Press, _: str | None) -> list[Outcome]:
    return [ACK, Send(await apply_view(sessions=s, offer_id=p.number(), today=c.today))]


async def _flow(s: async_sessionmaker, c: Caller, p: Press, _: str | None) -> list[Outcome]:
    data = f"sf:{p.word()}"
    step = await flow_step(sessions=s, chat=c.chat, data=data, now=c.now, today=c.today)
    if step is None:
        return expired()
    if isinstance(step, Prompt):
        return [ACK, step]
    # From the greeting or the empty list, the flow starts below them; then it edits itself.
    return [ACK, Send(step) if data == "sf:" else Edit(step)]


async def _subscribe_search(
    s: async_sessionmaker, c: Caller, p: Press, text: str | None
) -> list[Outcome]:
    search = read_footer(text)
    if search is None or not search[0]:
        return expired()
    created = await create_subscription(
        sessions=s, chat=c.chat, text=search[0], now=c.now, today=c.today
    )
    # The results are redrawn: the button that subscribes to them has done its job.
    results = await offers_reply(
        sessions=s, chat=c.chat, query_text=search[0], page=search[1], today=c.today
    )
    return [ACK, Edit(results), Send(created)]


async def _list(s: async_sessionmaker, c: Caller, p: Press, _: str | None) -> list[Outcome]:
    return [ACK, Send(await subscription_logic.subscriptions_reply(sessions=s, chat=c.chat))]


async def _matches(s: async_sessionmaker, c: Caller, p: Press, _: str | None) -> list[Outcome]:
    query = await subscription_logic.subscription_query_text(
        sessions=s, chat=c.chat, subscription_id=p.number()
    )
    if query is None:
        return [Toast("Cet abonnement n'existe plus.", alert=True)]
    found = await offers_reply(sessions=s, chat=c.chat, query_text=query, page=1, today=c.today)
    return [ACK, Send(found)]


async def _any(s: async_sessionmaker, c: Caller, p: Press, _: str | None) -> list[Outcome]:
    changed = await allow_any_keyword(
        sessions=s, chat=c.chat, subscription_id=p.number(), today=c.today
    )
    return [ACK, Send(changed)]


async def _change(s: async_sessionmaker, c: Caller, p: Press, _: str | None) -> list[Outcome]:
    action = p.word()
    outcome = await subscription_logic.change_subscription(
        sessions=s, chat=c.chat, action=action, subscription_id=p.number()
    )
    toast = Toast(outcome.notice, alert=action == "mute")
    # A mute button sits under an alert, which must stay as it is.
    return [toast] if action == "mute" else [toast, Edit(outcome.reply)]


async def _setting(s: async_sessionmaker, c: Caller, p: Press, _: str | None) -> list[Outcome]:
    data = f"set:{p.word(0)}:{p.word(1)}"
    shown = await change_setting(sessions=s, chat=c.chat, data=data, now=c.now)
    if shown is None:
        return expired()
    return [Toast("C'est enregistré."), Edit(shown)]


async def _stop(s: async_sessionmaker, c: Caller, p: Press, _: str | None) -> list[Outcome]:
    if p.word() == "yes":
        return [ACK, Edit(await lifecycle.forget(sessions=s, chat=c.chat))]
    return [ACK, Edit(Reply(messages.STOP_CANCELLED))]


PRESS_ACTIONS: dict[str, PressHandler] = {
    "search": _search,
    "offers.page": _page,
    "offer.details": _details,
    "offer.follow": _follow,
    "offer.unfollow": _follow,
    "offer.applied": _decide,
    "offer.dismissed": _decide,
    "offer.undo": _decide,
    "deadlines.undo": _decide,
    "offer.calendar": _file,
    "offer.document": _file,
    "offer.apply": _apply,
    "subscribe.flow": _flow,
    "subscribe.search": _subscribe_search,
    "subscriptions.list": _list,
    "subscription.matches": _matches,
    "subscription.change": _change,
    "subscription.any": _any,
    "settings.change": _setting,
    "stop.confirm": _stop,
}


async def press_button(
    *, sessions: async_sessionmaker, caller: Caller, data: str | None, message_text: str | None
) -> list[Outcome]:
    """Serve a button press; `message_text` is the plain text of the message it is on."""
    press = decode(data)
    if press is None or press.kind not in PRESS_ACTIONS:
        return expired()
    if press.kind in MANAGING and not await caller.may_manage():
        return [Toast(messages.ADMINS_ONLY_SHORT, alert=True)]
    return await PRESS_ACTIONS[press.kind](sessions, caller, press, message_text)
