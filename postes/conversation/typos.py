"""Commands typed a little wrong: `/désabonner` just works, `/ofres` gets "vouliez-vous dire".

Telegram command names are ASCII, so an accented spelling of a real command never reaches
its handler: the front end asks `guess_command` what was meant, runs it when the spelling
differs only by accents or case, and suggests the nearest command otherwise.
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass

from postes.conversation import messages
from postes.conversation.replies import Reply
from postes.offers.text import fold

# French words people try for a command we have under another name.
_SYNONYMS = {
    "chercher": "offres",
    "recherche": "offres",
    "rechercher": "offres",
    "offres_emploi": "offres",
    "emplois": "offres",
    "inscrire": "abonner",
    "sinscrire": "abonner",
    "alerte": "abonner",
    "alertes": "abonnements",
    "desinscrire": "desabonner",
    "dates": "echeances",
    "rappels": "reglages",
    "parametres": "reglages",
    "options": "reglages",
    "menu": "aide",
}
# Every name a command answers to (folded) -> the French name shown to users.
NAMES: dict[str, str] = {
    name: french for english, french, _ in messages.COMMANDS for name in (english, french)
}


@dataclass(frozen=True, slots=True)
class CommandGuess:
    """What a typed command name stands for: `name` (French) and whether it is certain."""

    name: str
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
    full = f"/{guess.name}" + (f" {html.escape(rest[0])}" if rest else "")
    return Reply(
        f"Je ne connais pas la commande /{typed}. Vouliez-vous dire {full} ?\n"
        "/aide pour la liste des commandes."
    )
