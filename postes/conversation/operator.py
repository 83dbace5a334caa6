"""Operator commands, for the `[telegram] admins` only: /statut and /diffuser.

They are not in the public command table (`commands.COMMANDS`): nobody else sees them in the
menu or the help, and front ends answer others as for any unknown command. A broadcast is
previewed with a confirmation button, then written to the outbox, one row per chat, under a
key of its own: rate limits, retries and exactly-once delivery are the outbox's, and pressing
the button twice enqueues nothing more.
"""

from __future__ import annotations

import html
import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation.buttons import button
from postes.conversation.commands import Command
from postes.conversation.replies import Reply
from postes.french_cli import counted
from postes.jobs.status import collect_status, format_status
from postes.storage.chats import list_broadcast_audience
from postes.storage.outbox import NewMessage, enqueue_messages

logger = logging.getLogger(__name__)

OPERATOR_COMMANDS: tuple[Command, ...] = (
    Command("status", "statut", "Sources, file d'envoi, offres à vérifier"),
    Command("broadcast", "diffuser", "Envoyer un message à toutes les discussions"),
)
PREVIEW_HEAD = "Diffuser ce message"
MAX_BROADCAST_CHARS = 3500  # with the head, under Telegram's 4096
_STATUS_CHARS = 3800


async def status_reply(*, sessions: async_sessionmaker, today: date, zone: ZoneInfo) -> Reply:
    """`postes status`, in the chat: sources, queue, documents set aside, offers to check."""
    text = format_status(await collect_status(sessions=sessions, today=today), zone)
    if len(text) > _STATUS_CHARS:
        text = text[: _STATUS_CHARS - 40].rsplit("\n", 1)[0] + "\n… (suite : postes status)"
    return Reply(f"<pre>{html.escape(text)}</pre>")


async def broadcast_preview(*, sessions: async_sessionmaker, text: str) -> Reply:
    """Show what would be sent and to how many chats, with the confirmation buttons."""
    text = text.strip()
    if not text:
        return Reply("Indiquez le message : /diffuser TEXTE")
    if len(text) > MAX_BROADCAST_CHARS:
        return Reply(f"Message trop long ({len(text)} caractères, {MAX_BROADCAST_CHARS} au plus).")
    async with sessions() as session:
        audience = len(await list_broadcast_audience(session=session))
    head = f"{PREVIEW_HEAD} à {counted(audience, 'discussion')} ?"
    buttons = (
        button("📣 Diffuser", "broadcast.confirm", "yes"),
        button("Annuler", "broadcast.confirm", "no"),
    )
    return Reply(f"{head}\n\n{html.escape(text)}", (buttons,))


def previewed_text(preview: str) -> str | None:
    """The message a preview shows (its plain text, as the platform gives it back)."""
    head, _, text = preview.partition("\n\n")
    return text.strip() or None if head.startswith(PREVIEW_HEAD) else None


async def broadcast(*, sessions: async_sessionmaker, text: str, key: str, now: datetime) -> Reply:
    """Enqueue `text` to every active chat; `key` names this broadcast (its preview)."""
    async with sessions() as session, session.begin():
        chats = await list_broadcast_audience(session=session)
        payload = {"text": text}
        rows = [NewMessage(chat, 0, f"broadcast:{key}", now, payload) for chat in chats]
        added = await enqueue_messages(session=session, messages=rows, now=now)
    logger.info("broadcast %s enqueued to %d chats", key, added)
    if not added:
        return Reply("Ce message est déjà en file d'envoi : rien de plus à faire.")
    return Reply(f"📣 Message mis en file d'envoi pour {counted(added, 'discussion')}.")
