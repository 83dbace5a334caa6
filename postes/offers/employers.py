"""Canonical employer names, from a notice's free text or from what a user types."""

from __future__ import annotations

import re

from postes.offers.text import fold

# The 33 communes of New Caledonia, with the preposition their mairie takes.
COMMUNES: tuple[tuple[str, str], ...] = (
    ("Bélep", "de Bélep"),
    ("Boulouparis", "de Boulouparis"),
    ("Bourail", "de Bourail"),
    ("Canala", "de Canala"),
    ("Dumbéa", "de Dumbéa"),
    ("Farino", "de Farino"),
    ("Hienghène", "de Hienghène"),
    ("Houaïlou", "de Houaïlou"),
    ("L'Île-des-Pins", "de l'Île-des-Pins"),
    ("Kaala-Gomen", "de Kaala-Gomen"),
    ("Koné", "de Koné"),
    ("Kouaoua", "de Kouaoua"),
    ("Koumac", "de Koumac"),
    ("La Foa", "de La Foa"),
    ("Lifou", "de Lifou"),
    ("Maré", "de Maré"),
    ("Moindou", "de Moindou"),
    ("Le Mont-Dore", "du Mont-Dore"),
    ("Nouméa", "de Nouméa"),
    ("Ouégoa", "d'Ouégoa"),
    ("Ouvéa", "d'Ouvéa"),
    ("Païta", "de Païta"),
    ("Poindimié", "de Poindimié"),
    ("Ponérihouen", "de Ponérihouen"),
    ("Pouébo", "de Pouébo"),
    ("Pouembout", "de Pouembout"),
    ("Poum", "de Poum"),
    ("Poya", "de Poya"),
    ("Sarraméa", "de Sarraméa"),
    ("Thio", "de Thio"),
    ("Touho", "de Touho"),
    ("Voh", "de Voh"),
    ("Yaté", "de Yaté"),
)
NOUMEA_SCHOOLS = "Caisse des écoles de la Ville de Nouméa"

# Institutions other than communes, most specific first: a notice of the Centre hospitalier
# du Nord also names the Province Nord, and the Province Sud's name its directions.
_INSTITUTIONS: tuple[tuple[str, str], ...] = (
    (
        "Centre hospitalier territorial Gaston-Bourret",
        r"centre hospitalier territorial|cht|medipole|gaston bourret",
    ),
    ("Centre hospitalier du Nord", r"centre hospitalier du nord|chn"),
    (
        "Centre hospitalier spécialisé Albert-Bousquet",
        r"centre hospitalier specialise|chs|albert bousquet",
    ),
    ("Congrès de la Nouvelle-Calédonie", r"congres( de la nouvelle caledonie)?"),
    ("Sénat coutumier", r"senat coutumier"),
    ("CAFAT", r"cafat"),
    (
        "Office des postes et télécommunications",
        r"office des postes( et telecommunications)?|opt( nc)?",
    ),
    ("Université de la Nouvelle-Calédonie", r"universite de la nouvelle caledonie|unc"),
    # Public bodies of the Nouvelle-Calédonie, before the provinces and the Gouvernement their
    # names or notices mention.
    (
        "Agence sanitaire et sociale de la Nouvelle-Calédonie",
        r"agence sanitaire et sociale|ass nc",
    ),
    (
        "Établissement de régulation des prix agricoles",
        r"etablissement de regulation des prix|erpa",
    ),
    ("Port autonome de la Nouvelle-Calédonie", r"port autonome|panc"),
    ("Syndicat intercommunal du Grand Nouméa", r"syndicat intercommunal du grand noumea|sign"),
    (
        "Agence de développement rural et d'aménagement foncier",
        r"agence de developpement rural|adraf",
    ),
    ("Institut agronomique néo-calédonien", r"institut agronomique neo caledonien|iac"),
    (
        "Agence de développement de la culture kanak",
        r"agence de developpement de la culture kanak|adck",
    ),
    ("Province Sud", r"province (du )?sud"),
    ("Province Nord", r"province (du )?nord"),
    ("Province des îles Loyauté", r"province des iles( loyaute)?|province iles|pil"),
    # The Gouvernement recruits for its directions: DRHFPNC, DITTT, DASS, DAVAR…
    (
        "Gouvernement de la Nouvelle-Calédonie",
        r"gouvernement( de la nouvelle caledonie)?|gnc|drhfpnc|dittt|dass nc|dass|davar|dimenc"
        r"|denc|dfpc|dsf|dbaf|dinum|dte nc",
    ),
)
_STOP = frozenset(["de", "du", "des", "la", "le", "l", "d", "les", "et"])
_CCAS = re.compile(r"\b(ccas|centre communal d action sociale)\b")
_SCHOOLS = re.compile(r"\bcaisse des ecoles\b")
_TOWN_HALL = re.compile(r"\b(mairie|ville|commune|hotel de ville)\b")


_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")


def _key(text: str) -> str:
    """Fold and keep only words: `Ville du Mont-Dore` -> `ville du mont dore`, `C.C.A.S.` ->
    `ccas`."""
    text = _DOTTED.sub(lambda match: match[0].replace(".", ""), text)
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def _commune_key(name: str) -> str:
    # The article is dropped so that `Mont-Dore` and `Le Mont-Dore` both match.
    return re.sub(r"^(le|la|l) ", "", _key(name)) if name != "La Foa" else "la foa|foa"


