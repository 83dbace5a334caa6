"""The guided /abonner flow: employer, then corps, then keywords, with buttons.

The whole state travels in the callback data (`sf:e42:c17.0:ok`) and, for the free-text
keyword step, in the text of the prompt the user replies to. Nothing is kept in memory, so a
restart in the middle of the flow loses nothing.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation import suggestions
from postes.conversation.buttons import button
from postes.conversation.caller import Prompt
from postes.conversation.commands import command
from postes.conversation.common import ChatRef
from postes.conversation.replies import Button, Reply
from postes.conversation.subscribe import create_subscription, empty_subscription

ANY = "*"
PROMPT_TITLE = "✍️ Mots-clés du nouvel abonnement"
_PROMPT_LINE = re.compile(r"^(Employeur|Corps) : (.+)$", re.M)
_ALL = {"Employeur": "tous", "Corps": "tous"}
_OTHER_EMPLOYER = 'employeur:"mairie de Koné"'
_CANCEL = button("Annuler", "subscribe.flow", "x")


def _summary(employer: str | None, corps: str | None) -> str:
    return (
        f"Employeur : {html.escape(employer or _ALL['Employeur'])}\n"
        f"Corps : {html.escape(corps or _ALL['Corps'])}"
    )


async def _employer_step(sessions: async_sessionmaker, today: date) -> Reply:
    async with sessions() as session:
        found = await suggestions.employer_suggestions(session=session, today=today)
    buttons: list[tuple[Button, ...]] = [
        (button(f"{s.label} ({s.count})", "subscribe.flow", s.code),) for s in found
    ]
    buttons.append((button("Tous les employeurs", "subscribe.flow", f"e{ANY}"), _CANCEL))
    return Reply(
        "<b>Nouvel abonnement</b> (étape 1/3)\n"
        "Quel employeur vous intéresse ? Voici ceux qui publient le plus en ce moment.\n"
        "<i>Un autre ? Tapez par exemple</i> "
        f"<code>{command('subscribe', _OTHER_EMPLOYER)}</code>",
        tuple(buttons),
    )


async def _corps_step(
    sessions: async_sessionmaker, today: date, employer_code: str, employer: str | None
) -> Reply:
    async with sessions() as session:
        found = await suggestions.corps_suggestions(session=session, today=today, employer=employer)
    prefix = f"{employer_code}:"
    buttons: list[tuple[Button, ...]] = [
        (button(f"{s.label} ({s.count})", "subscribe.flow", prefix + s.code),) for s in found
    ]
    buttons.append((button("Tous les corps", "subscribe.flow", f"{prefix}c{ANY}"), _CANCEL))
    return Reply(
        "<b>Nouvel abonnement</b> (étape 2/3)\n"
        f"{_summary(employer, None)}\n\nQuel corps (cadre d'emploi) vous intéresse ?",
        tuple(buttons),
    )


def _keywords_step(state: str, employer: str | None, corps: str | None) -> Reply:
    buttons = [button("✍️ Ajouter des mots-clés", "subscribe.flow", f"{state}:k")]
    if employer or corps:  # without any criterion the subscription would match everything
        buttons.append(button("✅ Créer", "subscribe.flow", f"{state}:ok"))
    return Reply(
        "<b>Nouvel abonnement</b> (étape 3/3)\n"
        f"{_summary(employer, corps)}\n\n"
        "Voulez-vous ajouter des mots-clés (par exemple : informatique, juriste) ?",
        (tuple(buttons), (_CANCEL,)),
    )


def keywords_prompt(employer: str | None, corps: str | None) -> Prompt:
    """The message whose reply carries the keywords; its text holds the flow's state."""
    return Prompt(
        Reply(
            f"{PROMPT_TITLE}\n{_summary(employer, corps)}\n"
            "Répondez à ce message avec un ou plusieurs mots (par exemple : informatique)."
        ),
        placeholder="informatique",
    )


def read_prompt(text: str | None) -> tuple[str | None, str | None] | None:
    """(employer, corps) from the plain text of a keywords prompt; None if it is not one."""
    if not text or not text.startswith(PROMPT_TITLE):
        return None
    values = dict(_PROMPT_LINE.findall(text))
    employer, corps = values.get("Employeur"), values.get("Corps")
    return (
        None if employer in (None, _ALL["Employeur"]) else employer,
        None if corps in (None, _ALL["Corps"]) else corps,
    )


async def flow_step(
    *, sessions: async_sessionmaker, chat: ChatRef, data: str, now: datetime, today: date
) -> Reply | Prompt | None:
    """The next step for a `sf:` button; None when the data is not a valid flow state."""
    parts = data.removeprefix("sf:").split(":") if data != "sf:" else []
    if parts == ["x"]:
        return Reply(
            "Abonnement annulé. Vous pourrez reprendre quand vous voudrez avec "
            f"{command('subscribe')}."
        )
    if not parts:
        return await _employer_step(sessions, today)
    employer_code, corps_code, *action = parts + [""] * (2 - min(len(parts), 2))
    if not employer_code.startswith("e") or (corps_code and not corps_code.startswith("c")):
        return None
    async with sessions() as session:
        employer = None
        if employer_code != f"e{ANY}":
            employer = await suggestions.resolve(session=session, code=employer_code)
            if employer is None:
                return None
        corps = None
        if corps_code and corps_code != f"c{ANY}":
            corps = await suggestions.resolve(session=session, code=corps_code)
            if corps is None:
                return None
    if not corps_code:
        return await _corps_step(sessions, today, employer_code, employer)
    if not action:
        return _keywords_step(f"{employer_code}:{corps_code}", employer, corps)
    if action == ["k"]:
        return keywords_prompt(employer, corps)
    if action == ["ok"]:
        if not (employer or corps):
            return empty_subscription()
        return await create_subscription(
            sessions=sessions,
            chat=chat,
            text="",
            now=now,
            today=today,
            employers=(employer,) if employer else (),
            corps=(corps,) if corps else (),
        )
    return None


async def keywords_answer(
    *,
    sessions: async_sessionmaker,
    chat: ChatRef,
    prompt_text: str | None,
    typed: str,
    now: datetime,
    today: date,
) -> Reply | None:
    """Create the subscription from a reply to a keywords prompt; None if not a prompt."""
    state = read_prompt(prompt_text)
    if state is None:
        return None
    employer, corps = state
    text = "" if typed.strip().lower() in ("aucun", "non", "-") else typed
    return await create_subscription(
        sessions=sessions,
        chat=chat,
        text=text,
        now=now,
        today=today,
        employers=(employer,) if employer else (),
        corps=(corps,) if corps else (),
    )
