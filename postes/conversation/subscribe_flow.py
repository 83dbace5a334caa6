"""The guided /abonner flow: employer, then corps, then keywords, with buttons.

The state travels in the callback data (`sf:e42:c17.0:ok`). For the free-text keyword step
it is in the text of the prompt the user replies to, and in the chat's row (`pending`), so
a command typed in between, or a reply that is not a reply, still answers it. Nothing is
kept in memory: a restart in the middle of the flow loses nothing.

"Annuler" is always alone on the last row, "◀ Retour" just above it: neither ever takes
the place where a step's main button usually is.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation import pending, suggestions
from postes.conversation.buttons import button
from postes.conversation.caller import Prompt
from postes.conversation.commands import command
from postes.conversation.common import ChatRef
from postes.conversation.replies import Button, Reply
from postes.conversation.subscribe import create_subscription, empty_subscription

ANY = "*"
KEYWORDS = "keywords"  # the kind of pending question this flow asks
PROMPT_TITLE = "✍️ Mots-clés du nouvel abonnement"
_PROMPT_LINE = re.compile(r"^(Employeur|Corps) : (.+)$", re.M)
_ALL = {"Employeur": "tous", "Corps": "tous"}
_OTHER_EMPLOYER = 'employeur:"mairie de Koné"'
_CANCEL = (button("Annuler", "subscribe.flow", "x"),)


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
    buttons += [(button("Tous les employeurs", "subscribe.flow", f"e{ANY}"),), _CANCEL]
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
    buttons += [
        (button("Tous les corps", "subscribe.flow", f"{prefix}c{ANY}"),),
        (button("◀ Retour", "subscribe.flow", "b"),),
        _CANCEL,
    ]
    return Reply(
        "<b>Nouvel abonnement</b> (étape 2/3)\n"
        f"{_summary(employer, None)}\n\nQuel corps (cadre d'emploi) vous intéresse ?",
        tuple(buttons),
    )


def _keywords_step(state: str, employer: str | None, corps: str | None) -> Reply:
    employer_code = state.split(":", 1)[0]
    keywords = button("✍️ Ajouter des mots-clés", "subscribe.flow", f"{state}:k")
    if employer or corps:
        question = "Voulez-vous ajouter des mots-clés (par exemple : informatique, juriste) ?"
        main = (keywords, button("✅ Créer", "subscribe.flow", f"{state}:ok"))
    else:  # no criterion yet: some keywords, or knowingly every new offer
        question = (
            "Sans employeur ni corps, précisez des mots-clés (par exemple : informatique), "
            "ou recevez toutes les nouvelles offres."
        )
        main = (keywords, button("📬 Toutes les offres", "subscribe.flow", f"{state}:all"))
    return Reply(
        f"<b>Nouvel abonnement</b> (étape 3/3)\n{_summary(employer, corps)}\n\n{question}",
        (main, (button("◀ Retour", "subscribe.flow", employer_code),), _CANCEL),
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
        await pending.forget(sessions=sessions, chat=chat)
        return Reply(
            "Abonnement annulé. Vous pourrez reprendre quand vous voudrez avec "
            f"{command('subscribe')}."
        )
    if not parts or parts == ["b"]:
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
        question = {"kind": KEYWORDS, "employer": employer, "corps": corps}
        await pending.ask(sessions=sessions, chat=chat, question=question, now=now)
        return keywords_prompt(employer, corps)
    if action in (["ok"], ["all"]):
        if not (employer or corps) and action == ["ok"]:
            return empty_subscription()
        return await create_subscription(
            sessions=sessions,
            chat=chat,
            text="",
            now=now,
            today=today,
            employers=(employer,) if employer else (),
            corps=(corps,) if corps else (),
            everything=action == ["all"] and not (employer or corps),
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
    return await _answer(sessions, chat, employer, corps, typed, now, today)


async def pending_keywords_answer(
    *, sessions: async_sessionmaker, chat: ChatRef, typed: str, now: datetime, today: date
) -> Reply | None:
    """Create the subscription when the chat owes us keywords; None when it does not.

    The keywords prompt is answered by the next plain text even when the person typed other
    commands meanwhile (`/offres` to look first) or did not use Telegram's reply.
    """
    question = await pending.current(sessions=sessions, chat=chat, now=now)
    if question is None or question.get("kind") != KEYWORDS:
        return None
    employer, corps = question.get("employer"), question.get("corps")
    return await _answer(sessions, chat, employer, corps, typed, now, today)


async def _answer(
    sessions: async_sessionmaker,
    chat: ChatRef,
    employer: str | None,
    corps: str | None,
    typed: str,
    now: datetime,
    today: date,
) -> Reply:
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