_COMMUNE_PATTERNS = [
    (name, prep, re.compile(rf"\b({_commune_key(name)})\b")) for name, prep in COMMUNES
]
_INSTITUTION_PATTERNS = [(name, re.compile(rf"\b({rx})\b")) for name, rx in _INSTITUTIONS]


def _commune(key: str) -> tuple[str, str, re.Pattern[str]] | None:
    for name, prep, pattern in _COMMUNE_PATTERNS:
        if pattern.search(key):
            return name, prep, pattern
    return None


def communes_in(text: str) -> list[str]:
    """The communes a text names, in order: `Nouméa – Port autonome` -> ["Nouméa"]."""
    key = _key(text)
    found = [(m.start(), name) for name, _, rx in _COMMUNE_PATTERNS if (m := rx.search(key))]
    return [name for _, name in sorted(found)]


def commune_of(employer: str | None) -> str | None:
    """The commune of a commune's own employer: `Mairie de Païta` -> `Païta`."""
    if not employer or not re.match(r"(Mairie|CCAS|Caisse des écoles) ", employer):
        return None
    names = communes_in(employer)
    return names[0] if names else None


def match_employer(text: str) -> str | None:
    """Name the employer a text mentions, canonically; None when none is recognised."""
    key = _key(text)
    if not key:
        return None
    commune = _commune(key)
    if _SCHOOLS.search(key):
        if commune is None or commune[0] == "Nouméa":
            return NOUMEA_SCHOOLS
        return f"Caisse des écoles {commune[1]}"
    if _CCAS.search(key):
        # A CCAS is only identified by its commune, often on the following line.
        return f"CCAS {commune[1]}" if commune else None
    for name, pattern in _INSTITUTION_PATTERNS:
        if pattern.search(key):
            return name
    if commune and (_TOWN_HALL.search(key) or commune[2].fullmatch(key)):
        return f"Mairie {commune[1]}"
    return None


_EMPLOYER_WORDS = frozenset(
    re.findall(r"[a-z]+", " ".join(rx for _, rx in _INSTITUTIONS))
    + _key(" ".join(name for name, _ in _INSTITUTIONS + COMMUNES)).split()
    + [
        "ville",
        "mairie",
        "commune",
        "hotel",
        "ccas",
        "centre",
        "communal",
        "action",
        "sociale",
        "caisse",
        "ecoles",
    ]
    + list(_STOP)
)


def has_only_employer_words(text: str) -> bool:
    """Whether a line holds nothing but words of employers' names (`CENTRE COMMUNAL …`)."""
    key = _key(text.split("\t")[0])
    return 0 < len(key) <= 80 and all(word in _EMPLOYER_WORDS for word in key.split())


def is_employer_line(text: str) -> bool:
    """Whether a line only names an employer, as a logo does (`PROVINCE SUD`)."""
    return has_only_employer_words(text) and match_employer(text) is not None


def clean_employer(raw: str) -> str:
    """Canonical name of an employer field, or the field itself tidied when unknown.

    `Employeur : Nouvelle-Calédonie` is the collectivity itself: its Gouvernement recruits.
    """
    if re.sub(r"^(la )", "", _key(raw)) == "nouvelle caledonie":
        return "Gouvernement de la Nouvelle-Calédonie"
    return match_employer(raw) or " ".join(raw.strip(" .;:-").split())


def _aliases() -> dict[frozenset[str], str]:
    """Word sets users may type, each mapped to one canonical employer."""
    aliases: dict[frozenset[str], str] = {}

    def add(words: str, name: str) -> None:
        aliases.setdefault(frozenset(_key(words).split()) - _STOP, name)

    for name, _rx in _INSTITUTIONS:
        add(name, name)
    add("province des iles", "Province des îles Loyauté")
    add("iles loyaute", "Province des îles Loyauté")
    add("gouvernement", "Gouvernement de la Nouvelle-Calédonie")
    add("gnc", "Gouvernement de la Nouvelle-Calédonie")
    add("cht", "Centre hospitalier territorial Gaston-Bourret")
    add("congres", "Congrès de la Nouvelle-Calédonie")
    add(NOUMEA_SCHOOLS, NOUMEA_SCHOOLS)
    add("caisse des ecoles", NOUMEA_SCHOOLS)
    add("caisse des ecoles noumea", NOUMEA_SCHOOLS)
    for commune, prep in COMMUNES:
        bare = re.sub(r"^(le|la|l)\b", "", _key(commune))
        for prefix in ("", "mairie", "ville", "commune"):
            add(f"{prefix} {bare}", f"Mairie {prep}")
        add(f"ccas {bare}", f"CCAS {prep}")
        add(f"centre communal d action sociale {bare}", f"CCAS {prep}")
    return aliases


_ALIASES = _aliases()


def canonical_employer(user_text: str) -> str | None:
    """Read an employer as a user types it (`ccas mont dore`); None unless unambiguous."""
    typed = frozenset(_key(user_text).split()) - _STOP
    if not typed:
        return None
    if typed in _ALIASES:
        return _ALIASES[typed]
    candidates = {name for words, name in _ALIASES.items() if typed <= words}
    return candidates.pop() if len(candidates) == 1 else None
