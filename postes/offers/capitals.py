"""Normal case for a notice that shouts: `CONTRÔLEUR DES TRAVAUX À KONÉ` -> `Contrôleur des
travaux à Koné`, acronyms (`RH`, `SIG`) and place names kept as they are written.
"""

from __future__ import annotations

import re

from postes.offers.dates import fold_same_length
from postes.offers.employers import COMMUNES
from postes.offers.text import fold

_ACRONYMS = frozenset(
    [
        "RH",
        "DRH",
        "SI",
        "SIG",
        "DSI",
        "BTP",
        "VRD",
        "TP",
        "QSE",
        "HSE",
        "PMI",
        "NC",
        "UNC",
        "CHT",
        "CHN",
        "CHS",
        "CAFAT",
        "OPT",
        "ADIE",
        "ERPA",
        "DASS",
        "DITTT",
        "DAF",
        "TIC",
        "IT",
        "GED",
        "RGPD",
        "ERP",
        "CCAS",
        "SAMU",
        "SMUR",
        "IDE",
        "IBODE",
        "IADE",
        "EHPAD",
        "PAO",
        "DAO",
        "CAO",
        "SST",
        "ATSEM",
        "BAFA",
        "BPJEPS",
        "DEJEPS",
        "CESF",
        "ASS",
        "SIGN",
        "PANC",
        "DRHFPNC",
        "DENC",
        "DAVAR",
        "DIMENC",
        "DTE",
        "CNU",
        "UFR",
        "IUT",
        "BIATSS",
        "MSA",
        "OMS",
        "PMR",
        "TPE",
        "PME",
        "CDD",
        "CDI",
    ]
)


_PROPER = {fold(name).replace("'", " "): name for name, _ in COMMUNES} | {
    "nouvelle caledonie": "Nouvelle-Calédonie",
    "province sud": "Province Sud",
    "province nord": "Province Nord",
    "iles loyaute": "îles Loyauté",
    "loyaute": "Loyauté",
    "grand noumea": "Grand Nouméa",
}


def restore_case(text: str) -> str:
    """`CONTRÔLEUR DES TRAVAUX DE NOUMÉA` -> `Contrôleur des travaux de Nouméa`."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or sum(ch.isupper() for ch in letters) < 0.8 * len(letters):
        return text
    out = re.sub(
        r"[^\W\d_]+",
        lambda m: m[0] if m[0] in _ACRONYMS else m[0].lower(),
        text,
    )
    # Place names come back with their capitals; match without accents, offsets kept.
    for key, proper in _PROPER.items():
        pattern = re.compile(r"\b" + r"[\W_]+".join(map(re.escape, key.split())) + r"\b")
        folded = fold_same_length(out)
        for match in reversed(list(pattern.finditer(folded))):
            out = out[: match.start()] + proper + out[match.end() :]
    return out[:1].upper() + out[1:]
