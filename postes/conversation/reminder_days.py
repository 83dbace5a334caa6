"""Reading `/reglages rappels 14 3 1`: the days before a deadline a person wants reminders.

At most `MAX_VALUES` distinct days, each from 1 to `MAX_DAY` (the reminder job looks that far
ahead); `aucun` turns reminders off. Any mistake is explained and nothing is changed.
"""

from __future__ import annotations

import html
import re

from postes.conversation.commands import command
from postes.jobs.reminders import MAX_REMINDER_DAYS
from postes.offers.text import fold

MAX_VALUES = 5
MAX_DAY = MAX_REMINDER_DAYS


def _example() -> str:
    shown = command("settings", "rappels 14 3 1")
    return f"Exemple : <code>{shown}</code> (14, 3 et 1 jours avant la date limite)."


_KEYS = {"rappel", "rappels", "reminder", "reminders", "rappeler"}
_NONE = {"aucun", "aucune", "non", "0", "rien", "stop", "none"}
_FILLER = {"jour", "jours", "j", "avant", "la", "date", "limite", "a"}
_VALUE = re.compile(r"^(?:j\s*-?\s*)?(\d{1,4})(?:\s*j(?:ours?)?)?$")
_SEPARATORS = re.compile(r"[\s,;/]+|\bet\b")


class ReminderDaysError(ValueError):
    """The message (French, HTML) says what is wrong and how to write it."""


def read_command(text: str) -> list[int]:
    """The reminder days a `/reglages` text sets, nearest deadline last (`[14, 3, 1]`)."""
    key, _, rest = fold(text).strip().partition(" ")
    if key not in _KEYS:
        raise ReminderDaysError(
            f"Je ne connais pas le réglage « {_shown(key)} ». "
            f"Tapez {command('settings')} seul pour les boutons, ou choisissez vos rappels. "
            + _example()
        )
    return read_days(rest)


def read_days(text: str) -> list[int]:
    """`14 3 1`, `J-7, J-1`, `7 et 1`, or `aucun`."""
    values = [v for v in _SEPARATORS.split(fold(text).strip()) if v and v not in _FILLER]
    if not values:
        raise ReminderDaysError(f"Combien de jours avant la date limite ? {_example()}")
    if len(values) == 1 and values[0] in _NONE:
        return []
    days = []
    for value in values:
        match = _VALUE.match(value)
        if match is None:
            raise ReminderDaysError(
                f"« {_shown(value)} » n'est pas un nombre de jours. {_example()}"
            )
        days.append(int(match[1]))
    if len(days) > MAX_VALUES:
        raise ReminderDaysError(f"{MAX_VALUES} rappels au plus, vous en demandez {len(days)}.")
    wrong = [d for d in days if not 1 <= d <= MAX_DAY]
    if wrong:
        raise ReminderDaysError(
            f"Un rappel se règle de 1 à {MAX_DAY} jours avant la date limite "
            f"({', '.join(map(str, wrong))} ne "
            f"{'convient' if len(wrong) == 1 else 'conviennent'} pas)."
        )
    if len(set(days)) != len(days):
        raise ReminderDaysError("Chaque jour ne peut figurer qu'une fois. " + _example())
    return sorted(days, reverse=True)


def _shown(text: str) -> str:
    return html.escape(text[:30])
