"""The README's examples work on a fresh start: every chat command it shows, on the samples."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from postes.config import Settings
from postes.offers.query import parse_query
from postes.platforms.console.chat import run_console
from postes.storage.search import search_offers

README = Path(__file__).resolve().parent.parent / "README.md"
TODAY = date(2025, 7, 14)  # the `clock` fixture's day in Nouméa


def chat_examples() -> list[str]:
    """The commands of the README's "In the chat" sentence, as written there."""
    text = README.read_text(encoding="utf-8")
    paragraph = text[text.index("In the chat") :].split("\n\n", 1)[0]
    return [c for c in re.findall(r"`(/[^`]+)`", paragraph) if "…" not in c]


async def test_readme_chat_examples_work_on_the_samples(sessions, clock) -> None:
    examples = chat_examples()
    assert len(examples) >= 8
    output = io.StringIO()
    await run_console(
        Settings(),
        input_stream=io.StringIO("\n".join(examples) + "\n"),
        output_stream=output,
        sessions=sessions,
        clock=clock,
    )
    transcript = output.getvalue()

    assert "Je ne connais pas cette commande" not in transcript
    for reference in re.findall(r"/offre (\S+)", " ".join(examples)):
        assert f"Référence :* {reference}" in transcript
    assert "Abonnement n°1 créé" in transcript
    [subscription] = [e.split(" ", 1)[1] for e in examples if e.startswith("/abonner ")]
    async with sessions() as session:
        page = await search_offers(session=session, query=parse_query(subscription), today=TODAY)
    assert page.total >= 1, f"no sample matches the README's {subscription!r}"
