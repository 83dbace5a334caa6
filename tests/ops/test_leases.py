"""Leases, heartbeats and the claims of dead workers, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.jobs.alerts import enqueue_alerts
from postes.jobs.leadership import Leadership
from postes.jobs.localtime import NOUMEA
from postes.jobs.status import collect_status, format_status
from postes.storage.leases import (
    beat,
    give_up_lease,
    list_leaders,
    release_claims_of_dead_workers,
    take_lease,
)
from postes.storage.models import OutboxRow
from postes.storage.outbox import claim_due, finish_message
from tests.jobs.factories import make_chat, make_offer, subscribe

TTL = timedelta(seconds=8)


async def take(sessions: async_sessionmaker, holder: str, clock: FakeClock, **kw: bool) -> bool:
    async with sessions() as session, session.begin():
        return await take_lease(
            session=session, name="scheduler", holder=holder, now=clock(), ttl=TTL, **kw
        )


async def test_a_lease_has_one_holder_until_it_expires(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    assert await take(sessions, "a", clock)
    assert not await take(sessions, "b", clock)
    clock.advance(TTL / 2)
    assert await take(sessions, "a", clock)  # renewed: good for another TTL
    clock.advance(TTL - timedelta(seconds=1))
    assert not await take(sessions, "b", clock)
    clock.advance(timedelta(seconds=2))
    assert await take(sessions, "b", clock)  # a stopped renewing: b takes over
    assert not await take(sessions, "a", clock)

    async with sessions() as session:
        (leader,) = await list_leaders(session=session)
    assert (leader.name, leader.holder) == ("scheduler", "b")
    assert leader.acquired_at == leader.renewed_at == clock()


async def test_a_renewal_keeps_the_start_of_the_tenure(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    start = clock()
    await take(sessions, "a", clock)
    clock.advance(timedelta(seconds=3))
    await take(sessions, "a", clock)
    async with sessions() as session:
        (leader,) = await list_leaders(session=session)
    assert leader.acquired_at == start
    assert leader.expires_at == clock() + TTL


async def test_a_lease_given_up_is_taken_at_once(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await take(sessions, "a", clock)
    async with sessions() as session, session.begin():
        await give_up_lease(session=session, name="scheduler", holder="a", now=clock())
    clock.advance(timedelta(milliseconds=1))
    assert await take(sessions, "b", clock)


async def test_force_takes_a_lease_from_a_holder_known_dead(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    await take(sessions, "a", clock)
    assert await take(sessions, "b", clock, force=True)
    assert not await take(sessions, "a", clock)


async def test_standby_takes_over_within_ttl_and_old_leader_stops_acting_before(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    def process() -> Leadership:
        return Leadership(sessions=sessions, clock=clock, roles=["scheduler"], leases=["scheduler"])

    leader, standby = process(), process()
    await leader.beat_once()
    await standby.beat_once()
    assert leader.leads("scheduler")
    assert not standby.leads("scheduler")

    # The leader is cut off (killed, or the database unreachable from it): it stops
    # acting MARGIN before its lease ends; the standby may take it only after it ends.
    for _ in range(5):
        clock.advance(timedelta(seconds=2))
        await standby.beat_once()
        assert not (leader.leads("scheduler") and standby.leads("scheduler"))
    assert not leader.leads("scheduler")
    assert standby.leads("scheduler")


async def test_claims_of_a_worker_gone_silent_are_released_at_once(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    offer = await make_offer(sessions, clock())
    for user in (1, 2):
        await subscribe(sessions, await make_chat(sessions, clock(), user), "informatique", clock())
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)
    async with sessions() as session, session.begin():
        for worker in ("dead", "alive"):
            await beat(
                session=session, worker_id=worker, host="h", pid=1, roles="sender", now=clock()
            )
    async with sessions() as session, session.begin():
        await claim_due(
            session=session, now=clock(), token="dead", until=clock() + TTL * 10, limit=1
        )
        await claim_due(
            session=session, now=clock(), token="alive", until=clock() + TTL * 10, limit=1
        )

    clock.advance(timedelta(seconds=7))
    async with sessions() as session, session.begin():
        await beat(session=session, worker_id="alive", host="h", pid=1, roles="sender", now=clock())
        released = await release_claims_of_dead_workers(
            session=session, now=clock(), stale_after=timedelta(seconds=6)
        )
    assert released == 1
    async with sessions() as session:
        claims = sorted(str(r) for r in await session.scalars(select(OutboxRow.claimed_by)))
    assert claims == ["None", "alive"]


async def test_finishing_a_row_whose_claim_was_lost_changes_nothing(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    offer = await make_offer(sessions, clock())
    await subscribe(sessions, await make_chat(sessions, clock(), 1), "informatique", clock())
    await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)
    async with sessions() as session, session.begin():
        ((row, _),) = await claim_due(
            session=session, now=clock(), token="old", until=clock(), limit=1
        )
    clock.advance(timedelta(seconds=1))  # the old claim expired; another sender took it
    async with sessions() as session, session.begin():
        assert await claim_due(
            session=session, now=clock(), token="new", until=clock() + TTL, limit=1
        )

    async with sessions() as session, session.begin():
        ours = await finish_message(session=session, row_id=row.id, token="old", status="sent")
    assert not ours
    async with sessions() as session:
        stored = await session.get(OutboxRow, row.id)
    assert stored is not None
    assert (stored.status, stored.claimed_by) == ("pending", "new")


async def test_a_chat_with_a_row_claimed_elsewhere_is_left_to_that_sender(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    chat = await make_chat(sessions, clock(), 1)
    await subscribe(sessions, chat, "informatique", clock())
    first = await make_offer(sessions, clock(), reference="A-1")
    second = await make_offer(sessions, clock(), reference="A-2", title="Attaché informatique 2")
    for offer in (first, second):
        await enqueue_alerts(sessions=sessions, offer_ids=[offer], clock=clock, zone=NOUMEA)
    async with sessions() as session, session.begin():
        mine = await claim_due(
            session=session, now=clock(), token="a", until=clock() + TTL, limit=1
        )
        theirs = await claim_due(
            session=session, now=clock(), token="b", until=clock() + TTL, limit=5
        )
    assert len(mine) == 1
    assert theirs == []  # the chat's second message must wait for its first


async def test_status_names_who_leads_each_role_and_roles_nobody_leads(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    async with sessions() as session, session.begin():
        await beat(session=session, worker_id="w1", host="vm-1", pid=42, roles="all", now=clock())
        for name in ("scheduler", "sender:1"):
            await take_lease(session=session, name=name, holder="w1", now=clock(), ttl=TTL)
        await give_up_lease(session=session, name="sender:1", holder="w1", now=clock())
    clock.advance(timedelta(seconds=1))

    text = format_status(await collect_status(sessions=sessions, now=clock()))

    assert "  scheduler : vm-1 pid 42, depuis 14/07/2025 09:00" in text
    assert "  sender:1 : personne (dernier : vm-1 pid 42, jusqu'à 14/07/2025 09:00)" in text


async def test_a_sqlite_file_lock_forces_only_the_leases_it_guards(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    # Another live process polls updates; a dead one left the sender lease behind.
    for name, holder in (("updates:1", "poller"), ("sender:1", "dead")):
        async with sessions() as session, session.begin():
            await take_lease(session=session, name=name, holder=holder, now=clock(), ttl=TTL)
    restarted = Leadership(
        sessions=sessions,
        clock=clock,
        roles=["updates", "sender"],
        leases=["updates:1", "sender:1"],
        exclusive=["sender:1"],
    )

    await restarted.beat_once()

    assert restarted.leads("sender:1")  # at once, not after the dead one's lease
    assert not restarted.leads("updates:1")  # two pollers would get 409 Conflict


async def test_after_beat_listeners_run_in_order_and_one_failing_spoils_nothing(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    leadership = Leadership(
        sessions=sessions, clock=clock, roles=["scheduler"], leases=["scheduler"]
    )
    heard: list[object] = []

    async def broken(now: object) -> None:
        raise RuntimeError("listener bug")

    async def listening(now: object) -> None:
        heard.append((now, leadership.leads("scheduler")))

    leadership.on_beat.extend([broken, listening])
    await leadership.beat_once()

    assert heard == [(clock(), True)]  # after the leases were taken
