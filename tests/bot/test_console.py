"""The terminal chat: piped lines in, a readable transcript out."""

from __future__ import annotations

import asyncio
import io
import os
import queue
import time
from datetime import timedelta
from pathlib import Path

from postes.config import ScheduleSettings, Settings, SourceSettings
from postes.platforms.console.chat import demo_settings, run_console
from tests.jobs.factories import make_chat, outbox, subscribe
from tests.waiting import until


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


async def test_console_reads_commands_without_slash_accents_and_typos(sessions, clock) -> None:
    typed = "offres attaché\n/échéances\n/ofres\nbonjour\n"
    output = io.StringIO()
    await run_console(
        Settings(),
        input_stream=io.StringIO(typed),
        output_stream=output,
        sessions=sessions,
        clock=clock,
    )
    transcript = output.getvalue()
    assert "offres ouvertes* pour « attaché »" in transcript  # as if typed /offres attaché
    assert "Rien à l'horizon" in transcript  # /échéances ran /echeances
    assert "Vouliez-vous dire /offres ?" in transcript
    assert "Ce que je sais faire" in transcript


class _Typist(io.TextIOBase):
    """Lines typed one at a time by the test, as a person would, while the bot runs."""

    def __init__(self) -> None:
        self.lines: queue.Queue[str] = queue.Queue()

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        return self.lines.get(timeout=30)

    def isatty(self) -> bool:
        return False


async def test_console_with_scheduler_shows_alerts_from_a_watched_folder(
    sessions, clock, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settings = Settings(
        sources=(SourceSettings("folder", str(inbox)),),
        schedule=ScheduleSettings(check_every=timedelta(seconds=1)),
    )
    typist, output = _Typist(), io.StringIO()
    console = asyncio.create_task(
        run_console(
            settings,
            input_stream=typist,
            output_stream=output,
            sessions=sessions,
            clock=clock,
            load_samples=False,
            with_scheduler=True,
        )
    )
    # Someone on Telegram wants the same offers: the console must not show their alert.
    telegram_chat = await make_chat(sessions, clock(), 555)
    await subscribe(sessions, telegram_chat, "cartographie", clock())
    typist.lines.put("/abonner cartographie\n")
    await until(lambda: "Abonnement n°2 créé" in output.getvalue())
    # Polls are spaced by the (fake) clock: the notice, already settled on disk (written
    # 10 s ago), is seen by the first poll after the clock moves past the subscription.
    notice = inbox / "avis.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    settled = time.time() - 10
    os.utime(notice, (settled, settled))
    clock.advance(timedelta(minutes=1))
    await until(lambda: "Géomaticien" in output.getvalue())
    typist.lines.put("")  # end of input
    await asyncio.wait_for(console, 10)

    assert output.getvalue().count("Géomaticien(ne) – cartographie") == 1
    by_platform = {row.platform: row.status for row in await outbox(sessions, "alert")}
    assert by_platform == {"console": "sent", "telegram": "pending"}


NOTICE = """# Géomaticien(ne) – cartographie

Référence : 3134-25-2001/SR du 14/07/2025

Employeur : Province Nord

Corps ou cadre d'emploi /Domaine : Technicien

Lieu de travail : Koné

Date de dépôt de l'offre : 14/07/2025

Date limite de candidature : 29/08/2025

# Détails de l'offre :

Production et mise à jour des données cartographiques de la province.
"""


SANTE_NOTICE = """# Chargé(e) d'études en santé publique

Référence : 3134-25-1100/SR du 10 juillet 2025

Employeur : Province Sud

Corps ou cadre d’emploi /Domaine : Attaché

Lieu de travail : Nouméa

Date limite de candidature : 30 juillet 2025 à 15 heures

Renseignements : Mme Boewa au 20 30 40 ou dpass.recrutement@province-sud.nc
"""


async def test_console_alerts_applied_deadlines_and_calendar(sessions, clock, tmp_path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    notice = inbox / "avis.txt"
    notice.write_text(SANTE_NOTICE, encoding="utf-8")
    settled = time.time() - 60  # a file still being written is left for the next poll
    os.utime(notice, (settled, settled))
    settings = Settings(sources=(SourceSettings("folder", str(inbox)),))
    # Subscribe (the notice is read right after, and alerted), "J'ai postulé", then the
    # calendar button of the redrawn alert, then the deadlines.
    typed = "/abonner corps:attaché\n4\n2\n/echeances\n"
    output = io.StringIO()
    await run_console(
        settings,
        input_stream=io.StringIO(typed),
        output_stream=output,
        sessions=sessions,
        clock=clock,
        load_samples=False,
        jobs_each_line=True,
    )
    transcript = output.getvalue()
    assert "🔎 _via votre abonnement n°1 (corps : Attaché)_" in transcript
    assert "[4] ✅ J'ai postulé   [5] 🙅 Pas intéressé" in transcript
    assert "💬 ✅ C'est noté : vous avez postulé." in transcript
    assert "[1] 📄 Détails   [2] 📅 Ajouter à mon agenda\n[3] ↩️ Annuler" in transcript
    assert "📎 date-limite-3134-25-1100-SR.ics" in transcript
    assert "DTSTART;TZID=Pacific/Noumea:20250730T150000" in transcript
    assert "*✅ Vos candidatures (1)*" in transcript


def test_demo_polls_watched_folders_within_a_minute_but_web_sites_at_their_pace() -> None:
    folder = SourceSettings("folder", "inbox")
    web = SourceSettings("http", "https://www.example.nc/offres")
    slow = ScheduleSettings(check_every=timedelta(minutes=10))

    demo = demo_settings(Settings(sources=(folder,), schedule=slow))
    assert demo.schedule.check_every <= timedelta(minutes=1)
    assert demo_settings(Settings(sources=(folder, web), schedule=slow)).schedule == slow
