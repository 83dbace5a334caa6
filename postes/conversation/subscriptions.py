"""Listing, pausing, resuming and deleting a chat's subscriptions."""

from __future__ import annotations

import html
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation.buttons import button
from postes.conversation.commands import command
from postes.conversation.common import ChatRef, find_chat
from postes.conversation.replies import Reply
from postes.offers.query import SearchQuery
from postes.storage import subscriptions as store
from postes.storage.models import SubscriptionRow


def no_subscription() -> Reply:
    """The list when it is empty, with a button to start subscribing."""
    return Reply(
        f"Vous n'avez aucun abonnement pour l'instant. Créez-en un avec {command('subscribe')} : "
        "je vous préviendrai de chaque nouvelle offre qui y correspond.",
        ((button("🔔 S'abonner", "subscribe.flow", ""),),),
    )


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of a button or command: a short notice and the refreshed list."""

    notice: str
    reply: Reply


def describe(row: SubscriptionRow) -> str:
    """Plain-text summary, e.g. `employeur : Province Sud · corps : Attaché`."""
    typed = SearchQuery(
        words=tuple(row.keywords),
        employers=tuple(row.employers),
        corps=tuple(row.corps),
        places=tuple(row.places or ()),
        any_words=bool(row.any_keywords),
    )
    return typed.describe(words_label="mots-clés")  # the keywords as typed, not their stems


def _quote(value: str) -> str:
    return f'"{value}"' if '"' not in value else value.replace(" ", "")


def query_text(row: SubscriptionRow) -> str:
    """The /offres query equivalent to a subscription, so its matches can be browsed."""
    parts = [f"employeur:{_quote(e)}" for e in row.employers]
    parts += [f"corps:{_quote(c)}" for c in row.corps]
    parts += [f"lieu:{_quote(p)}" for p in row.places or ()]
    parts += [" OU ".join(row.keywords)] if row.any_keywords else row.keywords
    return " ".join(parts)


def list_reply(rows: list[SubscriptionRow]) -> Reply:
    """The list of subscriptions with pause/resume and delete buttons for each."""
    if not rows:
        return no_subscription()
    lines = [f"<b>Vos abonnements ({len(rows)})</b>", ""]
    buttons = []
    for row in rows:
        state = " ⏸ <i>en pause</i>" if row.paused else ""
        lines.append(f"<b>n°{row.id}</b>{state} · {html.escape(describe(row))}")
        toggle = (
            button(f"▶️ Reprendre n°{row.id}", "subscription.change", "resume", row.id)
            if row.paused
            else button(f"⏸ Pause n°{row.id}", "subscription.change", "pause", row.id)
        )
        buttons.append(
            (toggle, button(f"🗑 Supprimer n°{row.id}", "subscription.change", "del", row.id))
        )
    lines += [
        "",
        "Je vous préviens de chaque nouvelle offre correspondante. Nouvel abonnement : "
        + command("subscribe"),
    ]
    return Reply("\n".join(lines), tuple(buttons))


async def subscriptions_reply(*, sessions: async_sessionmaker, chat: ChatRef) -> Reply:
    """The chat's subscriptions."""
    async with sessions() as session:
        stored = await find_chat(session=session, chat=chat)
        rows = await store.list_subscriptions(session=session, chat_id=stored.id) if stored else []
    return list_reply(rows)


async def change_subscription(
    *, sessions: async_sessionmaker, chat: ChatRef, action: str, subscription_id: int
) -> Outcome:
    """Apply `del`, `pause`, `resume` or `mute` to one of the chat's own subscriptions.

    Ids come from callback data or typed commands, which anyone can forge: the store only
    touches a subscription of this chat, and an unknown id changes nothing.
    """
    async with sessions() as session, session.begin():
        stored = await find_chat(session=session, chat=chat)
        done = False
        if stored is not None and action == "del":
            done = await store.delete_subscription(
                session=session, chat_id=stored.id, subscription_id=subscription_id
            )
        elif stored is not None and action in ("pause", "resume", "mute"):
            done = await store.set_subscription_paused(
                session=session,
                chat_id=stored.id,
                subscription_id=subscription_id,
                paused=action != "resume",
            )
        rows = await store.list_subscriptions(session=session, chat_id=stored.id) if stored else []
    if not done:
        notice = f"Vous n'avez pas d'abonnement n°{subscription_id}."
    else:
        notice = {
            "del": f"Abonnement n°{subscription_id} supprimé.",
            "pause": f"Abonnement n°{subscription_id} en pause.",
            "resume": f"Abonnement n°{subscription_id} réactivé.",
            "mute": f"Abonnement n°{subscription_id} en pause : plus d'alertes pour lui. "
            f"Réactivez-le depuis {command('subscriptions')}.",
        }[action]
    return Outcome(notice, list_reply(rows))


async def subscription_query_text(
    *, sessions: async_sessionmaker, chat: ChatRef, subscription_id: int
) -> str | None:
    """The /offres query of one of the chat's subscriptions; None if it has no such one."""
    async with sessions() as session:
        stored = await find_chat(session=session, chat=chat)
        row = stored and await store.get_subscription(
            session=session, chat_id=stored.id, subscription_id=subscription_id
        )
    return query_text(row) if row else None
