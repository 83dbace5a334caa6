"""Notices written for the tests in the style of real ones, each stressing one layout."""

# Labels with and without a space before the colon, fields out of order, a footnote call.
PLAIN = """# Gestionnaire comptable

Référence : 3134-25-0701/SR du 02/05/2025

Employeur : Province Nord

Corps ou cadre d'emploi /Domaine : Rédacteur (B)

Direction : Direction des Finances

Lieu de travail: Koné

Durée de résidence exigée pour le recrutement sur titre (1): au moins égale à 3 ans

Date limite de candidature: vendredi 23 mai 2025

Date de dépôt de l’offre : vendredi 02 mai 2025

Poste à pourvoir : dès que possible

# Détails de l’offre :

La direction des finances prépare et exécute le budget de la province.

# Missions :

- Tenir la comptabilité d’engagement ;
- Suivre les subventions versées aux associations.

Renseignements : Mme Poigoune au 47 72 39
"""

# Values on the line after their label, markdown headings, NBSP and `1ᵉʳ` noise.
NEXT_LINE = """## Chargé(e) d’accueil

**Référence**
3134-25-0702/SR du 1ᵉʳ\u00a0août 2025

**Employeur**
Mairie de Dumbéa

**Grade**
Adjoint administratif (C)

**Date limite de candidature**
vendredi\u00a022\u00a0août\u00a02025

## Détails de l'offre

Accueillir le public à l’hôtel de ville.
"""

# A `label | value` table and a logo-less employer row.
TABLE = """Agent d’entretien des bâtiments

| Rubrique | Valeur |
| --- | --- |
| Référence | 3134-25-0703/SR du 10/06/2025 |
| Employeur | Gouvernement de la Nouvelle-Calédonie |
| Cadre d’emplois | Agent de maîtrise |
| Date limite de candidature | 30/06/2025 |

Détails de l’offre :
Entretenir les locaux de la direction.
"""

# Several posts listed in a table, the logo printed beside the title.
MULTI = """
2 postes – Renfort des services techniques                         Ville de
Païta
Référence : 3134-25-0704/SR du 12/06/2025
Employeur : Mairie de Païta
Corps ou cadre d’emploi /Domaine : Direction : Services techniques

# Détails de l’offre :

| Poste | Corps/Cadre | Missions |
| ------ | ----- | ----- |
| 1 conducteur de travaux | Technicien (B) | Suivre les chantiers. |
| 1 chef d’équipe voirie | Agent de maîtrise (C) | Encadrer l’équipe. |

Date limite de candidature : vendredi 4 juillet 2025
"""

# A deadline postponed in a sentence; the employer only as a logo line.
EXTENDED = """PROVINCE DES ÎLES LOYAUTÉ

# Professeur(e) de musique

Référence : 3134-25-0705/SR du 03/03/2025
Corps : Professeur
Date limite de candidature : 21/03/2025
La date limite de dépôt des candidatures est reportée au vendredi 4 avril 2025.

# Détails de l’offre :

Enseigner la musique au conservatoire provincial de Lifou.
"""

# The employer named over two lines, an empty direction, a start date in a phrase.
TWO_LINE_EMPLOYER = """# Animateur(trice) de quartier

Référence : 3134-25-0706/SR du 14 mars 2025

Employeur : Centre Communal d’Action Sociale

Ville de Nouméa

Corps : Animateur

Direction :

Lieu de travail : Rivière-Salée

Date limite de candidature : 4 avril 2025

Poste à pourvoir : susceptible d’être vacant au 1ᵉʳ mai 2025

# Détails de l’offre :

Animer les activités du centre socioculturel.
"""

# Dates written so that they cannot be read: kept as unreadable, never guessed.
UNREADABLE = """# Chargé(e) de communication

Référence : 3134-25-0707/SR du courant mai
Employeur : Province Sud
Corps : Attaché
Date de dépôt de l’offre : début mai
Date limite de candidature : fin mai
"""

# No label at all but a reference and the employer's logo: still a notice.
MINIMAL = """MAIRIE DE BOURAIL
Avis de vacance de poste
Secrétaire de mairie
Réf. 3134-25-0708/SR
Le poste est à pourvoir dès que possible.
"""

RESULTS = """# Liste des candidats admis

Concours externe d’accès au corps des rédacteurs – session 2025

Employeur : Province Sud
Référence : 3134-25-0709/SR
1. M. Dupont
2. Mme Wahnyamalla
"""

NOT_A_NOTICE = """# Compte rendu de la réunion de quartier

Les habitants ont évoqué l’éclairage public et la collecte des déchets.
"""

# Another administration's wording for every label; the banner carries a number.
OTHER_WORDING = """AVIS DE VACANCE DE POSTE N° 12/2025
INTITULÉ DU POSTE : Chef de service état civil
Collectivité : Commune du Mont-Dore
Cadre d'emplois : Rédacteur principal
Date de clôture des candidatures : 15 septembre 2025
Date de publication : 01/09/2025
Prise de fonctions : 1er octobre 2025
Nombre de postes : 2
Contact : drh@mont-dore.nc
Description du poste : Le chef de service encadre 5 agents.
Il tient les registres.
"""
