"""Chat with the bot in a terminal, no token needed: the first thing to try.

The console is a front end of its own (`frontend.ConsoleChat`): it calls the same
conversation core as Telegram and Slack and renders the outcomes as text. Piped input
works too: each line is echoed, so the output reads as a transcript; end of input ends the
session.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta
from typing import TextIO

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.config import Settings
from postes.jobs.scheduler import build_scheduler, deliver, enqueue_timed, poll_sources
from postes.jobs.senders import Senders
from postes.platforms.console.frontend import PLATFORM, ConsoleChat, ConsoleSender

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


async def _run_jobs_once(
    sessions: async_sessionmaker, settings: Settings, clock: Clock, senders: Senders
) -> None:
    """What the scheduler does in one round: poll, enqueue what is due, deliver."""
    await poll_sources(sessions, settings, clock)
    await enqueue_timed(sessions, settings, clock)
    await deliver(sessions, settings, clock, sender=senders, stop=asyncio.Event())


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
    would in a chat. `jobs_each_line` runs one round of those jobs after each line instead,
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
    chat = ConsoleChat(sessions, clock, settings, write)
    interactive = input_stream.isatty()
    # Only the console's own chat: Telegram's or Slack's messages are not ours to show.
    senders = Senders().add(PLATFORM, ConsoleSender(chat))
    scheduler = None
    if interactive if with_scheduler is None else with_scheduler:
        scheduler = build_scheduler(
            sessions=sessions, settings=demo_settings(settings), sender=senders, clock=clock
        )
    write(BANNER)
    if scheduler is not None:
        scheduler.start()
    try:
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
            await chat.handle(line)
            if jobs_each_line:
                await _run_jobs_once(sessions, settings, clock, senders)
            write("")
    finally:
        if scheduler is not None:
            await scheduler.stop()
    if interactive:
        output_stream.write("\nAu revoir !\n")
