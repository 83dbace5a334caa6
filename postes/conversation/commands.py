"""The one table of commands, and how texts name them on the platform being served.

Texts never write `/offres` themselves: they call `command("offers")`, which spells it the
way the current front end's users type it — `/offres` on Telegram and in the console,
`/postes offres` on Slack (one slash command with sub-commands). The spelling is a context
variable: a front end sets it (`naming(...)`) around the handling of an update or the
rendering of a notice; the default is the slash form. asyncio tasks copy their context when
created, so concurrent updates of different platforms never see each other's naming.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Command:
    """A command: `key` is its English name (also what code calls it), `french` the shown one."""

    key: str
    french: str
    description: str

    @property
    def names(self) -> tuple[str, ...]:
        """Every name users may type, the French one first."""
        return tuple(dict.fromkeys((self.french, self.key)))


COMMANDS: tuple[Command, ...] = (
    Command("start", "start", "Présentation du bot"),
    Command("offers", "offres", "Chercher des offres, par exemple : attaché"),
    Command("offer", "offre", "Détail d'une offre, par sa référence"),
    Command("subscribe", "abonner", "Être alerté des nouvelles offres"),
    Command("subscriptions", "abonnements", "Voir et gérer vos abonnements"),
    Command("unsubscribe", "desabonner", "Supprimer un abonnement"),
    Command("deadlines", "echeances", "Vos prochaines dates limites"),
    Command("settings", "reglages", "Rappels, résumé quotidien, heures calmes"),
    Command("help", "aide", "Aide et exemples"),
    Command("stop", "stop", "Tout oublier (abonnements, réglages)"),
)
_BY_KEY = {c.key: c for c in COMMANDS}
_BY_NAME = {name: c for c in COMMANDS for name in c.names}

# How a platform writes a command's bare name (`offres`) for its users to type.
Naming = Callable[[str], str]


def slash(name: str) -> str:
    """Telegram's and the console's spelling: `/offres`."""
    return f"/{name}"


_naming: ContextVar[Naming] = ContextVar("postes_command_naming", default=slash)


@contextmanager
def naming(spelling: Naming) -> Iterator[None]:
    """Name commands with `spelling` in every text built inside the block."""
    token = _naming.set(spelling)
    try:
        yield
    finally:
        _naming.reset(token)


def command(key: str, args: str = "", *, english: bool = False) -> str:
    """`/offres`, `/offres attaché` (with `args`), `/offers` (`english`), as users type it."""
    found = _BY_KEY[key]
    text = _naming.get()(found.key if english else found.french)
    return f"{text} {args}" if args else text


def command_names(key: str) -> tuple[str, ...]:
    """The names of the command `key`, the French one first: what a front end registers."""
    return _BY_KEY[key].names


def find_command(name: str) -> Command | None:
    """The command a typed name stands for (French or English, any case), or None."""
    return _BY_NAME.get(name.lower())
