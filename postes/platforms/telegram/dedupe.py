"""Handle each Telegram update once, whichever process or delivery brings it.

Telegram re-sends a webhook update until one replica answers it, and a poller killed before
confirming its offset gets the same updates again. The first handler of every update
records (bot, update_id) in the database; a second sight stops it there. Recorded before
handling: a process dying mid-update loses that one update rather than answering twice.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import async_sessionmaker
from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, TypeHandler

from postes.clock import Clock
from postes.storage.updates_seen import first_sight_of_update

logger = logging.getLogger(__name__)

DEDUPE_GROUP = -100  # before every handler family (group 0)


def install_update_dedupe(
    app: Application, *, sessions: async_sessionmaker, clock: Clock, bot_id: int
) -> None:
    """Stop every update already handled before any handler sees it."""

    async def once(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not isinstance(update, Update):
            return
        async with sessions() as session, session.begin():
            first = await first_sight_of_update(
                session=session, bot_id=bot_id, update_id=update.update_id, now=clock()
            )
        if not first:
            logger.info("update %s seen before: handled once already", update.update_id)
            raise ApplicationHandlerStop

    app.add_handler(TypeHandler(Update, once), group=DEDUPE_GROUP)
