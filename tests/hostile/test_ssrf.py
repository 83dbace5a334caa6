"""An http source reaches its page's host and its allow-list, never the inside of the network."""

from __future__ import annotations

import ipaddress
from collections import Counter

from sqlalchemy.ext.asyncio import async_sessionmaker

from postes.clock import FakeClock
from postes.config import SourceSettings
from postes.jobs.netguard import IPAddress
from tests.hostile.notices import notice
from tests.hostile.polling import poll, status_text
from tests.hostile.server import HostileServer, ok, page, redirect


class Resolver:
    """A DNS of our own: names of the test, and IP literals as themselves; counts lookups."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.lookups: Counter[str] = Counter()

    async def __call__(self, host: str, port: int) -> list[IPAddress]:
        self.lookups[host] += 1
        return [ipaddress.ip_address(self.names.get(host, host))]


async def test_links_to_other_hosts_are_refused_without_a_request(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer
) -> None:
    elsewhere = server.url("/docs/autre.txt", host="localhost")  # same server, other name
    server.routes["/avis/"] = ok(
        page(
            "/docs/a.txt",
            elsewhere,
            "http://169.254.169.254/latest/meta-data/avis.txt",
            "http://10.0.0.1/avis.txt",
        )
    )
    server.routes["/docs/a.txt"] = ok(notice(1))
    server.routes["/docs/autre.txt"] = ok(notice(2))
    source = SourceSettings("http", server.url("/avis/"))

    report = await poll(sessions, clock, source)

    assert [o.uri for o in report.outcomes] == [server.url("/docs/a.txt")]
    assert server.paths() == ["/avis/", "/docs/a.txt"]
    text = await status_text(sessions)
    assert f"ignoré : {elsewhere} — lien refusé : hôte non autorisé : localhost:" in text
    assert "hôte non autorisé : 169.254.169.254" in text
    assert "hôte non autorisé : 10.0.0.1" in text


async def test_a_redirect_to_another_host_is_not_followed(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer
) -> None:
    server.routes["/avis/"] = ok(page("/docs/deplace.txt"))
    server.routes["/docs/deplace.txt"] = redirect(server.url("/docs/autre.txt", host="localhost"))
    server.routes["/docs/autre.txt"] = ok(notice(2))
    source = SourceSettings("http", server.url("/avis/"))

    report = await poll(sessions, clock, source)

    assert report.outcomes == []
    assert server.paths() == ["/avis/", "/docs/deplace.txt"]
    assert "/docs/autre.txt refusée : hôte non autorisé : localhost" in await status_text(sessions)


async def test_a_redirect_to_another_protocol_is_not_followed(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer
) -> None:
    server.routes["/avis/"] = ok(page("/docs/deplace.txt"))
    server.routes["/docs/deplace.txt"] = redirect("file:///etc/passwd")
    source = SourceSettings("http", server.url("/avis/"))

    report = await poll(sessions, clock, source)

    assert report.outcomes == []
    assert "protocole refusé : file" in await status_text(sessions)


async def test_an_allowed_host_on_a_private_or_link_local_address_is_still_refused(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer
) -> None:
    server.routes["/avis/"] = ok(
        page(
            "http://169.254.169.254/latest/avis.txt",
            "http://10.0.0.1/avis.txt",
            "http://intranet.test/avis.txt",
        )
    )
    source = SourceSettings(
        "http", server.url("/avis/"), ("169.254.169.254", "10.0.0.1", "intranet.test")
    )
    resolver = Resolver({"intranet.test": "10.1.2.3"})

    report = await poll(sessions, clock, source, resolver=resolver)

    assert report.outcomes == []
    text = await status_text(sessions)
    assert "169.254.169.254 → 169.254.169.254 (link-local)" in text
    assert "10.0.0.1 → 10.0.0.1 (private)" in text
    assert "intranet.test → 10.1.2.3 (private)" in text


async def test_an_allowed_host_is_reached_at_the_address_that_was_checked(
    sessions: async_sessionmaker, clock: FakeClock, server: HostileServer
) -> None:
    # docs.test exists in no DNS: the document can only come from the address we resolved.
    server.routes["/avis/"] = ok(page(server.url("/docs/a.txt", host="docs.test")))
    server.routes["/docs/a.txt"] = ok(notice(1))
    source = SourceSettings("http", server.url("/avis/"), (f"docs.test:{server.port}",))
    resolver = Resolver({"docs.test": "127.0.0.1"})

    report = await poll(sessions, clock, source, resolver=resolver)

    assert [o.status for o in report.outcomes] == ["stored"]
    assert server.requests[-1].headers["host"] == f"docs.test:{server.port}"
    assert resolver.lookups["docs.test"] == 1  # resolved once: nothing to rebind in between
