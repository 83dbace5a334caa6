"""Commands come from one table, and texts name them the way the platform spells them."""

from __future__ import annotations

import asyncio
import re

from postes.conversation import lifecycle, messages
from postes.conversation.commands import (
    COMMANDS,
    command,
    command_names,
    find_command,
    naming,
    slash,
)
from postes.conversation.offers import footer, read_footer


def slack(name: str) -> str:
    return f"/postes {name}"


# A bare `/offres` (not preceded by `/postes `) in a text would be hard-coded.
_BARE = re.compile(r"(?<!postes )/(" + "|".join(n for c in COMMANDS for n in c.names) + r")\b")


def test_default_naming_is_the_slash_form() -> None:
    assert command("offers") == "/offres"
    assert command("offers", "attaché") == "/offres attaché"
    assert command("offers", english=True) == "/offers"
    assert slash("aide") == "/aide"


def test_naming_applies_inside_the_block_only() -> None:
    with naming(slack):
        assert command("subscribe", "corps:attaché") == "/postes abonner corps:attaché"
    assert command("subscribe") == "/abonner"


def test_fixed_texts_follow_the_platforms_naming() -> None:
    texts = [
        messages.greeting(),
        messages.help_text(),
        messages.unknown_command(),
        messages.free_text(),
        messages.expired_button(),
        messages.stop_done(),
        lifecycle.greeting().text,
    ]
    assert all(_BARE.search(text) for text in texts[:4])
    with naming(slack):
        slack_texts = [
            messages.greeting(),
            messages.help_text(),
            messages.unknown_command(),
            messages.free_text(),
            messages.expired_button(),
            messages.stop_done(),
            lifecycle.greeting().text,
        ]
    assert not [t for t in slack_texts if _BARE.search(t)]
    assert "/postes offres" in slack_texts[1]
    assert "/postes offers" in slack_texts[1]  # the English alias, spelled the Slack way


def test_results_footer_reads_back_under_each_naming() -> None:
    line = footer("attaché", 2, 3)
    assert line == "🔎 /offres attaché · page 2/3"
    assert read_footer("…\n" + line) == ("attaché", 2)
    with naming(slack):
        slack_line = footer("attaché", 2, 3)
        assert slack_line == "🔎 /postes offres attaché · page 2/3"
        assert read_footer("…\n" + slack_line) == ("attaché", 2)
        assert read_footer(line) is None  # another platform's footer is not ours


async def test_concurrent_tasks_keep_their_own_naming() -> None:
    seen: dict[str, str] = {}

    async def serve(name: str, spelling: object) -> None:
        with naming(spelling):  # type: ignore[arg-type]
            await asyncio.sleep(0)
            seen[name] = command("offers")

    await asyncio.gather(serve("slack", slack), serve("telegram", slash))
    assert seen == {"slack": "/postes offres", "telegram": "/offres"}


def test_one_table_with_unique_names() -> None:
    names = [n for c in COMMANDS for n in c.names]
    assert len(names) == len(set(names))
    assert command_names("offers") == ("offres", "offers")
    assert command_names("start") == ("start",)
    found = find_command("OFFRES")
    assert found is not None
    assert found.key == "offers"
    assert find_command("nope") is None


def test_texts_of_lookups_and_settings_follow_the_naming_too() -> None:
    from postes.conversation.lookup import ask_reference
    from postes.conversation.reminder_days import ReminderDaysError, read_command

    with naming(slack):
        asked = ask_reference().text
        try:
            read_command("couleur bleue")
        except ReminderDaysError as error:
            refused = str(error)
    assert "/postes offre 0834" in asked
    assert "/postes reglages rappels 14 3 1" in refused
    assert not _BARE.search(asked + refused)
