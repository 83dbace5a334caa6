"""Commands typed a little wrong: `/désabonner` just works, `/ofres` gets "vouliez-vous dire".

Telegram command names are ASCII, so an accented spelling of a real command never reaches
its handler: the front end asks `guess_command` what was meant, runs it when the spelling
differs only by accents or case, and suggests the nearest command otherwise.
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass

from postes.conversation.commands import COMMANDS, command
from postes.conversation.replies import Reply
from postes.offers.text import fold

# French words people try for a command we have under another name -> its key.
_SYNONYMS = {
    "chercher": "offers",
    "recherche": "offers",
    "rechercher": "offers",
    "offres_emploi": "offers",
    "emplois": "offers",
    "inscrire": "subscribe",
    "sinscrire": "subscribe",
    "alerte": "subscribe",
    "alertes": "subscriptions",
    "desinscrire": "unsubscribe",
    "dates": "deadlines",
    "rappels": "settings",
    "parametres": "settings",
    "options": "settings",
    "menu": "help",
}
# Every name a command answers to (folded) -> the command's key (its English name).
NAMES: dict[str, str] = {name: c.key for c in COMMANDS for name in c.names}


@dataclass(frozen=True, slots=True)
class CommandGuess:
    """What a typed command name stands for: its `key` and whether it is certain."""

    key: str
    exact: bool  # the same command but for accents or case: run it


def command_word(text: str) -> str:
    """`/Désabonner@postes_bot 3` -> `désabonner` (as typed, without slash or bot name)."""
    first = text.strip().split(maxsplit=1)[0] if text.strip() else ""
    return first.lstrip("/").split("@", 1)[0]


def guess_command(word: str) -> CommandGuess | None:
    """The command a typed name means, exactly or nearly; None when nothing is close."""
    folded = fold(word).replace("-", "_").replace("'", "").replace("’", "")
    if not folded:
        return None
    if folded in NAMES:
        return CommandGuess(NAMES[folded], exact=True)
    if folded in _SYNONYMS:
        return CommandGuess(_SYNONYMS[folded], exact=False)
    close = difflib.get_close_matches(folded, [*NAMES, *_SYNONYMS], n=1, cutoff=0.75)
    if not close:
        return None
    return CommandGuess(NAMES.get(close[0]) or _SYNONYMS[close[0]], exact=False)


def suggestion_reply(text: str, guess: CommandGuess) -> Reply:
    """`Je ne connais pas /ofres. Vouliez-vous dire /offres attaché ?`"""
    typed = html.escape(command_word(text))
    rest = text.strip().split(maxsplit=1)[1:]
    full = command(guess.key, html.escape(rest[0]) if rest else "")
    return Reply(
        f"Je ne connais pas la commande « {typed} ». Vouliez-vous dire {full} ?\n"
        f"{command('help')} pour la liste des commandes."
    )
