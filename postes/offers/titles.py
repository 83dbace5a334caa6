"""The post's name: from its label, a `… recrute : UN(E) …` sentence, or the first line that
is neither letterhead, banner, reference, date nor institution.

Titles are tidied as a person would write them: no `UN(E)` nor count in front, no `(H/F)`, no
`– 2 postes` behind (the count is kept for `Offer.posts`), and normal case restored when the
notice shouts in capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from postes.offers.capitals import restore_case
from postes.offers.employers import match_employer
from postes.offers.labels import BANNER, Line, field_of, split_label
from postes.offers.letterheads import RECRUITS, is_header_line, key_of
from postes.offers.text import COUNT, count_of

_RECRUITING = re.compile(
    r"^\W*(recrutement|recherche) (d.un\W*e?\W*|d.une |de (deux|trois|\d+) |des |d.)", re.I
)
_SECTION = re.compile(
    r"^(presentation|contexte|missions?|profil|activites|competences|conditions|modalites"
    r"|candidatures?|remuneration|avantages|description|environnement|le poste|votre profil"
    r"|vos missions|qui sommes nous|l employeur|la collectivite|le service|savoirs?|formation"
    r"|diplomes?|experiences?|qualites|specificites|contraintes|informations|renseignements"
    r"|pieces|dossier|caracteristiques|les missions|le profil|le contexte|les activites"
    r"|connaissances|aptitudes|definition|finalite|positionnement|relations|moyens"
    r"|organisation|objectifs|statut|contrat|temps de travail|horaires|duree|niveau|annexe)\b"
)
_COUNT_PREFIX = re.compile(
    rf"^(?P<n>{COUNT}|un|une)\s+(?P<posts>postes?\b\W*)?",
    re.IGNORECASE,
)
_COUNT_SUFFIX = re.compile(
    rf"(?<![\s(–—-])[\s(–—-]*+(?P<n>{COUNT})\s++"
    r"postes?(?:\s++[àa]\s++pourvoir)?[\s)]*+$",
    re.IGNORECASE,
)
_ARTICLE = re.compile(
    r"^(d['’]\s*)?(un\s*\(\s*e\s*\)|un\s*[·.]\s*e|une?\s*\(?e?\)?|des|le\s*[·./]\s*la|le|la|l['’])"
    r"\s*(?=[^\W\d_])",
    re.IGNORECASE,
)
# ` – Direction de l'équipement (DEPS)`, `(poste n° 2025-CCAS-07)`, `Poste de « … »`.
_UNIT_TAIL = re.compile(
    r"(?<!\s)\s+[–—-]\s+(direction|service|p[ôo]le|d[ée]partement|antenne|agence|bureau|cellule"
    r"|unit[ée]"
    r"|division|subdivision|site|secteur|mairie|province|dispensaire|centre|r[ée]organisation"
    r"|mobilit[ée]|recrutement|remplacement|cdd|cdi|contrat|temps (plein|partiel)"
    r"|poste (interne|externe|permanent))\b.*$",
    re.IGNORECASE,
)
# `de deux postes de praticien hospitalier` (after `AVIS DE VACANCE`): the count, the post.
_POSTS_OF = re.compile(
    rf"^(?:d['’]un|de|des)?\s*+(?P<n>{COUNT}|un|une)?"
    r"\s*+postes?\s++(?:de|d['’])\s*+",
    re.IGNORECASE,
)
_POST_NUMBER = re.compile(
    r"(?<!\s)\s*+\((?:poste|emploi|r[ée]f|n°|no)\b[^)]*+\)\s*+$", re.IGNORECASE
)
_POST_OF = re.compile(
    r"^(d['’]\s*un\s+)?(postes?|emplois?|fonctions?)\s+(de|d['’])\s*", re.IGNORECASE
)
_GENDER = re.compile(r"(?<!\s)\s*+\(?\b[hf]\s*+/\s*+[hf]\b\)?", re.IGNORECASE)
_TAIL = re.compile(
    r"(?<!\s)\s+(pour (son|sa|ses|le|la|les|l['’])|au sein (de|du|des)|au profit (de|du|des)"
    r"|afin de|par voie|dans le cadre|chargée? de (la |l['’]|le )?(mise|gestion|coordination)\b"
    r"|à temps (plein|partiel)|en contrat|sous contrat).*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TitleFound:
    text: str
    how: str  # "label", "sentence" or "inferred"
    line: int | None  # index of the line it was read from, if any
    posts: int | None = None  # a count the title carried (`3 agents`, `– 2 postes`)


def _is_candidate(line: Line) -> bool:
    text = line.text.split("\t")[0].strip()
    if line.cells or split_label(line) or is_header_line(line) or RECRUITS.search(text):
        return False
    if (text.startswith("(") and text.endswith(")")) or text.endswith(":"):
        return False  # an aside, or a sentence announcing what follows
    if re.search(r"[.!?]\s+[A-ZÀ-Ý]", text):
        return False  # two sentences: prose
    if match_employer(text) and len(text.split()) <= 4:
        return False  # a logo's words, whatever else the box holds
    if _SECTION.match(key_of(text)) or len(re.findall(r"[^\W\d_]{2,}", text)) < 2:
        return False
    return len(text.split()) <= 30 and not text.rstrip().endswith((".", ";"))


def tidy_title(text: str) -> tuple[str, int | None]:
    """Strip banners, articles, counts and `(H/F)`; return the title and the count it gave.

    An empty title means the text held nothing but a banner.
    """
    posts: int | None = None
    text = " ".join(text.replace("\t", " ").split())
    text = BANNER.sub("", text, count=1).strip(" :-–—")
    text = _POST_NUMBER.sub("", text)
    if counted := _POSTS_OF.match(text):
        number = (counted["n"] or "").lower()
        if number and number not in ("un", "une"):
            posts = count_of(number)
        text = text[counted.end() :]
    text = _POST_OF.sub("", text).replace("«", " ").replace("»", " ")
    text = " ".join(text.split()).strip(' "“”')
    if suffix := _COUNT_SUFFIX.search(text):
        posts = count_of(suffix["n"])
        text = text[: suffix.start()]
    if prefix := _COUNT_PREFIX.match(text):
        number = prefix["n"]
        count = count_of(number)
        rest = text[prefix.end() :].lstrip(" –—-:")
        if rest and (prefix["posts"] or not _ARTICLE.match(text) or count > 1):
            posts = posts or count
            text = rest
    # ` – Direction …`, ` – Réorganisation interne` after the post; never the whole title.
    text = _UNIT_TAIL.sub("", text) or text
    text = _ARTICLE.sub("", text)
    text = restore_case(_GENDER.sub("", text).strip(" :-–—.,;"))
    return text[:1].upper() + text[1:], posts


_FIRST_ARTICLE = re.compile(
    rf"\b(un\s*\(\s*e\s*\)|un·e|une?|{COUNT})"
    r"\s+(?=[«\"]?\s*[^\W\d_])",
    re.IGNORECASE,
)
_PLURAL_ARTICLE = re.compile(r"\bdes\s+(?=[«\"]?\s*[^\W\d_])", re.IGNORECASE)
# `… d’INFIRMIER(E) au dispensaire de Fayaoué (Ouvéa), relevant de …`: where, not what.
_PLACE_TAIL = re.compile(
    r"(?<!\s)\s+(au|à la|à l['’]|a la|en|dans le|dans la)\s+(dispensaire|centre|service|site"
    r"|antenne|h[ôo]pital|m[ée]dip[ôo]le|si[èe]ge|direction|mairie|commune|province|bureau|laboratoire"
    r"|d[ée]partement|p[ôo]le)\b.*$|(?<!\s),?\s+relevant (de|du|des)\b.*$",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(
    r"(\b(et|de|du|des|la|le|les|l['’]|d['’]|à|a|en|pour|ou|aux|au|sur|avec)|[,–—-])\s*$",
    re.IGNORECASE,
)


def _with_continuation(lines: list[Line], position: int) -> str:
    """A title wrapped over two lines (`… DE L’AMÉNAGEMENT ET` / `DU DÉVELOPPEMENT DURABLE`)."""
    text = lines[position].text.split("\t")[0].strip()
    if position + 1 >= len(lines):
        return text
    following = lines[position + 1]
    after = following.text.split("\t")[0].strip()
    goes_on = _CONNECTOR.search(text) or (after[:1].islower() and not text.endswith(")"))
    # A PDF sets a blank line between two heading lines; a text export does not.
    gap = 2 if following.heading and lines[position].heading else 1
    if (
        goes_on
        and following.index - lines[position].index <= gap
        and not following.cells
        and len(after.split()) <= 12
        and not split_label(following)
        and not is_header_line(following)
    ):
        return f"{text} {after}"
    return text


def _sentence_from(lines: list[Line], position: int) -> str:
    """The line and the lines its sentence wraps onto."""
    text = lines[position].text.split("\t")[0].strip()
    for line in lines[position + 1 : position + 4]:
        after = line.text.strip()
        if text.endswith((".", ":", ";", "!", "?")) or not after[:1].islower() or line.cells:
            break
        text = f"{text} {after}"
    return text


def _single_post_row(lines: list[Line], position: int) -> str | None:
    """The post of a table listing one post (`| Poste | Cadre | Lieu |` and one row)."""
    header = lines[position]
    if len(header.cells) < 2 or (position and lines[position - 1].cells):
        return None
    column = next((i for i, cell in enumerate(header.cells) if field_of(cell) == "title"), None)
    rows = []
    for line in lines[position + 1 : position + 4]:
        if not line.cells:
            break
        if not re.fullmatch(r"[\s|:-]*", line.text):
            rows.append(line)
    if column is None or len(rows) != 1 or column >= len(rows[0].cells):
        return None
    return rows[0].cells[column] or None


def _recruit_title(lines: list[Line], position: int) -> tuple[str, int] | None:
    """The post named by `… recrute : X`, `… recrute un(e) X pour …`, or on the next line."""
    text = _sentence_from(lines, position)
    match = RECRUITS.search(text)
    rest = text[match.end() :] if match else ""
    if match and match[0].lower().startswith("vacance"):
        rest = re.sub(r"^(e\s+|['’]\s*)", "", rest)  # `… d’INFIRMIER(E)`, `… de technicien`
    if not match and (start := _RECRUITING.match(text)):
        rest = text[start.end() - len(start[2]) :]
    if ":" in rest:
        rest = rest.rsplit(":", 1)[1]
    rest = rest.strip(" ,")
    # `recrute pour son service des espaces verts un(e) agent(e) …`, `recrute, par voie
    # contractuelle, un(e) …`: the post starts at its article or its count.
    if re.match(r"(pour|au sein|dans|afin|par voie|en vue)\b", rest, re.IGNORECASE):
        article = _FIRST_ARTICLE.search(rest) or _PLURAL_ARTICLE.search(rest)
        if article:
            rest = rest[article.start() :]
    used = position
    if not rest and position + 1 < len(lines):
        used = position + 1
        rest = lines[used].text
    rest = _TAIL.sub("", rest).strip(" .,;:")
    rest = _PLACE_TAIL.sub("", rest).strip(" .,;:")
    return (rest, used) if len(re.findall(r"[^\W\d_]{2,}", rest)) >= 1 else None


def read_title(
    lines: list[Line], labelled: str | None, labelled_line: int | None, body_start: int | None
) -> TitleFound | None:
    """Find the title; `labelled` is the value of a title label, if any."""
    if labelled:
        text, posts = tidy_title(labelled)
        return TitleFound(text, "label", labelled_line, posts)
    header = [line for line in lines if body_start is None or line.index < body_start][:40]
    for position, line in enumerate(header):
        if one_post := _single_post_row(header, position):
            text, posts = tidy_title(one_post)
            return TitleFound(text, "table", line.index, posts)
        if len(line.cells) >= 2 and BANNER.fullmatch(line.cells[0]) and line.cells[1]:
            # `| Offre d’emploi | CHEF(FE) DE PROJET … |`: the banner labels the title.
            text, posts = tidy_title(line.cells[1])
            return TitleFound(text, "table", line.index, posts)
        if _is_candidate(line):
            text, posts = tidy_title(_with_continuation(header, position))
            if text:
                return TitleFound(text, "inferred", line.index, posts)
        if RECRUITS.search(line.text) or _RECRUITING.match(line.text):
            found = _recruit_title(header, position)
            if found:
                text, posts = tidy_title(found[0])
                if text:
                    return TitleFound(text, "sentence", header[found[1]].index, posts)
    return None
