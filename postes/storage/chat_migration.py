"""A chat that changed its id on the platform (a Telegram group upgraded to a supergroup).

Everything stays with the chat: subscriptions, follows, settings and the messages still owed
to it. When the new id already has a chat of its own (someone wrote in the supergroup before
the move was known), the old chat's belongings join it and the old chat is removed.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from postes.storage.chats import get_chat_by_external_id
from postes.storage.models import ChatRow, FollowRow, OutboxRow, SubscriptionRow

MOVABLE_OUTBOX = ("pending", "held")  # owed and not yet sent


async def move_chat(
    *, session: AsyncSession, platform: str, old_external_id: str, new_external_id: str
) -> ChatRow | None:
    """Give the chat known as `old_external_id` its new id; the chat now, or None if unknown.

    Idempotent: moving a chat already moved finds it under its new id and changes nothing.
    """
    old = await get_chat_by_external_id(
        session=session, platform=platform, external_id=old_external_id
    )
    new = await get_chat_by_external_id(
        session=session, platform=platform, external_id=new_external_id
    )
    if old is None:
        return new
    if new is None:
        old.external_id = new_external_id
        await session.flush()
        return old
    await _merge_into(session, old, new)
    return new


async def _merge_into(session: AsyncSession, old: ChatRow, new: ChatRow) -> None:
    await session.execute(
        update(SubscriptionRow).where(SubscriptionRow.chat_id == old.id).values(chat_id=new.id)
    )
    followed = select(FollowRow.offer_id).where(FollowRow.chat_id == new.id)
    await session.execute(
        update(FollowRow)
        .where(FollowRow.chat_id == old.id, FollowRow.offer_id.not_in(followed))
        .values(chat_id=new.id)
    )
    owed = select(OutboxRow.kind, OutboxRow.offer_id).where(OutboxRow.chat_id == new.id)
    for row in await session.scalars(
        select(OutboxRow).where(OutboxRow.chat_id == old.id, OutboxRow.status.in_(MOVABLE_OUTBOX))
    ):
        already = await session.scalar(
            owed.where(OutboxRow.kind == row.kind, OutboxRow.offer_id == row.offer_id)
        )
        if already is None:
            # Released, so that a sender picks it up at once under the new chat.
            row.chat_id, row.claimed_by, row.claimed_until = new.id, None, None
    await session.flush()
    # The old chat's own settings win: they were chosen, the new chat's are defaults.
    for name in ("reminder_days", "digest_hour", "quiet_start", "quiet_end", "paused", "active"):
        setattr(new, name, getattr(old, name))
    await session.execute(delete(ChatRow).where(ChatRow.id == old.id))
    await session.flush()
