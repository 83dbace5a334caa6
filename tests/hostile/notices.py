"""Notices that parse into offers, each with its own reference."""

from __future__ import annotations

NOTICE = """{title}

Référence : 3134-25-{number:04d}/SR du 02/07/2025

Employeur : Province Nord

Corps ou cadre d'emploi /Domaine : Rédacteur (B)

Lieu de travail : Koné

Date de dépôt de l’offre : 02/07/2025

Date limite de candidature : 31/07/2025

# Détails de l’offre :

La direction des finances prépare et exécute le budget de la province.
"""


def notice(number: int, title: str = "Gestionnaire comptable") -> bytes:
    """A notice for a 'comptable' offer numbered `number`."""
    return NOTICE.format(title=title, number=number).encode()
