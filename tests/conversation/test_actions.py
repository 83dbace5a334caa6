"""The conversation core as front ends call it: a caller in, outcomes out."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.conversation import actions, messages, presses
from postes.conversation.buttons import KINDS
from postes.conversation.caller import Caller, Edit, Prompt, Send, Toast
from postes.conversation.commands import COMMANDS, naming
from postes.conversation.common import ChatRef
from postes.conversation.subscribe_flow import keywords_prompt
from postes.storage.models import ChatRow, SubscriptionRow
from tests.jobs.factories import make_offer

TODAY = date(2025, 7, 14)
GROUP = ChatRef(platform="slack", external_id="C0123ABCD", kind="group", workspace="T1")


class Manager:
    """A front end's answer to "may this actor change the chat?", counting questions."""

    def __init__(self, allowed: bool) -> None:
        self.allowed, self.asked = allowed, 0

    async def __call__(self) -> bool:
        self.asked += 1
        return self.allowed


def _caller(clock: FakeClock, manager: Manager, chat: ChatRef = GROUP) -> Caller:
    return Caller(chat=chat, now=clock(), today=TODAY, actor="U1", may_manage=manager)


async def _subscriptions(sessions: async_sessionmaker) -> list[SubscriptionRow]:
    async with sessions() as session:
        return list(await session.scalars(select(SubscriptionRow)))


def test_every_command_and_button_kind_has_an_action() -> None:
    assert set(actions.COMMAND_ACTIONS) == {c.key for c in COMMANDS}
    assert set(presses.PRESS_ACTIONS) | presses.FRONT_END_KINDS == {k.name for k in KINDS}
    assert not set(presses.PRESS_ACTIONS) & presses.FRONT_END_KINDS


async def test_changing_commands_ask_the_front_end_and_others_do_not(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    member = Manager(allowed=False)
    refused = await actions.run_command(
        sessions=sessions, caller=_caller(clock, member), name="abonner", text="informatique"
    )
    assert refused == [Send(actions.NOT_ALLOWED.reply)]
    assert await _subscriptions(sessions) == []
    await actions.run_command(sessions=sessions, caller=_caller(clock, member), name="offers")
    assert member.asked == 1

    admin = Manager(allowed=True)
    (created,) = await actions.run_command(
        sessions=sessions, caller=_caller(clock, admin), name="subscribe", text="informatique"
    )
    assert isinstance(created, Send)
    assert "Abonnement n°" in created.reply.text
    async with sessions() as session:
        (chat,) = await session.scalars(select(ChatRow))
    assert (chat.platform, chat.workspace, chat.external_id) == ("slack", "T1", "C0123ABCD")


async def test_an_answer_to_a_prompt_from_a_member_creates_nothing(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    prompt = keywords_prompt("Province Sud", None).reply.text
    refused = await actions.answer_prompt(
        sessions=sessions,
        caller=_caller(clock, Manager(allowed=False)),
        prompt_text=prompt,
        typed="juriste",
    )
    assert refused == [actions.NOT_ALLOWED]
    assert await _subscriptions(sessions) == []
    not_ours = await actions.answer_prompt(
        sessions=sessions, caller=_caller(clock, Manager(True)), prompt_text="Bonjour", typed="x"
    )
    assert not_ours is None


async def test_every_press_answers_once_first(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    offer = await make_offer(sessions, clock())
    cases = {
        "srch": Manager(True),
        f"off:{offer}": Manager(True),
        f"fol:{offer}": Manager(True),
        "sf:": Manager(True),
        "sf:e*:c*:k": Manager(True),
        "set:rem:1": Manager(True),
        "sub:del:1": Manager(False),
        "ofp:2": Manager(True),  # no search in the message: nothing to page through
        "zzz": Manager(True),
        "off:01": Manager(True),
    }
    for data, manager in cases.items():
        outcomes = await presses.press_button(
            sessions=sessions, caller=_caller(clock, manager), data=data, message_text=None
        )
        toasts = [o for o in outcomes if isinstance(o, Toast)]
        assert len(toasts) == 1, data
        assert isinstance(outcomes[0], Toast), data


async def test_presses_say_what_to_show(sessions: async_sessionmaker, clock: FakeClock) -> None:
    admin = Manager(True)

    async def press(data: str, text: str | None = None) -> list:
        return await presses.press_button(
            sessions=sessions, caller=_caller(clock, admin), data=data, message_text=text
        )

    assert await press("zzz") == [Toast(messages.expired_button(), alert=True)]
    member = await presses.press_button(
        sessions=sessions,
        caller=_caller(clock, Manager(False)),
        data="sub:del:1",
        message_text=None,
    )
    assert member == [Toast(messages.ADMINS_ONLY_SHORT, alert=True)]
    ask = await press("sf:e*:c*:k")
    assert isinstance(ask[1], Prompt)
    assert isinstance((await press("set:rem:1"))[1], Edit)
    with naming(lambda name: f"/postes {name}"):
        paged = await press("ofp:1", "…\n🔎 /postes offres · page 1/1")
    assert isinstance(paged[1], Edit)


async def test_unsubscribe_wants_a_plain_number(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    admin = Manager(True)
    for typed in ("99999999999999999999", "²", "trois"):
        (answer,) = await actions.run_command(
            sessions=sessions, caller=_caller(clock, admin), name="desabonner", text=typed
        )
        assert isinstance(answer, Send)
        assert "Indiquez le numéro" in answer.reply.text
