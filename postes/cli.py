"""The `postes` command: settings -> build -> run. Errors are one line, never a traceback."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from postes import commands, offer_commands
from postes.config import LOG_FORMATS, ConfigError, load_settings
from postes.french_cli import FrenchArgumentParser
from postes.logs import configure_logging
from postes.platforms.front_end import configured_platforms


def build_parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per thing a user or a script does."""
    parser = FrenchArgumentParser(
        prog="postes",
        description=(
            "Alertes des offres d'emploi public en Nouvelle-Calédonie (bot Telegram et Slack)."
        ),
    )
    parser.add_argument(
        "--config", type=Path, metavar="FICHIER", help="fichier TOML (défaut : $POSTES_CONFIG)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="journal détaillé")
    parser.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        help="journal en texte, ou en JSON (un objet par ligne) ; défaut : [log] format",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", required=True)

    run = sub.add_parser(
        "run", help="lancer le bot (Telegram, Slack) et le planificateur (console sans plateforme)"
    )
    run.add_argument("--webhook", metavar="URL", help="recevoir les mises à jour par webhook")
    run.add_argument(
        "--listen",
        metavar="HÔTE:PORT",
        help="où écoute le serveur web : webhook, /healthz, /readyz, /metrics (défaut : "
        "[http] listen, sinon, avec --webhook, 127.0.0.1 et le port de l'URL)",
    )

    run.add_argument(
        "--role",
        choices=["all", "updates", "scheduler", "sender"],
        default="all",
        help="ce que fait ce processus (défaut : tout) ; sur PostgreSQL, plusieurs processus"
        " peuvent avoir chaque rôle, un seul le mène à la fois",
    )
    run.add_argument(
        "--no-migrate",
        action="store_true",
        help="ne pas migrer la base au démarrage (la migration est une étape de déploiement :"
        " `postes db upgrade`) ; refuser de démarrer si le schéma n'est pas à jour",
    )

    console = sub.add_parser("console", help="discuter avec le bot dans le terminal, sans jeton")
    console.add_argument(
        "--alertes",
        action="store_true",
        help="après chaque ligne, relever les sources et envoyer alertes et rappels dus",
    )

    ingest = sub.add_parser("ingest", help="importer des avis (fichiers ou dossiers)")
    ingest.add_argument("paths", nargs="*", type=Path, metavar="CHEMIN")
    ingest.add_argument("--sample", action="store_true", help="charger les avis d'exemple")

    offers = sub.add_parser("offers", help="rechercher des offres")
    offers.add_argument("query", nargs="*", metavar="REQUÊTE")
    offers.add_argument("--all", action="store_true", help="inclure les offres closes")
    offers.add_argument("--json", action="store_true", help="sortie JSON")
    offers.add_argument("--limit", type=int, default=20, metavar="N", help="au plus N offres")

    parse = sub.add_parser("parse", help="analyser un avis et afficher l'offre lue")
    parse.add_argument("file", type=Path, metavar="FICHIER")
    parse.add_argument("--json", action="store_true", help="sortie JSON")

    correct = sub.add_parser(
        "correct", help="corriger une offre (la correction survit à une nouvelle lecture de l'avis)"
    )
    correct.add_argument("reference", metavar="RÉF", help="référence de l'offre, ou #numéro")
    correct.add_argument("--deadline", metavar="AAAA-MM-JJ", help="date limite (ou « aucune »)")
    correct.add_argument("--time", metavar="HH:MM", help="heure limite de dépôt")
    correct.add_argument("--title", metavar="TEXTE", help="intitulé du poste")
    correct.add_argument("--employer", metavar="TEXTE", help="employeur")
    correct.add_argument("--workplace", metavar="TEXTE", help="lieu de travail")
    correct.add_argument(
        "--clear", action="append", metavar="CHAMP", help="oublier une correction (répétable)"
    )

    db = sub.add_parser("db", help="base de données")
    db.add_argument(
        "action",
        choices=["upgrade", "check"],
        help="upgrade : migrer ; check : vérifier que le schéma est à jour, sans rien changer",
    )

    sub.add_parser("status", help="état des sources, de la file d'envoi et des rejets")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
        if args.command == "run" and not configured_platforms(settings):
            print(
                "Aucune plateforme configurée (ni [telegram] token ni [slack]) : "
                "démarrage en mode console.",
                file=sys.stderr,
            )
            args.command = "console"
        # A running bot logs what it sends; interactive commands stay quiet unless asked.
        configure_logging(
            level=logging.INFO if args.verbose or args.command == "run" else logging.WARNING,
            fmt=args.log_format or settings.log.format,
        )
        handler = getattr(commands, f"cmd_{args.command}", None) or getattr(
            offer_commands, f"cmd_{args.command}"
        )
        return int(asyncio.run(handler(settings, args)) or 0)
    except (ConfigError, commands.CommandError) as error:
        print(f"postes: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        print(
            f"postes: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
