"""Pieces every command needs: who is talking, dates as users read them, offer lines."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage import chats as chat_store
from postes.storage.models import ChatRow, OfferRow

# Long titles are cut in lists (the details view shows them whole), which also keeps a page
# of results well under Telegram's 4096 characters.
LIST_TITLE_CHARS = 140
BUTTON_TITLE_CHARS = 38


@dataclass(frozen=True, slots=True)
class ChatRef:
    """A conversation as the platform names it: `telegram` + `123456`, and its kind.

    `workspace` is the Slack team the channel id belongs to ("" where ids are global).
    """

    platform: str
    external_id: str
    kind: str = "private"  # private | group | channel
    title: str | None = None
    workspace: str = ""
    # Days before a deadline a new chat is reminded, until it says otherwise in /reglages.
    reminder_days: tuple[int, ...] = chat_store.DEFAULT_REMINDER_DAYS


async def load_chat(*, session: AsyncSession, chat: ChatRef, now: datetime) -> ChatRow:
    """Return the stored chat, creating it on first contact."""
    return await chat_store.get_or_create_chat(
        session=session,
        platform=chat.platform,
        external_id=chat.external_id,
        kind=chat.kind,
        now=now,
        title=chat.title,
        workspace=chat.workspace,
        reminder_days=list(chat.reminder_days),
    )


async def find_chat(*, session: AsyncSession, chat: ChatRef) -> ChatRow | None:
    """Return the stored chat, or None when it never talked to us (or was forgotten)."""
    return await chat_store.get_chat_by_external_id(
        session=session,
        platform=chat.platform,
        external_id=chat.external_id,
        workspace=chat.workspace,
    )


def shorten(text: str, limit: int) -> str:
    """Cut plain text at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:-–") + "…"


def format_date(day: date, today: date) -> str:
    """`27/06`, with the year only when it is not this year's."""
    return day.strftime("%d/%m") if day.year == today.year else day.strftime("%d/%m/%Y")


def format_deadline(deadline: date | None, today: date) -> str:
    """`27/06 (J-5)`; today's and past deadlines are said in words."""
    if deadline is None:
        return "date limite non précisée"
    days = (deadline - today).days
    label = format_date(deadline, today)
    if days < 0:
        return f"{label} (clôturée)"
    if days == 0:
        return f"{label} (dernier jour !)"
    return f"{label} (J-{days})"


def format_hour(value: str | None) -> str:
    """`16:00` -> `16h`, `11:30` -> `11h30`."""
    if not value:
        return ""
    hour, _, minute = value.partition(":")
    return f"{int(hour)}h" + (minute if minute and minute != "00" else "")


def offer_deadline(offer: OfferRow, today: date) -> str:
    """An offer's deadline as users read it: `27/06 (J-5), avant 16h`, or why there is none."""
    if offer.deadline is not None:
        text = format_deadline(offer.deadline, today)
        return f"{text}, avant {format_hour(offer.deadline_time)}" if offer.deadline_time else text
    if offer.no_deadline:
        return "aucune, candidatures au fil de l'eau"
    return "non indiquée — voir l'avis"


def corps_names(offer: OfferRow) -> list[str]:
    """The corps labels of an offer row, without duplicates."""
    names = [str(item.get("name", "")).strip() for item in offer.corps or []]
    return list(dict.fromkeys(name for name in names if name))


def offer_line(number: int, offer: OfferRow, today: date, *, followed: bool = False) -> str:
    """Two lines of HTML for a list: title, then employer · corps · deadline."""
    star = "⭐ " if followed else ""
    title = html.escape(shorten(offer.title, LIST_TITLE_CHARS))
    details = [offer.employer or "employeur non précisé"]
    if names := corps_names(offer):
        details.append(", ".join(names))
    meta = html.escape(" · ".join(details))
    deadline = html.escape(offer_deadline(offer, today))
    return f"<b>{number}. {star}{title}</b>\n{meta} · ⏳ {deadline}"


def offer_button_text(number: int, offer: OfferRow) -> str:
    """Label of a details button: the number and the start of the title (no HTML)."""
    return f"{number}. {shorten(offer.title, BUTTON_TITLE_CHARS)}"
