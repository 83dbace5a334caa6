"""Drain the outbox: claim due rows, render them, send them, record what happened.

A row is marked sent only once the platform accepted the message, right after that send,
in its own transaction: a sender killed mid-way re-sends at most the messages that were
in flight (bounded by `concurrency`), and never loses one. Chats are served concurrently,
each chat's rows in order; rate limits are the sender's business (each platform's own).
Each row goes out through the sender of its chat's platform (`jobs.senders`), rendered
with that platform's spelling of commands; rows of platforms without a sender stay queued.

Claims are short and renewed while a batch is being sent (`lease`, renewed every third of
it), and a row is marked only while the claim is still ours: a sender whose claim was
released (it looked dead) leaves the row's fate to the sender that took it over. `leading`
(when given) is asked before every message: a sender that lost its leadership stops.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.conversation.commands import naming
from postes.jobs.claims import log_batch, renewing_claims
from postes.jobs.compose import Known, load_known, render
from postes.jobs.errors import (
    ChatMoved,
    ChatUnavailable,
    MessageRejected,
    RetryAfter,
    Sender,
    SendError,
)
from postes.jobs.localtime import NOUMEA, local_today, quiet_until
from postes.jobs.senders import Senders
from postes.storage.chat_migration import move_chat
from postes.storage.chats import deactivate_chat
from postes.storage.models import ChatRow, OutboxRow
from postes.storage.outbox import claim_due, finish_message, settle_digest_alerts

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # transient failures before a message is given up as "failed"


def backoff(attempts: int) -> timedelta:
    """Wait before retry number `attempts`: 30 s, 1 min, 2 min… at most an hour."""
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), timedelta(hours=1))


@dataclass(slots=True)
class DeliveryReport:
    """What one run did."""

    sent: int = 0
    failed: int = 0
    retried: int = 0  # rescheduled after a transient error or flood control
    deferred: int = 0  # moved to the end of the chat's quiet hours
    dropped: int = 0  # no longer worth sending (deadline passed, offer gone, chat blocked)
    deactivated: int = 0  # chats that blocked us


class _Run:
    """One drain: shared state of the concurrent per-chat tasks."""

    def __init__(
        self,
        sessions: async_sessionmaker,
        senders: Senders,
        clock: Clock,
        zone: ZoneInfo,
        stop: asyncio.Event,
        token: str,
        leading: Callable[[], bool],
    ) -> None:
        self.sessions, self.senders, self.clock, self.zone = sessions, senders, clock, zone
        self.stop, self.token, self.leading = stop, token, leading
        self.report = DeliveryReport()

    def stopping(self) -> bool:
        return self.stop.is_set() or not self.leading()

    async def finish(self, row: OutboxRow, **values: Any) -> None:
        async with self.sessions() as session, session.begin():
            ours = await finish_message(session=session, row_id=row.id, token=self.token, **values)
            if not ours:
                logger.warning("message %s: claim lost before it was marked %s", row.id, values)
            elif row.kind.startswith("digest:") and "status" in values:
                # In the same transaction: a digest's alerts are done exactly when it is.
                await settle_digest_alerts(
                    session=session,
                    alert_ids=row.payload.get("alert_ids") or (),
                    digest_status=values["status"],
                )

    async def retry(self, row: OutboxRow, error: SendError, **values: Any) -> None:
        """Reschedule a row; the parts of a long reply already sent are not sent again."""
        if error.parts_sent:  # counted from the reply's first part, whatever was skipped
            values["payload"] = {**row.payload, "parts_sent": error.parts_sent}
        await self.finish(row, **values)

    async def chat(self, chat: ChatRow, rows: list[OutboxRow], known: Known) -> None:
        quiet_end = quiet_until(self.clock(), chat.quiet_start, chat.quiet_end, self.zone)
        for row in rows:
            if self.stopping():
                await self.finish(row)  # release the claim: the next run sends it at once
            elif quiet_end is not None:
                self.report.deferred += 1
                await self.finish(row, due_at=quiet_end)
            elif not await self.one(chat, row, known):
                return  # the chat is gone: its other rows were dropped with it

    async def one(self, chat: ChatRow, row: OutboxRow, known: Known) -> bool:
        now = self.clock()
        delivery = self.senders.get(row.platform)
        if delivery is None:  # claim_due only hands out rows of served platforms
            raise RuntimeError(f"no sender for platform {row.platform!r}")
        with naming(delivery.naming):
            reply = render(row, known, local_today(now, self.zone))
        skip = int(row.payload.get("parts_sent", 0))
        if isinstance(reply, str):
            self.report.dropped += 1
            await self.finish(row, status="dropped", last_error=reply)
            return True
        attempts = row.attempts + 1
        try:
            message_id = await delivery.sender.send(chat, reply, skip=skip)
        except RetryAfter as error:
            self.report.retried += 1
            delay = timedelta(seconds=max(error.seconds, 1))
            await self.retry(row, error, due_at=self.clock() + delay, last_error=str(error))
        except ChatMoved as error:
            # Everything the chat had goes with it, this message included: sent again at once
            # to the new id, and its other rows follow under the new id too.
            async with self.sessions() as session, session.begin():
                moved = await move_chat(
                    session=session,
                    platform=chat.platform,
                    old_external_id=chat.external_id,
                    new_external_id=error.new_external_id,
                )
            chat.external_id = error.new_external_id
            self.report.retried += 1
            await self.retry(row, error, due_at=now, last_error=str(error))
            return moved is not None and moved.id == chat.id
        except ChatUnavailable as error:
            logger.info("chat %s unavailable (%s): deactivated", chat.id, error)
            async with self.sessions() as session, session.begin():
                dropped = await deactivate_chat(session=session, chat_id=chat.id, now=now)
            self.report.deactivated += 1
            self.report.dropped += dropped
            return False
        except MessageRejected as error:
            logger.warning("message %s to chat %s rejected: %s", row.id, chat.id, error)
            self.report.failed += 1
            await self.finish(row, status="failed", attempts=attempts, last_error=str(error))
        except Exception as error:
            # TransientError, and anything unexpected: one bad message must not stop the
            # outbox for everyone, so it is retried a bounded number of times, loudly.
            logger.exception("sending message %s to chat %s failed", row.id, chat.id)
            text = f"{error.__class__.__name__}: {error}"
            sent_parts = error if isinstance(error, SendError) else SendError()
            if attempts >= MAX_ATTEMPTS:
                self.report.failed += 1
                await self.finish(row, status="failed", attempts=attempts, last_error=text)
            else:
                self.report.retried += 1
                due = self.clock() + backoff(attempts)
                await self.retry(row, sent_parts, attempts=attempts, due_at=due, last_error=text)
        else:
            self.report.sent += 1
            await self.finish(
                row, status="sent", attempts=attempts, sent_at=self.clock(), message_id=message_id
            )
        return True


async def _load_known(sessions: async_sessionmaker, rows: list[OutboxRow]) -> Known:
    async with sessions() as session:
        return await load_known(session=session, rows=rows)


async def deliver_due(
    *,
    sessions: async_sessionmaker,
    sender: Sender | Senders,
    clock: Clock,
    zone: ZoneInfo = NOUMEA,
    batch: int = 100,
    concurrency: int = 16,
    lease: timedelta = timedelta(seconds=30),
    drain: bool = True,
    stop: asyncio.Event | None = None,
    token: str | None = None,
    leading: Callable[[], bool] = lambda: True,
) -> DeliveryReport:
    """Send due pending messages, `concurrency` chats at a time, until none is due.

    Setting `stop` (or `leading` turning False) ends the run between messages: each message
    in hand is sent and marked, the rest are released, so a shutdown neither cuts a send
    from its mark nor waits for the whole backlog. `token` names the claims (the worker's
    id, so that they are released when its heartbeat stops); a fresh one by default.
    """
    stop = stop or asyncio.Event()
    senders = Senders.of(sender)
    token = token or uuid.uuid4().hex
    run = _Run(sessions, senders, clock, zone, stop, token, leading)
    gate = asyncio.Semaphore(concurrency)

    async def serve(chat: ChatRow, rows: list[OutboxRow], known: Known) -> None:
        async with gate:
            await run.chat(chat, rows, known)

    while not run.stopping():
        now = clock()
        async with sessions() as session, session.begin():
            claimed = await claim_due(
                session=session,
                now=now,
                token=token,
                until=now + lease,
                limit=batch,
                platforms=senders.platforms,
            )
        if not claimed:
            break
        known = await _load_known(sessions, [row for row, _ in claimed])
        by_chat: dict[int, tuple[ChatRow, list[OutboxRow]]] = {}
        for row, chat in claimed:
            by_chat.setdefault(chat.id, (chat, []))[1].append(row)
        before = dataclasses.replace(run.report)
        async with renewing_claims(sessions, clock, token, lease), asyncio.TaskGroup() as group:
            for chat, rows in by_chat.values():
                group.create_task(serve(chat, rows, known))
        log_batch(len(claimed), len(by_chat), before, run.report)
        if not drain:
            break
    return run.report
