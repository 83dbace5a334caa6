"""Text that is not a command, in a private chat: what the person most likely wants.

`offres attaché` (a command without its slash) runs that command; a few words are a
search; a greeting or a long message gets the help. An answer the chat owes us (the
keywords of a guided subscription) is looked at first, by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation import messages
from postes.conversation.common import ChatRef
from postes.conversation.offers import offers_reply
from postes.conversation.replies import Reply
from postes.conversation.subscribe_flow import pending_keywords_answer
from postes.conversation.typos import guess_command
from postes.offers.text import fold, terms

# Longer than this is a message to a person, not a search.
MAX_SEARCH_WORDS = 8
MAX_SEARCH_CHARS = 120
# Messages, or first words, that talk to the bot rather than search.
_SMALL_TALK = {"ok", "oui", "non", "au revoir", "bye", "aide", "help", "?", "merci beaucoup"}
_GREETINGS = {"bonjour", "bonsoir", "salut", "hello", "coucou", "merci", "bjr", "slt"}


@dataclass(frozen=True, slots=True)
class FreeText:
    """`command` to run with `rest` as its text, `search` for `rest`, or `help`."""

    kind: str  # "command" | "search" | "help"
    rest: str = ""
    command: str = ""


def read_free_text(text: str) -> FreeText:
    """Decide what a plain message in a private chat asks for."""
    text = " ".join(text.split())
    folded = fold(text).strip(" !.?")
    words = folded.replace(",", " ").split()
    if not words or folded in _SMALL_TALK or words[0] in _GREETINGS:
        return FreeText("help")
    first, _, rest = text.partition(" ")
    guess = guess_command(first)
    if guess is not None and guess.exact:
        return FreeText("command", rest, guess.key)
    if len(text.split()) > MAX_SEARCH_WORDS or len(text) > MAX_SEARCH_CHARS or not terms(text):
        return FreeText("help")
    return FreeText("search", text)


async def plain_text_reply(
    *, sessions: async_sessionmaker, chat: ChatRef, text: str, now: datetime, today: date
) -> Reply | FreeText:
    """What to answer a plain message in a private chat, or the command it asks to run.

    A pending question (the keywords of a guided subscription) comes first; then a command
    written without its slash (returned for the front end to run), a search, or the help.
    """
    answer = await pending_keywords_answer(
        sessions=sessions, chat=chat, typed=text, now=now, today=today
    )
    if answer is not None:
        return answer
    wanted = read_free_text(text)
    if wanted.kind == "command":
        return wanted
    if wanted.kind == "search":
        return await offers_reply(
            sessions=sessions, chat=chat, query_text=wanted.rest, page=1, today=today
        )
    return Reply(messages.free_text_private())
