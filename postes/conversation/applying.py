"""The two buttons under an offer's details: "✉️ Comment postuler" and "📄 Avis original"."""

from __future__ import annotations

import html
import mimetypes
from datetime import date
from pathlib import Path

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation.buttons import button
from postes.conversation.common import offer_deadline
from postes.conversation.offer_text import how_to_apply
from postes.conversation.replies import Attachment, Button, Reply
from postes.storage import offers as offer_store
from postes.storage.models import OfferRow

GONE = Reply("Cette offre n'existe plus.")
# Telegram bots may send files up to 50 MB; notices are far smaller (see [limits]).
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
_ICONS = {"E-mail": "✉️", "Téléphone": "☎️", "Adresse": "📍", "Contact": "👤"}


def _document_button(offer: OfferRow) -> Button | None:
    source = offer.source or ""
    if source.startswith(("http://", "https://")):
        return Button("📄 Avis original", url=source)
    if source and Path(source).is_file():
        return button("📄 Avis original", "offer.document", offer.id)
    return None


def apply_reply(offer: OfferRow, today: date) -> Reply:
    """Who to write to, where, with what, and by when."""
    lines = [f"✉️ <b>Comment postuler</b> — {html.escape(offer.title)}", ""]
    found = how_to_apply(offer.contact, offer.body or "")
    for label, text in found:
        if label in ("E-mail", "Téléphone"):
            lines.append(f"{_ICONS[label]} {label} : <code>{html.escape(text)}</code>")
        elif label:
            lines.append(f"{_ICONS.get(label, '•')} {label} : {html.escape(text)}")
        else:
            lines.append(html.escape(text))
    if not found:
        lines.append("L'avis ne dit pas comment postuler : voyez l'avis original.")
    if offer.employer:
        lines.append(f"🏛 Employeur : {html.escape(offer.employer)}")
    if offer.reference:
        lines.append(f"Rappelez la référence <code>{html.escape(offer.reference)}</code>.")
    lines.append(f"⏳ Date limite : {html.escape(offer_deadline(offer, today))}")
    document = _document_button(offer)
    return Reply("\n".join(lines), ((document,),) if document else ())


async def apply_view(*, sessions: async_sessionmaker, offer_id: int, today: date) -> Reply:
    """The "Comment postuler" reply of an offer."""
    async with sessions() as session:
        offer = await offer_store.get_offer(session=session, offer_id=offer_id)
    return GONE if offer is None else apply_reply(offer, today)


async def original_document(*, sessions: async_sessionmaker, offer_id: int) -> Attachment | Reply:
    """The notice file the offer was read from, when it is stored here."""
    async with sessions() as session:
        offer = await offer_store.get_offer(session=session, offer_id=offer_id)
    if offer is None:
        return GONE
    path = Path(offer.source) if offer.source else None
    if path is None or not path.is_file() or not 0 < path.stat().st_size <= MAX_DOCUMENT_BYTES:
        return Reply("L'avis original n'est plus disponible ici.")
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Attachment(path.name, path.read_bytes(), mime, caption="L'avis original")
