"""Realistic fake vacancy notices for benches: Offer objects, or notice texts to parse.

Seeded, so two runs measure the same corpus. The vocabulary is what New Caledonian
notices use (employers, corps, towns, missions); the texts follow the labelled layout
the parser reads (`Référence :`, `Employeur :`, `Date limite de candidature :` …).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from postes.offers.model import Corps, Offer

EMPLOYERS = (
    "Province Sud",
    "Province Nord",
    "Province des îles Loyauté",
    "Gouvernement de la Nouvelle-Calédonie",
    "Congrès de la Nouvelle-Calédonie",
    "Mairie de Nouméa",
    "Mairie de Dumbéa",
    "Mairie du Mont-Dore",
    "Mairie de Païta",
    "Mairie de Koné",
    "Centre hospitalier territorial Gaston-Bourret",
    "Caisse des écoles de la Ville de Nouméa",
)
CORPS = (
    ("Attaché", "A"),
    ("Rédacteur", "B"),
    ("Ingénieur", "A"),
    ("Technicien", "B"),
    ("Technicien supérieur", "B"),
    ("Adjoint administratif", "C"),
    ("Adjoint technique", "C"),
    ("Agent de maîtrise", "C"),
    ("Cadre socio-éducatif", "A"),
    ("Assistant socio-éducatif", "B"),
    ("Éducateur", "B"),
    ("Infirmier", "B"),
    ("Administrateur", "A"),
)
GRADES = (None, None, "principal", "2ème grade", "1er grade")
SPECIALITIES = (None, None, None, "Informatique", "Génie civil", "Économie rurale", "Finances")
TOWNS = ("Nouméa", "Koné", "Dumbéa", "Païta", "Lifou", "Maré", "Bourail", "Koumac", "Poindimié")
JOBS = (
    "Chargé(e) d'études",
    "Gestionnaire comptable",
    "Directrice adjointe",
    "Directeur",
    "Chef de service",
    "Juriste",
    "Assistante de direction",
    "Technicien(ne) réseaux",
    "Développeur",
    "Infirmière",
    "Éducateur spécialisé",
    "Agent d'accueil",
    "Responsable des ressources humaines",
    "Chargée de mission",
    "Ingénieure travaux",
    "Secrétaire",
    "Contrôleur de gestion",
    "Conducteur d'opérations",
    "Archiviste",
    "Animatrice jeunesse",
)
DOMAINS = (
    "informatique",
    "aménagement",
    "environnement",
    "jeunesse et sports",
    "finances",
    "marchés publics",
    "santé publique",
    "affaires sociales",
    "eau et assainissement",
    "voirie",
    "culture",
    "économie rurale",
    "ressources humaines",
    "enseignement",
    "pêche et aquaculture",
)
MISSIONS = (
    "Piloter les projets du service et en suivre le budget",
    "Rédiger les notes, rapports et délibérations soumis à l'assemblée",
    "Encadrer une équipe de {n} agents et organiser le planning",
    "Assurer la maintenance des réseaux et du parc informatique",
    "Instruire les dossiers de subvention des associations",
    "Accueillir et orienter le public, tenir le standard",
    "Préparer et exécuter les marchés publics de travaux",
    "Suivre les chantiers de voirie et d'assainissement",
    "Contrôler l'exécution budgétaire et les engagements comptables",
    "Animer le réseau des partenaires communaux et associatifs",
    "Participer à l'évaluation des politiques publiques",
    "Gérer les carrières, la paie et la formation des agents",
    "Conduire les actions de prévention auprès des familles",
    "Assurer les soins infirmiers et la tenue des dossiers patients",
    "Élaborer les tableaux de bord et les indicateurs d'activité",
)
PROFILES = (
    "Maîtrise des outils bureautiques",
    "Connaissance de l'environnement institutionnel de la Nouvelle-Calédonie",
    "Sens du service public, rigueur et discrétion",
    "Aptitude au travail en équipe et à la conduite de projets",
    "Permis B exigé, déplacements fréquents en brousse",
    "Expérience similaire d'au moins trois ans appréciée",
)
MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"


def _corps(rng: random.Random) -> list[Corps]:
    chosen = rng.sample(CORPS, rng.choice((1, 1, 1, 2, 3)))
    return [
        Corps(name, rng.choice(GRADES), rng.choice(SPECIALITIES), category)
        for name, category in chosen
    ]


def _body(rng: random.Random) -> str:
    missions = [m.format(n=rng.randint(2, 12)) for m in rng.sample(MISSIONS, rng.randint(3, 6))]
    profile = rng.sample(PROFILES, rng.randint(2, 4))
    return "\n".join(
        [
            f"La direction {rng.choice(DOMAINS)} recrute pour renforcer ses équipes.",
            "",
            "# Missions :",
            *(f"- {m} ;" for m in missions),
            "",
            "# Profil du candidat :",
            *(f"- {p} ;" for p in profile),
        ]
    )


def fake_offers(count: int, *, today: date, seed: int = 0, years: float = 2) -> list[Offer]:
    """`count` distinct offers published over the past `years`; 5 % have no deadline.

    Deadlines fall 1 to 9 weeks after publication, so over two years about one offer in
    twelve is still open, as in a database that has been collecting notices for a while.
    """
    rng = random.Random(seed)
    offers = []
    for number in range(count):
        published = today - timedelta(days=rng.randint(0, int(365 * years)))
        deadline = None if rng.random() < 0.05 else published + timedelta(days=rng.randint(7, 60))
        offers.append(
            Offer(
                title=f"{rng.choice(JOBS)} – {rng.choice(DOMAINS)}",
                body=_body(rng),
                reference=f"{3000 + number // 1000}-{today.year % 100:02d}-{number % 1000:04d}/SR",
                reference_date=published,
                employer=rng.choice(EMPLOYERS),
                direction=f"Direction {rng.choice(DOMAINS)}",
                corps=_corps(rng),
                workplace=rng.choice(TOWNS),
                published_on=published,
                deadline=deadline,
            )
        )
    return offers


def _french(day: date) -> str:
    return f"{day.day} {MONTHS.split()[day.month - 1]} {day.year}"


def render_notice(offer: Offer) -> str:
    """The offer as a text notice in the labelled layout employers publish."""
    corps = " ou ".join(c.label() for c in offer.corps)
    published = offer.published_on or date(2025, 1, 1)
    lines = [
        f"# {offer.title}",
        "",
        f"Référence : {offer.reference} du {_french(offer.reference_date or published)}",
        "",
        f"Employeur : {offer.employer}",
        "",
        f"Corps ou cadre d’emploi /Domaine : {corps}",
        "",
        f"Direction : {offer.direction}",
        "",
        f"Lieu de travail : {offer.workplace}",
        "",
        f"Date de dépôt de l’offre : {_french(published)}",
        "",
    ]
    if offer.deadline:
        lines += [f"Date limite de candidature : {_french(offer.deadline)}", ""]
    lines += ["# Détails de l’offre :", "", offer.body, ""]
    return "\n".join(lines)


def fake_notices(count: int, *, today: date, seed: int = 0) -> list[tuple[str, bytes]]:
    """`count` notices as (filename, UTF-8 text), ready for `ingest_documents`."""
    return [
        (f"avis-{number:05d}.txt", render_notice(offer).encode("utf-8"))
        for number, offer in enumerate(fake_offers(count, today=today, seed=seed))
    ]
