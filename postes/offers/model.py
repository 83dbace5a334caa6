"""The domain objects every layer shares: an offer as parsed from a notice."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, time, timedelta
from typing import Any

# Fields a complete notice provides; `Offer.missing` reports the ones left empty.
EXPECTED_FIELDS = (
    "title",
    "reference",
    "reference_date",
    "employer",
    "corps",
    "workplace",
    "published_on",
    "deadline",
    "start_text",
    "residence",
)


# A notice without a deadline stays open this long after its publication (or, when that is
# unknown too, after we first saw it): an undated offer from two years ago is not open.
UNDATED_OPEN_DAYS = 60


# How a field was read, from the most to the least explicit.
FOUND_BY = ("corrected", "label", "table", "sentence", "inferred")


class NotAnOffer(ValueError):
    """Raised when a document is not a vacancy notice; the message says why, in French."""


@dataclass(frozen=True, slots=True)
class Corps:
    """One corps or cadre d'emploi an offer is open to."""

    name: str  # canonical: "Attaché", "Rédacteur", "Ingénieur", "Cadre socio-éducatif"
    grade: str | None = None  # "2ème grade"
    speciality: str | None = None  # "Informatique", "économie rurale ou équipement"
    category: str | None = None  # "A", "B" or "C" where the notice gives it

    def label(self) -> str:
        """Render the corps as users read it: `Ingénieur 2ème grade (A) – Informatique`."""
        text = self.name
        if self.grade:
            text += f" {self.grade}"
        if self.category:
            text += f" ({self.category})"
        if self.speciality:
            text += f" – {self.speciality}"
        return text


@dataclass(slots=True)
class Offer:
    """A vacancy notice, parsed. Dates are calendar dates in the employer's time zone."""

    title: str
    body: str
    reference: str | None = None  # normalised: "3134-25-0834/SR"
    reference_date: date | None = None
    employer: str | None = None  # canonical: "Province Sud", "Mairie de Nouméa"
    direction: str | None = None
    corps: list[Corps] = field(default_factory=list)
    posts: int = 1
    workplace: str | None = None
    published_on: date | None = None
    deadline: date | None = None  # the latest deadline when it was extended
    deadline_time: time | None = None  # the hour applications close, when the notice says
    initial_deadline: date | None = None  # set only when the notice says it was extended
    # The notice says applications are read as they come ("au fil de l'eau"): no deadline.
    no_deadline: bool = False
    start_date: date | None = None
    start_text: str | None = None  # "dès que possible", "Juillet 2025", or the raw date text
    residence: str | None = None
    contact: str | None = None
    source: str | None = None  # path or URL the document came from
    # Field name -> raw text we found but could not read (e.g. deadline "fin août").
    unreadable: dict[str, str] = field(default_factory=dict)
    # Field name -> how it was read: see FOUND_BY.
    found: dict[str, str] = field(default_factory=dict)
    # Why a person should check this offer before trusting it (French), or None.
    review: str | None = None

    def open_until(self, seen_on: date) -> date:
        """Last day applications are taken: the deadline, else a window after publication."""
        if self.deadline is not None:
            return self.deadline
        return (self.published_on or seen_on) + timedelta(days=UNDATED_OPEN_DAYS)

    @property
    def content_hash(self) -> str:
        """Identify the notice's content, so that re-ingesting the same text is a no-op."""
        digest = hashlib.sha256()
        for part in (self.title, self.reference or "", self.body):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
        return digest.hexdigest()

    @property
    def missing(self) -> list[str]:
        """Expected fields the parser could not fill."""
        return [name for name in EXPECTED_FIELDS if not getattr(self, name)]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-able dict, dates as ISO 8601."""
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, date):
                data[key] = value.isoformat()
            elif isinstance(value, time):
                data[key] = value.strftime("%H:%M")
        data["missing"] = self.missing
        data["content_hash"] = self.content_hash
        return data
