"""Chat with the bot in a terminal, no Telegram token needed: the first thing to try.

The same `Application` as in production handles the updates; only the transport differs
(`ConsoleTransport` prints instead of calling Telegram). Piped input works too: each line is
echoed, so the output reads as a transcript; end of input ends the session.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from datetime import timedelta
from typing import Any, TextIO

from sqlalchemy.ext.asyncio import async_sessionmaker
from telegram import Update
from telegram.ext import Application

from postes.clock import Clock
from postes.config import Settings
from postes.jobs.scheduler import build_scheduler, deliver, enqueue_timed, poll_sources
from postes.platforms.console.transport import ConsoleTransport
from postes.platforms.telegram.app import build_application
from postes.platforms.telegram.sender import TelegramSender

logger = logging.getLogger(__name__)

CONSOLE_TOKEN = "console"  # never sent anywhere: the transport answers every call locally
USER = {"id": 1000, "is_bot": False, "first_name": "Vous", "language_code": "fr"}
CHAT = {"id": 1000, "type": "private", "first_name": "Vous"}
BANNER = (
    "Postes — le bot dans votre terminal (démonstration, sans Telegram).\n"
    "Tapez /aide pour commencer, un numéro pour appuyer sur un bouton, Ctrl-D pour quitter.\n"
)


# Folder sources are polled this often in the terminal demo, so that a notice dropped into the
# watched folder is alerted within a minute, whatever the bot's own `check_every` says. Web
# sources keep the configured pace: a demo is no reason to poll someone's site harder.
CONSOLE_CHECK_EVERY = timedelta(seconds=15)


def demo_settings(settings: Settings) -> Settings:
    """The settings the terminal demo runs its scheduler with."""
    schedule = settings.schedule
    if not all(source.kind == "folder" for source in settings.sources):
        return settings
    every = min(schedule.check_every, CONSOLE_CHECK_EVERY)
    return dataclasses.replace(settings, schedule=dataclasses.replace(schedule, check_every=every))


class _Session:
    """Turn typed lines into Telegram updates for one private chat."""

    def __init__(self, app: Application, transport: ConsoleTransport, clock: Clock) -> None:
        self.app = app
        self.transport = transport
        self.clock = clock
        self.update_id = 0

    def _base(self) -> dict[str, Any]:
        self.update_id += 1
        return {"update_id": self.update_id}

    def _message(self, text: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self.transport.next_message_id(),
            "date": int(self.clock().timestamp()),
            "chat": CHAT,
            "from": USER,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            length = len(command.encode("utf-16-le")) // 2
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        elif self.transport.awaiting_reply_to is not None:
            prompt = self.transport.messages.get(self.transport.awaiting_reply_to)
            if prompt is not None:
                message["reply_to_message"] = _public(prompt)
        self.transport.awaiting_reply_to = None
        return {**self._base(), "message": message}

    def _press(self, number: int) -> dict[str, Any] | None:
        pressed = self.transport.board.press(number)
        if pressed is None:
            self.transport.write(f"Il n'y a pas de bouton [{number}] à l'écran.")
            return None
        message_id, button = pressed
        if "url" in button:
            self.transport.write(f"🔗 Ouvrez ce lien dans votre navigateur : {button['url']}")
            return None
        query = {
            "id": str(self.update_id + 1),
            "from": USER,
            "chat_instance": "console",
            "data": button["callback_data"],
            "message": _public(self.transport.messages[message_id]),
        }
        return {**self._base(), "callback_query": query}

    async def handle(self, line: str) -> None:
        """Feed one typed line to the application."""
        self.transport.board.new_turn()
        awaiting = self.transport.awaiting_reply_to is not None
        if line.isdigit() and not awaiting:
            data = self._press(int(line))
            if data is None:
                return
        else:
            data = self._message(line)
        await self.app.process_update(Update.de_json(data, self.app.bot))


async def _run_jobs_once(
    sessions: async_sessionmaker, settings: Settings, clock: Clock, sender: TelegramSender
) -> None:
    """What the scheduler does in one round: poll, enqueue what is due, deliver."""
    await poll_sources(sessions, settings, clock)
    await enqueue_timed(sessions, settings, clock)
    await deliver(sessions, settings, clock, sender=sender, stop=asyncio.Event())


def _public(message: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in message.items() if key != "html"}


async def run_console(
    settings: Settings,
    *,
    input_stream: TextIO,
    output_stream: TextIO,
    sessions: async_sessionmaker,
    clock: Clock,
    load_samples: bool = True,
    with_scheduler: bool | None = None,
    jobs_each_line: bool = False,
) -> None:
    """Chat in the terminal with the real bot, on sample offers, until end of input.

    With the scheduler (by default when a person types, not for piped transcripts), the
    configured sources are polled and alerts and reminders appear in the terminal as they
    would in Telegram. `jobs_each_line` runs one round of those jobs after each line instead,
    so a piped transcript shows the alerts at a known place.
    """

    waiting_at_prompt = False

    def write(text: str) -> None:
        # An alert delivered while the person is at the prompt starts on a line of its own,
        # and the prompt comes back under it.
        before, after = ("\n", "> ") if waiting_at_prompt else ("", "")
        output_stream.write(before + text + ("" if text.endswith("\n") else "\n") + after)
        output_stream.flush()

    if load_samples:
        from postes.jobs.ingest import ingest_samples

        await ingest_samples(sessions=sessions, clock=clock, zone=settings.timezone)
    transport = ConsoleTransport(write, clock)
    console_settings = dataclasses.replace(
        settings, telegram=dataclasses.replace(settings.telegram, token=CONSOLE_TOKEN)
    )
    # No rate limiter: nothing leaves the machine, and waits would only slow the demo down.
    app = build_application(
        console_settings, sessions=sessions, clock=clock, request=transport, rate_limiter=None
    )
    interactive = input_stream.isatty()
    session = _Session(app, transport, clock)
    scheduler = None
    if interactive if with_scheduler is None else with_scheduler:
        scheduler = build_scheduler(
            sessions=sessions,
            settings=demo_settings(settings),
            sender=TelegramSender(app.bot),
            clock=clock,
        )
    async with app:
        if app.post_init is not None:
            await app.post_init(app)
        write(BANNER)
        if scheduler is not None:
            scheduler.start()
        while True:
            if interactive:
                output_stream.write("> ")
                output_stream.flush()
                waiting_at_prompt = True
            line = await asyncio.to_thread(input_stream.readline)
            waiting_at_prompt = False
            if not line:  # end of input
                break
            line = line.strip()
            if not line:
                continue
            if not interactive:
                write(f"> {line}")  # piped input is not echoed by a terminal: show it
            await session.handle(line)
            if jobs_each_line:
                await _run_jobs_once(sessions, settings, clock, TelegramSender(app.bot))
            write("")
        if scheduler is not None:
            await scheduler.stop()
    if interactive:
        output_stream.write("\nAu revoir !\n")
