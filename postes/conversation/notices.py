"""French texts of the messages the outbox sends: alerts, reminders, extensions (digests are
in `digests`).

Every piece of notice text is escaped with `html.escape` here; the layout reuses the offer
lines of the commands (`bot.logic.common`) so an alert reads like a search result.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from postes.conversation.buttons import button
from postes.conversation.common import (
    corps_names,
    format_date,
    format_hour,
    offer_deadline,
    shorten,
)
from postes.conversation.replies import Button, Reply
from postes.conversation.subscriptions import describe
from postes.storage.models import OfferRow, SubscriptionRow


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


def offer_buttons(
    offer: OfferRow, *, follow: bool = True, decide: bool = True
) -> list[tuple[Button, ...]]:
    """Buttons under a notice: details and calendar, applied / not interested, follow."""
    first = [button("📄 Détails", "offer.details", offer.id)]
    if offer.deadline is not None:
        first.append(button("📅 Ajouter à mon agenda", "offer.calendar", offer.id))
    rows = [tuple(first)]
    if decide:
        rows.append(
            (
                button("✅ J'ai postulé", "offer.applied", offer.id),
                button("🙅 Pas intéressé", "offer.dismissed", offer.id),
            )
        )
    if follow:
        rows.append((button("⏰ Me le rappeler", "offer.follow", offer.id),))
    return rows


def _via(matched: Sequence[SubscriptionRow]) -> str:
    """`🔎 via votre abonnement n°2 (corps : Attaché)`: why this alert came."""
    parts = [f"n°{row.id} ({html.escape(describe(row))})" for row in matched[:2]]
    if len(matched) > 2:
        parts.append(f"{len(matched) - 2} autre" + ("s" if len(matched) > 3 else ""))
    own = "votre abonnement" if len(matched) == 1 else "vos abonnements"
    return f"🔎 <i>via {own} {' et '.join(parts)}</i>"


def render_alert(
    offer: OfferRow, *, matched: Sequence[SubscriptionRow], followed: bool, today: date
) -> Reply:
    """A new offer matching the chat's subscriptions (`matched`, mute uses the first one)."""
    lines = ["🔔 <b>Nouvelle offre</b>", "", *_summary(offer, today)]
    if matched:
        lines += ["", _via(matched)]
    rows = offer_buttons(offer, follow=not followed)
    if matched:
        mute = button(
            "🔕 Ne plus recevoir ces alertes", "subscription.change", "mute", matched[0].id
        )
        rows.append((mute,))
    return Reply("\n".join(lines), tuple(rows))


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
    return Reply(text, tuple(offer_buttons(offer, follow=False)))


def render_extension(
    offer: OfferRow, *, old: date | None, new: date, followed: bool, today: date
) -> Reply:
    """The deadline of an offer the chat knows was pushed back."""
    change = f"Nouvelle date limite : <b>{html.escape(format_date(new, today))}</b>"
    if old is not None:
        change += f" (au lieu du {html.escape(format_date(old, today))})"
    text = "\n".join(["📅 <b>Date limite prolongée</b>", change, "", *_summary(offer, today)])
    return Reply(text, tuple(offer_buttons(offer, follow=not followed)))


def render_shortening(
    offer: OfferRow, *, old: date | None, new: date, followed: bool, today: date
) -> Reply:
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
    return Reply(text, tuple(offer_buttons(offer, follow=not followed)))


def render_broadcast(text: str) -> Reply:
    """An operator's message to every chat (`/diffuser`), as plain text."""
    return Reply(f"📣 <b>Message de l'équipe Postes</b>\n\n{html.escape(text)}")
