"""One offer in full: every parsed field and its text, with "how to apply", the original notice,
the calendar and follow / unfollow one tap away."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation.buttons import button
from postes.conversation.commands import command
from postes.conversation.common import ChatRef, find_chat, format_date, offer_deadline, shorten
from postes.conversation.offer_text import body_html
from postes.conversation.replies import Button, Reply
from postes.offers.deadline_versions import describe_move
from postes.storage import chats as chat_store
from postes.storage import offers as offer_store
from postes.storage.decisions import decisions_between
from postes.storage.models import OfferRow

# The notice text closes the details; a long one is cut so the reply stays one or two messages.
BODY_EXCERPT_CHARS = 1500
_FIELD_NAMES = {
    "title": "intitulé",
    "reference": "référence",
    "employer": "employeur",
    "corps": "corps",
    "workplace": "lieu de travail",
    "published_on": "date de publication",
    "deadline": "date limite",
    "start_text": "prise de poste",
    "residence": "résidence administrative",
}


_DECIDED = {
    "applied": "✅ <i>Vous avez postulé : plus de rappel pour cette offre.</i>",
    "dismissed": "🙅 <i>Offre écartée : plus de rappel ni de nouvelle.</i>",
}


@dataclass(frozen=True, slots=True)
class OfferView:
    """The details message, and the notice file to attach when it is stored locally."""

    reply: Reply
    document: Path | None = None


def _corps_label(item: dict[str, object]) -> str:
    text = str(item.get("name") or "")
    if item.get("grade"):
        text += f" {item['grade']}"
    if item.get("category"):
        text += f" ({item['category']})"
    if item.get("speciality"):
        text += f" – {item['speciality']}"
    return text


def _fields(offer: OfferRow, today: date) -> list[tuple[str, str | None]]:
    reference = offer.reference
    # A reference dated the day of publication shows that date once, as "Publiée le".
    if reference and offer.reference_date and offer.reference_date != offer.published_on:
        reference += f" du {format_date(offer.reference_date, today)}"
    employer = offer.employer
    if offer.direction:
        employer = f"{employer or 'non précisé'} — {offer.direction}"
    deadline = offer_deadline(offer, today)
    if offer.deadline and offer.initial_deadline and offer.initial_deadline != offer.deadline:
        moved = describe_move(offer.initial_deadline, offer.deadline)
        deadline += f", {moved} (initialement le {format_date(offer.initial_deadline, today)})"
    start = offer.start_text or (format_date(offer.start_date, today) if offer.start_date else None)
    return [
        ("Référence", reference),
        ("Employeur", employer),
        ("Corps", " ; ".join(_corps_label(c) for c in offer.corps or []) or None),
        ("Postes à pourvoir", str(offer.posts) if offer.posts and offer.posts > 1 else None),
        ("Lieu de travail", offer.workplace),
        ("Durée de résidence exigée", offer.residence),
        ("Publiée le", format_date(offer.published_on, today) if offer.published_on else None),
        ("Date limite", deadline),
        ("Prise de poste", start),
    ]


def _is_url(source: str | None) -> bool:
    return bool(source) and str(source).startswith(("http://", "https://"))


def render_offer(
    offer: OfferRow, today: date, *, followed: bool, decision: str | None = None
) -> OfferView:
    """Build the details view of an offer row; `decision` is what the chat did about it."""
    lines = [f"<b>{html.escape(offer.title)}</b>", ""]
    for label, value in _fields(offer, today):
        if value:
            lines.append(f"<b>{label} :</b> {html.escape(value)}")
    unreadable = [
        f"{_FIELD_NAMES.get(name, name)} « {html.escape(raw)} »"
        for name, raw in (offer.unreadable or {}).items()
    ]
    if unreadable:
        lines.append("<i>Lu mais non compris :</i> " + " ; ".join(unreadable))
    if offer.body:
        body = body_html(offer.body, limit=BODY_EXCERPT_CHARS, leave_out=offer.contact)
        lines += ["", body] if body else []
    # The notice itself comes along only when the reader must look at it: no date was read.
    document = None
    must_read = offer.deadline is None and not offer.no_deadline
    if must_read and not _is_url(offer.source) and offer.source and Path(offer.source).is_file():
        document = Path(offer.source)
    is_open = offer_store.is_open(offer, today)
    if decision in _DECIDED:
        lines += ["", _DECIDED[decision]]
    buttons: list[tuple[Button, ...]] = []
    if decision is not None:
        buttons.append((button("↩️ Annuler", "offer.undo", offer.id),))
    elif is_open:  # digests carry no such buttons: the details do, for every reader
        buttons.append(
            (
                button("✅ J'ai postulé", "offer.applied", offer.id),
                button("🙅 Pas intéressé", "offer.dismissed", offer.id),
            )
        )
    if followed:
        buttons.append((button("🔕 Ne plus suivre", "offer.unfollow", offer.id),))
    elif is_open and decision is None:  # no reminder to offer for a closed or decided offer
        buttons.append((button("⏰ Me rappeler la date limite", "offer.follow", offer.id),))
    extras = [button("✉️ Comment postuler", "offer.apply", offer.id)]
    if _is_url(offer.source):
        extras.append(Button("📄 Avis original", url=str(offer.source)))
    elif offer.source and Path(offer.source).is_file():
        extras.append(button("📄 Avis original", "offer.document", offer.id))
    buttons.append(tuple(extras))
    if offer.deadline is not None and is_open:
        buttons.append((button("📅 Ajouter à mon agenda", "offer.calendar", offer.id),))
    return OfferView(Reply("\n".join(lines), tuple(buttons)), document)


async def offer_view(
    *,
    sessions: async_sessionmaker,
    chat: ChatRef,
    today: date,
    reference: str | None = None,
    offer_id: int | None = None,
) -> OfferView:
    """The details of the offer with this reference (as typed) or id."""
    if reference is not None and not reference.strip():
        return OfferView(
            Reply(
                "Indiquez la référence de l'offre, par exemple : "
                f"{command('offer', '3134-25-0834/SR')}\n"
                f"Vous la trouverez dans les résultats de {command('offers')}."
            )
        )
    async with sessions() as session:
        if offer_id is not None:
            offer = await offer_store.get_offer(session=session, offer_id=offer_id)
        else:
            offer = await offer_store.get_offer_by_reference(
                session=session, reference=reference or ""
            )
        stored = await find_chat(session=session, chat=chat)
        followed = (
            offer is not None
            and stored is not None
            and offer.id
            in set(await chat_store.list_followed_offer_ids(session=session, chat_id=stored.id))
        )
        decision = (
            (
                await decisions_between(session=session, chat_ids=[stored.id], offer_ids=[offer.id])
            ).get((stored.id, offer.id))
            if offer is not None and stored is not None
            else None
        )
    if offer is None and offer_id is not None:
        return OfferView(Reply("Cette offre n'existe plus."))
    if offer is None:
        shown = html.escape(shorten(reference or "", 80))
        return OfferView(
            Reply(
                f"Je ne trouve aucune offre avec la référence « {shown} ». "
                f"Vérifiez-la, ou cherchez par mots-clés avec {command('offers')}."
            )
        )
    return render_offer(offer, today, followed=followed, decision=decision)
