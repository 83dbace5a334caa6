""" "📅 Ajouter à mon agenda": an offer's deadline as an iCalendar (.ics) event.

Built with `icalendar`, never by hand. With the hour the notice gives, the event is at that
hour in the configured zone (Pacific/Noumea), the zone's VTIMEZONE included so every calendar
reads it right; without one, it is an all-day event. An alarm rings the day before.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.conversation.common import format_date, format_hour, shorten
from postes.conversation.replies import Attachment, Reply
from postes.storage import offers as offer_store
from postes.storage.models import OfferRow

PRODUCT = "-//postes//Avis de vacance de poste//FR"
EVENT_LENGTH = timedelta(minutes=30)
_UNSAFE = re.compile(r"[^\w.-]+")


def _description(offer: OfferRow) -> str:
    lines = [offer.title]
    if offer.employer:
        lines.append(f"Employeur : {offer.employer}")
    if offer.reference:
        lines.append(f"Référence : {offer.reference}")
    if offer.contact:
        lines.append(f"Contact : {offer.contact}")
    if offer.source and offer.source.startswith(("http://", "https://")):
        lines.append(f"Avis : {offer.source}")
    return "\n".join(lines)


def deadline_event(offer: OfferRow, *, zone: ZoneInfo, now: datetime) -> bytes:
    """The .ics file of an offer's deadline (the offer must have one)."""
    assert offer.deadline is not None
    event = Event()
    event.add("uid", f"offre-{offer.id}-{offer.deadline.isoformat()}@postes")
    event.add("dtstamp", now)
    event.add("summary", f"Date limite de candidature : {shorten(offer.title, 120)}")
    event.add("description", _description(offer))
    if offer.workplace:
        event.add("location", offer.workplace)
    if offer.deadline_time:
        hour, _, minute = offer.deadline_time.partition(":")
        start = datetime.combine(offer.deadline, time(int(hour), int(minute or 0)), zone)
        event.add("dtstart", start)
        event.add("dtend", start + EVENT_LENGTH)
    else:
        event.add("dtstart", offer.deadline)
        event.add("dtend", offer.deadline + timedelta(days=1))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Demain : date limite de candidature")
    alarm.add("trigger", timedelta(days=-1))
    event.add_component(alarm)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


async def calendar_file(
    *, sessions: async_sessionmaker, offer_id: int, now: datetime, zone: ZoneInfo, today: date
) -> Attachment | Reply:
    """The offer's deadline as an .ics attachment, or why there is none."""
    async with sessions() as session:
        offer = await offer_store.get_offer(session=session, offer_id=offer_id)
    if offer is None:
        return Reply("Cette offre n'existe plus.")
    if offer.deadline is None:
        return Reply("Cette offre n'indique pas de date limite : rien à mettre dans l'agenda.")
    if offer.deadline < today:
        return Reply("La date limite de cette offre est passée.")
    when = format_date(offer.deadline, today)
    if offer.deadline_time:
        when += f" à {format_hour(offer.deadline_time)}"
    name = _UNSAFE.sub("-", offer.reference or f"offre-{offer.id}").strip("-")
    return Attachment(
        filename=f"date-limite-{name}.ics",
        content=deadline_event(offer, zone=zone, now=now),
        mime_type="text/calendar",
        caption=f"📅 Date limite le {html.escape(when)} : "
        "ouvrez ce fichier pour l'ajouter à votre agenda.",
    )
