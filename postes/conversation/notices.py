"""French texts of the messages the outbox sends: alerts, reminders, extensions, digests.

Every piece of notice text is escaped with `html.escape` here; the layout reuses the offer
lines of the commands (`bot.logic.common`) so an alert reads like a search result.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from postes.conversation.buttons import button
from postes.conversation.commands import command
from postes.conversation.common import (
    corps_names,
    format_date,
    format_hour,
    offer_button_text,
    offer_deadline,
    offer_line,
    shorten,
)
from postes.conversation.replies import Button, Reply
from postes.storage.models import OfferRow

# A digest lists this many offers at most; the rest are counted, keeping under 4096 chars.
DIGEST_MAX_OFFERS = 15
DIGEST_MAX_BUTTONS = 8


def _summary(offer: OfferRow, today: date) -> list[str]:
    lines = [f"<b>{html.escape(shorten(offer.title, 200))}</b>"]
    details = [offer.employer or "employeur non précisé", *corps_names(offer)]
    lines.append(html.escape(" · ".join(details)))
    if offer.workplace:
        lines.append(f"📍 {html.escape(shorten(offer.workplace, 120))}")
    lines.append(f"⏳ Date limite : {html.escape(offer_deadline(offer, today))}")
    if offer.reference:
        lines.append(f"Réf. <code>{html.escape(offer.reference)}</code>")
    return lines


def _offer_buttons(offer_id: int, *, follow: bool = True) -> tuple[Button, ...]:
    buttons = [button("📄 Détails", "offer.details", offer_id)]
    if follow:
        buttons.append(button("⏰ Me le rappeler", "offer.follow", offer_id))
    return tuple(buttons)


def render_alert(offer: OfferRow, *, subscription_ids: Sequence[int], today: date) -> Reply:
    """A new offer matching the chat's subscriptions; the mute button uses the first one."""
    text = "\n".join(["🔔 <b>Nouvelle offre</b>", "", *_summary(offer, today)])
    rows = [_offer_buttons(offer.id)]
    if subscription_ids:
        rows.append(
            (
                button(
                    "🔕 Ne plus recevoir ces alertes",
                    "subscription.change",
                    "mute",
                    subscription_ids[0],
                ),
            )
        )
    return Reply(text, tuple(rows))


def render_reminder(offer: OfferRow, *, today: date) -> Reply:
    """The deadline is near: say how near from today, which a late reminder still gets right."""
    days = (offer.deadline - today).days if offer.deadline else None
    hour = f", avant {format_hour(offer.deadline_time)}" if offer.deadline_time else ""
    if days == 0:
        head = f"⏰ <b>Dernier jour pour candidater{hour}</b>"
    elif days == 1:
        head = f"⏰ <b>Plus qu’un jour pour candidater</b> (demain{hour})"
    else:
        head = f"⏰ <b>Plus que {days} jours pour candidater</b>"
    text = "\n".join([head, "", *_summary(offer, today)])
    return Reply(text, (_offer_buttons(offer.id, follow=False),))


def render_extension(offer: OfferRow, *, old: date | None, new: date, today: date) -> Reply:
    """The deadline of an offer the chat knows was pushed back."""
    change = f"Nouvelle date limite : <b>{html.escape(format_date(new, today))}</b>"
    if old is not None:
        change += f" (au lieu du {html.escape(format_date(old, today))})"
    text = "\n".join(["📅 <b>Date limite prolongée</b>", change, "", *_summary(offer, today)])
    return Reply(text, (_offer_buttons(offer.id),))


def render_shortening(offer: OfferRow, *, old: date | None, new: date, today: date) -> Reply:
    """The notice itself moved the deadline of an offer the chat knows earlier: a warning."""
    change = f"Nouvelle date limite : <b>{html.escape(format_date(new, today))}</b>"
    if old is not None:
        change += f" (au lieu du {html.escape(format_date(old, today))})"
    head = "⚠️ <b>Date limite avancée</b>"
    text = "\n".join(
        [
            head,
            change,
            "Pensez à envoyer votre candidature plus tôt que prévu.",
            "",
            *_summary(offer, today),
        ]
    )
    return Reply(text, (_offer_buttons(offer.id),))


def render_broadcast(text: str) -> Reply:
    """An operator's message to every chat (`/diffuser`), as plain text."""
    return Reply(f"📣 <b>Message de l'équipe Postes</b>\n\n{html.escape(text)}")


def render_digest(offers: Sequence[OfferRow], *, today: date) -> Reply:
    """The day's matching offers in one message, with a details button for the first ones."""
    count = len(offers)
    head = "📬 <b>Votre sélection du jour</b> : " + (
        "1 nouvelle offre" if count == 1 else f"{count} nouvelles offres"
    )
    shown = offers[:DIGEST_MAX_OFFERS]
    blocks = [head, *(offer_line(n, offer, today) for n, offer in enumerate(shown, 1))]
    if count > len(shown):
        blocks.append(
            f"… et {count - len(shown)} autres : {command('offers')} pour les voir toutes."
        )
    buttons = tuple(
        (button(offer_button_text(n, offer), "offer.details", offer.id),)
        for n, offer in enumerate(shown[:DIGEST_MAX_BUTTONS], 1)
    )
    return Reply("\n\n".join(blocks), buttons)
