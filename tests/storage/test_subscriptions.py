from datetime import datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.offers.matching import matches, offer_terms
from postes.offers.query import parse_query
from postes.storage.chats import deactivate_chat, delete_chat, get_or_create_chat
from postes.storage.subscriptions import (
    add_subscription,
    anchor_terms,
    delete_subscription,
    find_candidate_subscriptions,
    list_subscriptions,
    set_any_keywords,
    set_subscription_paused,
    subscription_query,
)

OFFER = offer_terms(
    title="Chargé de projets informatiques",
    body="Développer des outils numériques.",
    employer="Province Sud",
    direction=None,
    corps=["Ingénieur"],
    workplace="Païta",
)


async def _chat(session, external_id: str, now: datetime):
    return await get_or_create_chat(
        session=session, platform="telegram", external_id=external_id, kind="private", now=now
    )


async def _subscribe(session, chat_id: int, text: str, now: datetime):
    query = parse_query(text)
    return await add_subscription(
        session=session, chat_id=chat_id, query=query, keywords=list(query.words), now=now
    )


def test_anchor_prefers_the_longest_keyword() -> None:
    assert anchor_terms(parse_query("corps:attache informatique rh")) == [("keyword", "infor")]


def test_anchor_indexes_each_alternative_filter() -> None:
    assert anchor_terms(parse_query('employeur:noumea,"province sud"')) == [
        ("employer", "noume"),
        ("employer", "provi"),
    ]


def test_places_and_alternative_keywords_are_anchored_under_each_alternative() -> None:
    assert anchor_terms(parse_query("lieu:Païta,koné")) == [
        ("keyword", "kone"),
        ("keyword", "paita"),
    ]
    assert anchor_terms(parse_query("informatique OU réseaux")) == [
        ("keyword", "infor"),
        ("keyword", "reseau"[:5]),
    ]


async def test_a_subscription_switched_to_any_keyword_is_found_by_either_word(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    now = clock()
    async with sessions() as session, session.begin():
        chat = await _chat(session, "1", now)
        row = await _subscribe(session, chat.id, "jardinier numerique", now)
    async with sessions() as session:
        assert await find_candidate_subscriptions(session=session, offer=OFFER) == []
    async with sessions() as session, session.begin():
        (row,) = await list_subscriptions(session=session, chat_id=chat.id)
        await set_any_keywords(session=session, subscription=row)
    async with sessions() as session:
        (found,) = await find_candidate_subscriptions(session=session, offer=OFFER)
    assert found.any_keywords
    assert matches(subscription_query(found), OFFER)


async def test_candidates_are_the_subscriptions_an_offer_can_match(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    now = clock()
    async with sessions() as session, session.begin():
        chat = await _chat(session, "1", now)
        wanted = {
            (await _subscribe(session, chat.id, text, now)).id
            for text in (
                "info",
                "corps:ingenieur",
                "employeur:sud",
                "",
                "employeur:province informatique",
                "lieu:paita",
                "lieu:noumea,PAÏTA",
                "jardinier OU numerique",
            )
        }
        for text in ("jardinier", "corps:attache", "employeur:noumea", "lieu:kone"):
            await _subscribe(session, chat.id, text, now)

    async with sessions() as session:
        candidates = await find_candidate_subscriptions(session=session, offer=OFFER)

    matching = {row.id for row in candidates if matches(subscription_query(row), OFFER)}
    assert matching == wanted


async def test_paused_subscriptions_and_inactive_chats_are_not_candidates(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    now = clock()
    async with sessions() as session, session.begin():
        active = await _chat(session, "1", now)
        blocked = await _chat(session, "2", now)
        paused = await _subscribe(session, active.id, "info", now)
        await _subscribe(session, blocked.id, "info", now)
        await set_subscription_paused(
            session=session, chat_id=active.id, subscription_id=paused.id, paused=True
        )
        await deactivate_chat(session=session, chat_id=blocked.id, now=now)

    async with sessions() as session:
        assert await find_candidate_subscriptions(session=session, offer=OFFER) == []


async def test_a_chat_cannot_delete_another_chats_subscription(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    now = clock()
    async with sessions() as session, session.begin():
        owner = await _chat(session, "1", now)
        other = await _chat(session, "2", now)
        subscription = await _subscribe(session, owner.id, "info", now)

    async with sessions() as session, session.begin():
        assert not await delete_subscription(
            session=session, chat_id=other.id, subscription_id=subscription.id
        )
    async with sessions() as session:
        assert len(await list_subscriptions(session=session, chat_id=owner.id)) == 1


async def test_deleting_a_chat_deletes_its_subscriptions(
    sessions: async_sessionmaker, clock: FakeClock
) -> None:
    now = clock()
    async with sessions() as session, session.begin():
        chat = await _chat(session, "1", now)
        await _subscribe(session, chat.id, "info", now)
    async with sessions() as session, session.begin():
        await delete_chat(session=session, chat_id=chat.id)
    async with sessions() as session:
        assert await list_subscriptions(session=session, chat_id=chat.id) == []
        assert await find_candidate_subscriptions(session=session, offer=OFFER) == []
