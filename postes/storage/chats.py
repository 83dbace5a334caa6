"""Chats (users, groups, channels), their settings and the offers they follow."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage.models import ChatRow, FollowRow, OutboxRow

DEFAULT_REMINDER_DAYS = (7, 1)  # `[schedule] reminder_days` when the configuration is silent
_SETTINGS = {"reminder_days", "digest_hour", "quiet_start", "quiet_end", "paused", "title"}


async def get_or_create_chat(
    *,
    session: AsyncSession,
    platform: str,
    external_id: str,
    kind: str,
    now: datetime,
    title: str | None = None,
    reminder_days: list[int] | None = None,
    workspace: str = "",
) -> ChatRow:
    """Return the chat, creating it with default settings on first contact."""
    chat = await get_chat_by_external_id(
        session=session, platform=platform, external_id=external_id, workspace=workspace
    )
    if chat is None:
        chat = ChatRow(
            platform=platform,
            workspace=workspace,
            external_id=external_id,
            kind=kind,
            title=title,
            active=True,
            paused=False,
            reminder_days=list(DEFAULT_REMINDER_DAYS if reminder_days is None else reminder_days),
            created_at=now,
        )
        session.add(chat)
        await session.flush()
    return chat


async def get_chat_by_external_id(
    *, session: AsyncSession, platform: str, external_id: str, workspace: str = ""
) -> ChatRow | None:
    """Find a chat by its platform identifier (inside its workspace, for Slack)."""
    return await session.scalar(
        select(ChatRow).where(
            ChatRow.platform == platform,
            ChatRow.workspace == workspace,
            ChatRow.external_id == external_id,
        )
    )


async def get_chat(*, session: AsyncSession, chat_id: int) -> ChatRow | None:
    """Find a chat by our own id."""
    return await session.get(ChatRow, chat_id)


async def update_chat_settings(*, session: AsyncSession, chat_id: int, **values: Any) -> None:
    """Change reminder days, digest hour, quiet hours, pause or title."""
    unknown = set(values) - _SETTINGS
    if unknown:
        raise ValueError(f"unknown chat settings: {sorted(unknown)}")
    await session.execute(update(ChatRow).where(ChatRow.id == chat_id).values(**values))


async def set_pending_question(
    *, session: AsyncSession, chat_id: int, question: dict[str, Any] | None
) -> None:
    """Remember the question the chat should answer next (None: nothing is pending)."""
    await session.execute(update(ChatRow).where(ChatRow.id == chat_id).values(pending=question))


async def deactivate_chat(*, session: AsyncSession, chat_id: int, now: datetime) -> int:
    """Mark a chat that blocked us inactive and drop what was still owed to it.

    Returns how many pending messages were dropped.
    """
    await session.execute(
        update(ChatRow).where(ChatRow.id == chat_id).values(active=False, deactivated_at=now)
    )
    dropped = await session.execute(
        update(OutboxRow)
        .where(OutboxRow.chat_id == chat_id, OutboxRow.status == "pending")
        .values(status="dropped", last_error="chat inactive (bot blocked)")
    )
    return int(getattr(dropped, "rowcount", 0) or 0)


async def reactivate_chat(*, session: AsyncSession, chat_id: int) -> None:
    """Mark a returning chat active again."""
    await session.execute(
        update(ChatRow).where(ChatRow.id == chat_id).values(active=True, deactivated_at=None)
    )


async def delete_chat(*, session: AsyncSession, chat_id: int) -> None:
    """Forget a chat: subscriptions, follows and pending messages go with it (cascade)."""
    await session.execute(delete(ChatRow).where(ChatRow.id == chat_id))


async def follow_offer(
    *, session: AsyncSession, chat_id: int, offer_id: int, now: datetime
) -> bool:
    """Follow an offer for reminders; False when it was already followed."""
    exists = await session.scalar(
        select(FollowRow.id).where(FollowRow.chat_id == chat_id, FollowRow.offer_id == offer_id)
    )
    if exists is not None:
        return False
    session.add(FollowRow(chat_id=chat_id, offer_id=offer_id, created_at=now))
    await session.flush()
    return True


async def unfollow_offer(*, session: AsyncSession, chat_id: int, offer_id: int) -> bool:
    """Stop following an offer; False when it was not followed."""
    result = await session.execute(
        delete(FollowRow).where(FollowRow.chat_id == chat_id, FollowRow.offer_id == offer_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def list_followed_offer_ids(*, session: AsyncSession, chat_id: int) -> list[int]:
    """Ids of the offers a chat follows, oldest follow first."""
    rows = await session.scalars(
        select(FollowRow.offer_id).where(FollowRow.chat_id == chat_id).order_by(FollowRow.id)
    )
    return list(rows)


async def list_broadcast_audience(*, session: AsyncSession) -> list[int]:
    """Chats an operator's broadcast goes to: active and not paused, oldest first."""
    ids = await session.scalars(
        select(ChatRow.id)
        .where(ChatRow.active.is_(True), ChatRow.paused.is_(False))
        .order_by(ChatRow.id)
    )
    return list(ids)
