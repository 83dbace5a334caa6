"""Build the Telegram application: settings -> handlers, commands, error handler, transport."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, BaseRateLimiter, ContextTypes
from telegram.request import BaseRequest

from postes.clock import Clock, system_clock
from postes.config import ConfigError, Settings
from postes.conversation.commands import COMMANDS
from postes.conversation.operator import OPERATOR_COMMANDS
from postes.platforms.telegram import errors
from postes.platforms.telegram.context import BotContext, BotData, Deps
from postes.platforms.telegram.handlers import core, fallback, membership, operator
from postes.platforms.telegram.ratelimit import ChatRateLimiter

logger = logging.getLogger(__name__)

# All in group 0, in this order: the first matching handler wins, and `fallback` (unknown
# commands, free text, stale buttons) must only see what every family left. Commands and
# buttons are the conversation core's (`core`); Telegram-only updates have their own family.
FAMILIES = (membership, core, operator)
ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CHANNEL_POST,
    Update.EDITED_CHANNEL_POST,
    Update.CALLBACK_QUERY,
    Update.MY_CHAT_MEMBER,
]
_DEFAULT: Any = object()


async def _post_init(app: Application) -> None:
    # The French names are the ones shown; the English ones keep working as aliases.
    public = [BotCommand(c.french, c.description) for c in COMMANDS]
    await app.bot.set_my_commands(public)
    # Operators see their own commands too, in their private chat only.
    ops = [BotCommand(c.french, c.description) for c in OPERATOR_COMMANDS]
    for admin in app.bot_data.deps.settings.telegram.admins:
        try:
            await app.bot.set_my_commands([*public, *ops], scope=BotCommandScopeChat(admin))
        except TelegramError as error:  # e.g. an admin who never opened a chat with the bot
            logger.warning("operator commands not shown to %s: %s", admin, error.message)


def build_application(
    settings: Settings,
    *,
    sessions: async_sessionmaker,
    clock: Clock = system_clock,
    request: BaseRequest | None = None,
    rate_limiter: BaseRateLimiter | None = _DEFAULT,
) -> Application:
    """Assemble the bot; `request` replaces the HTTP transport (tests, console).

    Every send goes through one `ChatRateLimiter` unless another limiter (or None) is given.
    """
    token = settings.telegram.token
    if not token:
        raise ConfigError("jeton Telegram manquant : POSTES_TELEGRAM_TOKEN ou [telegram] token")
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram.base_url)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .post_init(_post_init)
    )
    if settings.telegram.base_file_url:
        builder = builder.base_file_url(settings.telegram.base_file_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    limiter = ChatRateLimiter() if rate_limiter is _DEFAULT else rate_limiter
    if limiter is not None:
        builder = builder.rate_limiter(limiter)
    app = builder.build()
    app.bot_data.deps = Deps(settings=settings, sessions=sessions, clock=clock)
    for family in (*FAMILIES, fallback):
        family.register(app)
    app.add_error_handler(errors.on_error)
    return app
