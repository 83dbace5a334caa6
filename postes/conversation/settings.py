"""Chat settings: reminder days, instant alerts or a daily digest, quiet hours, pause."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation.buttons import button
from postes.conversation.common import ChatRef, load_chat
from postes.conversation.reminder_days import ReminderDaysError, read_command
from postes.conversation.replies import Reply
from postes.storage import chats as chat_store
from postes.storage.models import ChatRow

# Callback value -> stored value. Only these can be set: forged data cannot store nonsense.
REMINDERS: dict[str, list[int]] = {"7.1": [7, 1], "3.1": [3, 1], "1": [1], "0": []}
DIGESTS: dict[str, int | None] = {"-": None, "7": 7, "12": 12, "18": 18}
QUIET: dict[str, tuple[int | None, int | None]] = {
    "-": (None, None),
    "21.7": (21 * 60, 7 * 60),
    "22.6": (22 * 60, 6 * 60),
}


def _days(days: list[int]) -> str:
    if not days:
        return "aucun rappel"
    words = [f"{d} jour{'s' if d > 1 else ''}" for d in sorted(days, reverse=True)]
    listed = ", ".join(words[:-1]) + " et " + words[-1] if len(words) > 1 else words[0]
    return listed + " avant la date limite"


def _clock(minutes: int) -> str:
    return f"{minutes // 60} h" if minutes % 60 == 0 else f"{minutes // 60} h {minutes % 60:02d}"


def _mark(selected: bool, label: str) -> str:
    return f"✓ {label}" if selected else label


def settings_view(chat: ChatRow) -> Reply:
    """The current settings and the buttons that change them."""
    digest = (
        "dès qu'une offre paraît"
        if chat.digest_hour is None
        else f"un résumé par jour à {chat.digest_hour} h"
    )
    quiet = (
        "aucune"
        if chat.quiet_start is None or chat.quiet_end is None
        else f"{_clock(chat.quiet_start)} – {_clock(chat.quiet_end)} (je garde les messages)"
    )
    text = (
        "<b>Réglages</b>\n"
        f"⏰ Rappels : {_days(list(chat.reminder_days or []))}\n"
        f"🔔 Alertes : {digest}\n"
        f"🌙 Heures calmes : {quiet}\n"
        f"⏯ État : {'tout est en pause' if chat.paused else 'actif'}"
    )
    days = sorted(chat.reminder_days or [], reverse=True)
    quiet_now = (chat.quiet_start, chat.quiet_end)
    reminder_labels = {"7.1": "J-7 et J-1", "3.1": "J-3 et J-1", "1": "J-1", "0": "Aucun rappel"}
    digest_labels = {"-": "Alertes immédiates", "7": "Résumé 7 h", "12": "12 h", "18": "18 h"}
    quiet_labels = {"21.7": "Calme 21 h–7 h", "22.6": "22 h–6 h", "-": "Jamais calme"}
    rows = (
        tuple(
            button(_mark(REMINDERS[k] == days, label), "settings.change", "rem", k)
            for k, label in reminder_labels.items()
        ),
        tuple(
            button(_mark(DIGESTS[k] == chat.digest_hour, label), "settings.change", "dig", k)
            for k, label in digest_labels.items()
        ),
        tuple(
            button(_mark(QUIET[k] == quiet_now, label), "settings.change", "qui", k)
            for k, label in quiet_labels.items()
        ),
        (
            button("▶️ Tout reprendre", "settings.change", "pau", "0")
            if chat.paused
            else button("⏸ Tout mettre en pause", "settings.change", "pau", "1"),
        ),
    )
    return Reply(text, rows)


async def settings_reply(*, sessions: async_sessionmaker, chat: ChatRef, now: datetime) -> Reply:
    """The chat's settings."""
    async with sessions() as session, session.begin():
        stored = await load_chat(session=session, chat=chat, now=now)
    return settings_view(stored)


def _values(name: str, value: str) -> dict[str, object] | None:
    if name == "rem" and value in REMINDERS:
        return {"reminder_days": REMINDERS[value]}
    if name == "dig" and value in DIGESTS:
        return {"digest_hour": DIGESTS[value]}
    if name == "qui" and value in QUIET:
        return dict(zip(("quiet_start", "quiet_end"), QUIET[value], strict=True))
    if name == "pau" and value in ("0", "1"):
        return {"paused": value == "1"}
    return None


async def change_setting(
    *, sessions: async_sessionmaker, chat: ChatRef, data: str, now: datetime
) -> Reply | None:
    """Apply a `set:<name>:<value>` button; None when the data is not a known choice."""
    _, name, value = ([*data.split(":", 2), "", ""])[:3]
    values = _values(name, value)
    if values is None:
        return None
    async with sessions() as session, session.begin():
        stored = await load_chat(session=session, chat=chat, now=now)
        await chat_store.update_chat_settings(session=session, chat_id=stored.id, **values)
        await session.refresh(stored)
    return settings_view(stored)


async def settings_command(
    *, sessions: async_sessionmaker, chat: ChatRef, text: str, now: datetime
) -> Reply:
    """`/reglages rappels 14 3 1`: set what a command line asks; bad input changes nothing."""
    try:
        days = read_command(text)
    except ReminderDaysError as error:
        return Reply(str(error))
    async with sessions() as session, session.begin():
        stored = await load_chat(session=session, chat=chat, now=now)
        await chat_store.update_chat_settings(
            session=session, chat_id=stored.id, reminder_days=days
        )
        await session.refresh(stored)
    view = settings_view(stored)
    done = f"C'est noté : {_days(days)}." if days else "C'est noté : plus aucun rappel."
    return Reply(f"✅ {done}\n\n{view.text}", view.buttons)
