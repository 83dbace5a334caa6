"""The terminal chat: piped lines in, a readable transcript out."""

from __future__ import annotations

import io

from postes.config import Settings
from postes.console import run_console


async def test_console_transcript_search_subscribe_list(sessions, clock) -> None:
    typed = "\n".join(
        [
            "/start",
            "/offres attaché",
            "1",  # details of the first result
            "/abonner corps:attaché",
            "/abonnements",
            "/abonner",
            "1",  # first suggested employer
            "99",  # no such button
            "",
        ]
    )
    output = io.StringIO()
    await run_console(
        Settings(),
        input_stream=io.StringIO(typed),
        output_stream=output,
        sessions=sessions,
        clock=clock,
    )
    transcript = output.getvalue()
    assert "> /offres attaché" in transcript  # piped input is echoed
    assert "offres ouvertes* pour « attaché »" in transcript
    assert "[1] 📄 1." in transcript
    assert "*Référence :*" in transcript  # details, HTML turned into plain emphasis
    assert "Abonnement n°1 créé" in transcript
    assert "*n°1* · corps : Attaché" in transcript
    assert "(étape 2/3)" in transcript  # the button press edited the flow message
    assert "Il n'y a pas de bouton [99]" in transcript
    assert "<b>" not in transcript


async def test_console_keywords_prompt_takes_the_next_line(sessions, clock) -> None:
    typed = "/abonner\n7\n1\n1\njuriste\n"  # all employers, first corps, add keywords
    output = io.StringIO()
    await run_console(
        Settings(),
        input_stream=io.StringIO(typed),
        output_stream=output,
        sessions=sessions,
        clock=clock,
    )
    transcript = output.getvalue()
    assert "(répondez en tapant votre texte)" in transcript
    assert "mots-clés : juriste" in transcript
