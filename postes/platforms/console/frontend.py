"""The console front end: typed lines go to the conversation core, outcomes come back as text.

One private chat (platform "console"), one person who may change everything. A line is a
command (`/offres attaché`), a button number (`2`), the answer to a question the bot asked,
or free text. Notices the scheduler delivers come through `ConsoleSender` and show like
replies, with buttons that work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import Clock
from postes.config import Settings
from postes.conversation import actions, presses
from postes.conversation.caller import (
    Caller,
    DropPressed,
    Edit,
    EditButtons,
    Outcome,
    Prompt,
    Send,
    Toast,
)
from postes.conversation.common import ChatRef
from postes.conversation.replies import Attachment, Button, Reply
from postes.platforms.console.render import ButtonBoard, html_to_console, html_to_plain
from postes.storage.models import ChatRow

PLATFORM = "console"
USER = "1000"


class ConsoleChat:
    """Render outcomes in the terminal and remember what is on screen."""

    def __init__(
        self,
        sessions: async_sessionmaker,
        clock: Clock,
        settings: Settings,
        write: Callable[[str], None],
    ) -> None:
        self.sessions, self.clock, self.zone, self.write = sessions, clock, settings.timezone, write
        # One private chat; it starts with the configured reminder days, like any new chat.
        self.chat = ChatRef(
            platform=PLATFORM,
            external_id=USER,
            kind="private",
            title="Vous",
            reminder_days=settings.schedule.reminder_days,
        )
        self.board = ButtonBoard()
        self.texts: dict[int, str] = {}  # message id -> its plain text, as a client shows it
        self.buttons: dict[int, tuple[tuple[Button, ...], ...]] = {}  # message id -> its buttons
        self.last_id = 0
        self.prompt: str | None = None  # the text of a question waiting for its answer

    def caller(self) -> Caller:
        """The person at the terminal, now."""
        now: datetime = self.clock()
        today = now.astimezone(self.zone).date()
        return Caller(chat=self.chat, now=now, today=today, actor=USER, zone=self.zone)

    def post(self, reply: Reply, *, message_id: int | None = None) -> int:
        """Show a message (new, or in place of `message_id`); return its id."""
        if message_id is None:
            self.last_id += 1
            message_id = self.last_id
        self.texts[message_id] = html_to_plain(reply.text)
        self.buttons[message_id] = reply.buttons
        lines = [html_to_console(reply.text), *self.board.number(message_id, reply.buttons)]
        self.write("\n".join(lines) + "\n")
        return message_id

    def show(
        self, outcomes: Sequence[Outcome], *, pressed: int | None = None, data: str | None = None
    ) -> None:
        """Render outcomes; `pressed` is the message whose button (`data`) was pressed."""
        for outcome in outcomes:
            if isinstance(outcome, Send):
                self.post(outcome.reply)
            elif isinstance(outcome, Edit):
                if pressed is not None and pressed in self.texts:
                    self.write("✏️  (message modifié)")
                self.post(outcome.reply, message_id=pressed)
            elif isinstance(outcome, Toast):
                if outcome.text:
                    self.write(f"💬 {outcome.text}\n")
            elif isinstance(outcome, Prompt):
                asked = outcome.reply
                self.post(Reply(asked.text + "\n(répondez en tapant votre texte)", asked.buttons))
                self.prompt = html_to_plain(asked.text)
            elif isinstance(outcome, Attachment):
                self._attach(outcome)
            elif isinstance(outcome, EditButtons) and pressed is not None:
                self._rebutton(pressed, outcome.buttons)
            elif isinstance(outcome, DropPressed) and pressed is not None:
                rows = ((b for b in row if b.data != data) for row in self.buttons[pressed])
                self._rebutton(pressed, tuple(kept for row in rows if (kept := tuple(row))))

    def _rebutton(self, message_id: int, rows: tuple[tuple[Button, ...], ...]) -> None:
        self.buttons[message_id] = rows
        self.write("✏️  (boutons modifiés)")
        self.write("\n".join(self.board.number(message_id, rows)) + "\n")

    def _attach(self, attachment: Attachment) -> None:
        caption = html_to_console(attachment.caption)
        self.write(f"📎 {attachment.filename}" + (f" — {caption}" if caption else ""))
        if attachment.mime_type == "text/calendar":  # small and readable: show what opens
            lines = attachment.content.decode().splitlines()
            self.write("\n".join(f"    {line}" for line in lines))
        self.write("")

    async def handle(self, line: str) -> None:
        """Serve one typed line."""
        self.board.new_turn()
        prompt, self.prompt = self.prompt, None
        caller = self.caller()
        if line.isdigit() and prompt is None:  # a number answers a question when one is asked
            await self.press(int(line), caller)
            return
        answered = None
        if prompt is not None and not line.startswith("/"):
            answered = await actions.answer_prompt(
                sessions=self.sessions, caller=caller, prompt_text=prompt, typed=line
            )
        if answered is None:  # a command, an answer the chat owes, a search, or small talk
            answered = await actions.typed_text(sessions=self.sessions, caller=caller, text=line)
        self.show(answered)

    async def press(self, number: int, caller: Caller) -> None:
        """Press the button numbered `number` on screen."""
        found = self.board.press(number)
        if found is None:
            self.write(f"Il n'y a pas de bouton [{number}] à l'écran.")
            return
        message_id, button = found
        if button.url is not None:
            self.write(f"🔗 Ouvrez ce lien dans votre navigateur : {button.url}")
            return
        outcomes = await presses.press_button(
            sessions=self.sessions,
            caller=caller,
            data=button.data,
            message_text=self.texts.get(message_id),
        )
        self.show(outcomes, pressed=message_id, data=button.data)


class ConsoleSender:
    """`jobs.errors.Sender` for the console: delivered notices show in the terminal."""

    def __init__(self, chat: ConsoleChat) -> None:
        self.chat = chat

    async def send(self, chat: ChatRow, reply: Reply, *, skip: int = 0) -> str:
        """Show the notice (whole: a terminal has no length limit, `skip` has nothing to
        skip); its buttons get numbers like any reply's."""
        return str(self.chat.post(reply))
