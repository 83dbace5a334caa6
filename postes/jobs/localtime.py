"""Local wall-clock arithmetic: reminders, digests and quiet hours are set in local time.

Nouméa has no DST, but nothing here assumes it: instants are built with the zone and
converted to UTC, and SQLite's naive read-backs are declared UTC by `as_utc`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

NOUMEA = ZoneInfo("Pacific/Noumea")


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored datetime is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def local_today(now: datetime, zone: ZoneInfo) -> date:
    """The calendar date at `now` where the users live."""
    return now.astimezone(zone).date()


def at_local(day: date, clock_time: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of `clock_time` on `day` in `zone`."""
    return datetime.combine(day, clock_time, tzinfo=zone).astimezone(UTC)


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant `day` ends locally: applications close at midnight."""
    return at_local(day + timedelta(days=1), time(0, 0), zone)


def next_local_hour(now: datetime, hour: int, zone: ZoneInfo) -> datetime:
    """The next UTC instant (now included) at which it is `hour`:00 locally."""
    today = local_today(now, zone)
    moment = at_local(today, time(hour, 0), zone)
    return moment if moment >= now else at_local(today + timedelta(days=1), time(hour, 0), zone)


def quiet_until(
    now: datetime, start: int | None, end: int | None, zone: ZoneInfo
) -> datetime | None:
    """When the chat's quiet hours end, if `now` falls in them; None otherwise.

    `start` and `end` are minutes after local midnight; `start > end` wraps midnight.
    """
    if start is None or end is None or start == end:
        return None
    local = now.astimezone(zone)
    minute = local.hour * 60 + local.minute
    if start < end:
        inside, ends_tomorrow = start <= minute < end, False
    else:
        inside, ends_tomorrow = minute >= start or minute < end, minute >= start
    if not inside:
        return None
    day = local.date() + timedelta(days=1 if ends_tomorrow else 0)
    return at_local(day, time(end // 60, end % 60), zone)
