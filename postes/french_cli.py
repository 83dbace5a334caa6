"""argparse in French: usage, help titles and error messages, and counts that agree.

argparse writes its messages through gettext, in English, and formats them before
`ArgumentParser.error` sees them. Rather than patch argparse's module globals for the whole
process, `FrenchArgumentParser` reads each formatted message back against argparse's own
templates and writes the French one; a message it does not know stays as argparse wrote it.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

# argparse's msgids (Python 3.11–3.13) -> French; values come back already formatted (a
# `%r` value with its quotes), so the French side takes them all as `%s`.
MESSAGES = {
    "the following arguments are required: %s": "arguments requis : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)s (choix possibles : %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)s",
    "expected one argument": "une valeur attendue",
    "expected at least one argument": "au moins une valeur attendue",
    "expected at most one argument": "au plus une valeur attendue",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "one of the arguments %s is required": "l'un des arguments %s est requis",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ignored explicit argument %r": "valeur ignorée : %s",
}
_TYPES = {"int": "nombre entier", "float": "nombre", "Path": "chemin"}
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[rsd]")


def _pattern(template: str) -> re.Pattern[str]:
    parts, last = [], 0
    for number, match in enumerate(_PLACEHOLDER.finditer(template)):
        parts.append(re.escape(template[last : match.start()]))
        parts.append(f"(?P<{match[1] or f'_{number}'}>.+?)")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


_COMPILED = [(_pattern(english), french) for english, french in MESSAGES.items()]


def translate(message: str) -> str:
    """The French of a message argparse formatted; nested messages are translated too."""
    for pattern, french in _COMPILED:
        match = pattern.match(message)
        if match is None:
            continue
        values = {
            name: translate(value) if name == "message" else _TYPES.get(value, value)
            for name, value in match.groupdict().items()
        }
        if "%(" not in french:
            return french % tuple(values.values())
        return french % values
    return message


class FrenchHelpFormatter(argparse.HelpFormatter):
    """`utilisation :` instead of `usage:`."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        # argparse passes "" itself when it builds a subcommand's name: keep that one.
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


class FrenchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks French; its subcommands are built with it too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # added below, with French help
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def error(self, message: str) -> NoReturn:
        """Usage, then `postes : erreur : …` in French; exit status 2 as argparse."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {translate(message)}\n")


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`0 offre ajoutée`, `1 offre ajoutée`, `5 offres ajoutées`: French counts 0 as one."""
    return f"{count} {singular if count <= 1 else plural or _pluralise(singular)}"


def _pluralise(words: str) -> str:
    # Every word of a short noun phrase agrees (`offre ajoutée` -> `offres ajoutées`), but
    # not the invariable ones (`mise à jour` -> `mises à jour`).
    invariable = {"à", "jour", "de", "d'", "en", "la", "le"}
    out = []
    for word in words.split(" "):
        plain = word in invariable or word.endswith(("s", "x", "z"))
        out.append(word if plain else f"{word}s")
    return " ".join(out)
