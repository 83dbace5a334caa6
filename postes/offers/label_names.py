"""What employers call each field of a notice: the label vocabulary, matched on folded keys.

Collected from real notices of collectivités, hospitals and public offices (see
`tests/corpus/SOURCES.md`): the same field goes by many names (`Lieu de travail`, `Lieu
d'affectation`, `Résidence administrative`, `Localisation`…).
"""

from __future__ import annotations

import re

from postes.offers.text import fold

# Field -> pattern the whole folded label must match. Order matters: the first match wins,
# so `date de dépôt des candidatures` is a deadline before it can be a publication date, and
# `postes à pourvoir` a number of posts only when followed by a number (see `split_label`).
_DOSSIERS = r"(des |de |d )?(candidatures?|dossiers?( de candidature)?|offres?|cv)"
_LABELS: tuple[tuple[str, str], ...] = (
    ("posts", r"(nombre|nb|nbre) (de |d )?(postes?|emplois?|places?|recrutements?)\b.*"),
    (
        "deadline",
        r"(date )?(limite|butoir|de cloture|cloture|fin)( (de |d )?(depot|reception|envoi|remise|"
        r"inscription|candidature|publication))?\b.*"
        rf"|(date|delai) (de |d )?(depot|reception|envoi|remise|transmission) {_DOSSIERS}\b.*"
        rf"|delai (de |d )?{_DOSSIERS}.*|{_DOSSIERS} (a (deposer|adresser|envoyer|transmettre) )?"
        r"(avant|jusqu au|au plus tard)( le)?|a (deposer|adresser|envoyer|transmettre) avant( le)?"
        r"|(depot|reception|envoi) des candidatures( avant)?( le)?|postuler (avant|jusqu au)( le)?"
        r"|delai de rigueur|date butoir|echeance|cloture( le)?",
    ),
    (
        "published_on",
        r"date (de |d )?(depot|publication|parution|diffusion|mise en ligne|affichage|edition)\b.*"
        r"|(publiee?|diffusee?|mise? en ligne|parue?)( le)?|date de l (offre|avis|annonce)"
        r"|date d (emission|edition)|publication( de l (offre|avis))?( le)?|diffusion( le)?",
    ),
    (
        "start",
        r"(postes? )?a pourvoir\b.*|prise (de|en) (poste|fonctions?)\b.*"
        r"|(poste )?disponible( le| a partir du)?|date prevue (du |de l |de la |de |d )?\w+.*"
        r"|date (de |d )?(prise (de|en) (poste|fonctions?)|entree en fonctions?|debut|embauche|"
        r"recrutement|affectation)\b.*|disponibilite( du poste)?|entree en fonctions?\b.*"
        r"|debut (du contrat|de la mission|des fonctions|de contrat)\b.*|a compter du"
        r"|(poste )?vacant( a compter du| le| au| a partir du)?",
    ),
    (
        "reference",
        r"(n[o°]? ?)?(de )?references?( de l (offre|avis|annonce|emploi|poste))?|refs?"
        r"|n[o°] (d |de l )?(offre|avis|annonce|poste)|numero (de l |d )?(offre|avis|annonce|poste)"
        r"|(avp|avis) n[o°]?|n[o°] avp|code (de l )?offre|reference (avp|interne)|n[o°]|numero",
    ),
    (
        "employer",
        r"(employeur|collectivite|organisme|administration|etablissement|recruteur|structure"
        r"|entite)s?( (employeur|d accueil|de rattachement|recruteur|recrutante))?",
    ),
    ("branch", r"filieres?( professionnelle)?|categorie( statutaire| hierarchique)?"),
    (
        "status",
        r"statuts?( du poste| de l emploi)?|nature (du contrat|de l emploi)|type de contrat",
    ),
    (
        "corps",
        r"(corps|cadres? d emplois?|grades?|cadre|statut et grade|grade ou corps"
        r"|corps et grade|emploi statutaire|cadre statutaire)\b.*",
    ),
    (
        "direction",
        r"(direction|service|pole|departement|unite|bureau|division)"
        r"( (ou |et )?(direction|service))?"
        r"|(service|direction|pole|structure) (d affectation|de rattachement|concerne)"
        r"|rattachement( hierarchique)?",
    ),
    (
        "workplace",
        r"lieux? (de travail|d affectation|d exercice|de l emploi|du poste"
        r"|de travail et d exercice)"
        r"|localisation( du poste| geographique| du lieu de travail)?|lieu|sites?( d affectation)?"
        r"|commune( d affectation)?|(secteur|zone)( geographique| d intervention)?"
        r"|lieux? (de rattachement|d intervention)|territoire( d intervention)?"
        r"|residence administrative|implantation|poste base a|affectation( geographique)?",
    ),
    ("residence", r"duree (de |d )?residence\b.*"),
    (
        "contact",
        r"contacts?|renseignements?( complementaires)?|pour (tout|tous|plus de) renseignements?\b.*"
        r"|interlocuteurs?|personnes? a contacter|informations?( complementaires)?",
    ),
    (
        "title",
        r"(intitule|titre|libelle|denomination|nom)( (du|de l|de la))?"
        r"( (poste|offre|emploi|fonction|metier|mission))?( propose| a pourvoir)?"
        r"|poste( propose)?|emploi( propose)?|fonctions?|objet( de l avis)?"
        r"|nature (du poste|de l emploi)|fiche de poste"
        r"|metier|emploi type|emploi repere",
    ),
    (
        "body",
        r"details? de l (offre|annonce)|description( du poste| de l offre| des missions)?"
        r"|presentation( du poste| de l offre)?",
    ),
)
# The notice's kind, printed as a banner: never a title, though `Objet :` may label it.
BANNER = re.compile(
    r"^\W*(avis de (vacance|recrutement)s?( de postes?| d.emplois?| de la fonction publique)?"
    r"|vacances? de postes?|offres? d.?emplois?|appel (a|à) candidatures?|fiche de poste"
    r"|avis de recrutement|recrutement|annonce|offre de poste|avis|poste vacant|emploi vacant"
    r"|avis d.appel (a|à) candidatures?)\b(\s*(-|–|—)?\s*(modificatif|rectificatif|n°\s*\S+"
    r"|no\.?\s*\S+|\(h/f\)|permanent|temporaire|contractuel|titulaire|de remplacement|externe"
    r"|interne|(à|a) dur[ée]e d[ée]termin[ée]e|(à|a) dur[ée]e ind[ée]termin[ée]e))*\W*",
    re.IGNORECASE,
)


_PATTERNS = tuple((name, re.compile(rx)) for name, rx in _LABELS)


def label_key(text: str) -> str:
    """Fold a label to its words: `Date de dépôt de l’offre ` -> `date de depot de l offre`."""
    return " ".join(re.findall(r"[a-z0-9°]+", fold(text)))


def field_of(label: str) -> str | None:
    """Which field a label names, if any; footnote calls like `(1)` are ignored."""
    # Only from the first call of a run: trying from each of a long `1 1 1 …` was quadratic.
    key = re.sub(r"(?<! \d)( \d)+$", "", label_key(label))
    if not key or len(key) > 80:
        return None
    for name, pattern in _PATTERNS:
        if pattern.fullmatch(key):
            return name
    return None
