"""Where an http source may go, judged on the URL and on the address it resolves to."""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from postes.jobs.netguard import (
    AddressRefused,
    GuardedTransport,
    HostPolicy,
    IPAddress,
    Resolver,
    address_kind,
)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("93.184.216.34", "public"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("10.0.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("0.0.0.0", "reserved"),
        ("100.64.0.1", "reserved"),
        ("224.0.0.1", "reserved"),
    ],
)
def test_address_kinds(address: str, kind: str) -> None:
    assert address_kind(ipaddress.ip_address(address)) == kind


def test_policy_allows_the_page_host_and_the_allow_list_only() -> None:
    policy = HostPolicy("https://emploi.gouv.nc/avis/", ["cdn.gouv.nc", "docs.gouv.nc:8443"])

    assert policy.refusal("https://emploi.gouv.nc/docs/a.pdf") is None
    assert policy.refusal("http://EMPLOI.gouv.nc./docs/a.pdf") is None  # same host, spelled
    assert policy.refusal("https://cdn.gouv.nc/a.pdf") is None
    assert policy.refusal("https://docs.gouv.nc:8443/a.pdf") is None
    assert policy.refusal("https://docs.gouv.nc/a.pdf") == "hôte non autorisé : docs.gouv.nc"
    assert policy.refusal("https://emploi.gouv.nc:22/") == "hôte non autorisé : emploi.gouv.nc:22"
    assert policy.refusal("https://evil.nc/a.pdf") == "hôte non autorisé : evil.nc"
    assert policy.refusal("http://0x7f.1/a.pdf") == "hôte non autorisé : 0x7f.1"


@pytest.mark.parametrize(
    ("url", "start"),
    [
        ("ftp://emploi.gouv.nc/a.pdf", "protocole refusé : ftp"),
        ("file:///etc/passwd", "protocole refusé : file"),
        ("http://[::1", "adresse invalide"),
        ("http://xn--/a", "adresse invalide"),
        ("http:///a.pdf", "adresse invalide (pas d'hôte)"),
        ("https://emploi.gouv.nc/" + "a" * 3000, "adresse trop longue"),
    ],
)
def test_policy_refuses_other_protocols_and_malformed_urls(url: str, start: str) -> None:
    assert (HostPolicy("https://emploi.gouv.nc/").refusal(url) or "").startswith(start)


def resolver(names: dict[str, list[str]]) -> Resolver:
    async def resolve(host: str, port: int) -> list[IPAddress]:
        return [ipaddress.ip_address(a) for a in names[host]]

    return resolve


async def test_the_connection_goes_to_the_checked_address_under_the_name() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    transport = GuardedTransport(
        "https://emploi.gouv.nc/avis/",
        resolver=resolver({"emploi.gouv.nc": ["93.184.216.34"]}),
        inner=httpx.MockTransport(answer),
    )
    async with httpx.AsyncClient(transport=transport) as client:
        await client.get("https://emploi.gouv.nc/docs/a.pdf")

    assert seen[0].url == "https://93.184.216.34/docs/a.pdf"
    assert seen[0].headers["host"] == "emploi.gouv.nc"
    assert seen[0].extensions["sni_hostname"] == "emploi.gouv.nc"  # TLS checks the name


async def test_a_public_page_may_not_reach_a_host_that_resolves_inside() -> None:
    names = {
        "emploi.gouv.nc": ["93.184.216.34"],
        "cdn.gouv.nc": ["93.184.216.35", "127.0.0.1"],  # one bad answer is enough
    }
    transport = GuardedTransport(
        "https://emploi.gouv.nc/avis/",
        resolver=resolver(names),
        inner=httpx.MockTransport(lambda request: httpx.Response(200)),
    )
    async with httpx.AsyncClient(transport=transport) as client:
        with pytest.raises(AddressRefused, match=r"cdn.gouv.nc → 127.0.0.1 \(loopback\)"):
            await client.get("https://cdn.gouv.nc/a.pdf")
