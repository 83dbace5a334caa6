"""Where an http source may go: its page's host and allow-list, never inside the network.

An offer's body is shown to users, so whatever the bot downloads can leak: a link or a
redirect to a cloud metadata address or an internal service must never be followed. Two
checks, both needed:

- by URL (`HostPolicy`), before every request and every redirect hop: http or https only,
  to the configured page's host or a host of the source's `allow_hosts`, on the page's port
  or the usual ones;
- by address (`GuardedTransport`), when connecting: the host is resolved once, every
  address it resolves to is checked, and the connection is made to a checked address, so
  a DNS answer that changes between the check and the connection (DNS rebinding) cannot
  lead anywhere else. Loopback, private, link-local and other non-public addresses are
  refused unless the page itself is on one of that kind (an intranet page, a test server).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable

import httpx

from postes.jobs.download import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[IPAddress]]]

HTTP_TIMEOUT = httpx.Timeout(20.0, connect=10.0)  # per network operation; see FetchOptions
USER_AGENT = "postes/0.1 (veille des offres d'emploi public)"
MAX_URL_CHARS = 2000  # longer links are refused: they would not fit the documents index
_DEFAULT_PORTS = {"http": 80, "https": 443}


class AddressRefused(FetchError):
    """The host resolves to an address the source may not reach."""


async def system_resolver(host: str, port: int) -> list[IPAddress]:
    """The addresses of `host`, from the system's resolver."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:  # socket.gaierror is an OSError
        raise FetchError(f"nom d'hôte introuvable : {host} ({error})", transient=True) from None
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


def address_kind(address: IPAddress) -> str:
    """'public', or the kind of non-public address: 'loopback', 'private', 'link-local'…"""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:  # 169.254.169.254: cloud metadata
        return "link-local"
    if address.is_multicast or address.is_unspecified or address.is_reserved:
        return "reserved"  # 0.0.0.0 reaches the machine itself
    if address.is_private:
        return "private"
    return "public" if address.is_global else "reserved"  # CGNAT, documentation ranges…


def _port(url: httpx.URL) -> int:
    return url.port or _DEFAULT_PORTS.get(url.scheme, 0)


def _host(url: httpx.URL) -> str:
    return url.host.rstrip(".")  # "site.nc." is "site.nc"


class HostPolicy:
    """Which URLs an http source may request, judged on the URL alone."""

    def __init__(self, page_url: str, allow_hosts: Iterable[str] = ()) -> None:
        page = httpx.URL(page_url)
        self.origins = {(_host(page), port) for port in (_port(page), 80, 443)}
        for entry in allow_hosts:  # "host" or "host:port"
            allowed = httpx.URL(f"http://{entry}/")
            ports = [allowed.port] if allowed.port else [80, 443]
            self.origins |= {(_host(allowed), port) for port in ports}

    def refusal(self, url: str) -> str | None:
        """Why the source may not request `url` (French), or None when it may."""
        if len(url) > MAX_URL_CHARS:
            return f"adresse trop longue ({len(url)} caractères)"
        try:
            parsed = httpx.URL(url)
            origin = (_host(parsed), _port(parsed))
        except (httpx.InvalidURL, ValueError) as error:  # idna errors are ValueErrors
            return f"adresse invalide ({error})"
        if parsed.scheme not in _DEFAULT_PORTS:
            return f"protocole refusé : {parsed.scheme or '?'} (http et https seulement)"
        if not origin[0]:
            return "adresse invalide (pas d'hôte)"
        if origin not in self.origins:
            return f"hôte non autorisé : {parsed.netloc.decode('ascii', 'replace')}"
        return None


class GuardedTransport(httpx.AsyncBaseTransport):
    """Connect only to addresses of a kind the page's own addresses allow; see the module."""

    def __init__(
        self,
        page_url: str,
        *,
        resolver: Resolver | None = None,
        inner: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._page = httpx.URL(page_url)
        self._resolve = resolver or system_resolver
        # No proxy from the environment: it would connect in our place, unchecked.
        self._inner = inner or httpx.AsyncHTTPTransport(trust_env=False)
        self._allowed: frozenset[str] | None = None

    async def _allowed_kinds(self) -> frozenset[str]:
        if self._allowed is None:
            host = self._page.raw_host.decode("ascii")
            page_kinds = {address_kind(a) for a in await self._resolve(host, _port(self._page))}
            self._allowed = frozenset({"public", *page_kinds})
        return self._allowed

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        allowed = await self._allowed_kinds()
        host = request.url.raw_host.decode("ascii")
        addresses = list(dict.fromkeys(await self._resolve(host, _port(request.url))))
        for address in addresses:  # one bad answer refuses the host: no lottery
            if address_kind(address) not in allowed:
                raise AddressRefused(
                    f"adresse refusée : {host} → {address} ({address_kind(address)})"
                )
        if not addresses:
            raise FetchError(f"nom d'hôte introuvable : {host}", transient=True)
        extensions = dict(request.extensions)
        if request.url.scheme == "https":
            extensions["sni_hostname"] = host  # TLS still checks the certificate of the name
        problem: httpx.TransportError | None = None
        for address in addresses:
            # The Host header keeps the name; only the connection goes to the checked address.
            pinned = httpx.Request(
                request.method,
                request.url.copy_with(host=str(address)),
                headers=request.headers,
                stream=request.stream,
                extensions=extensions,
            )
            try:
                return await self._inner.handle_async_request(pinned)
            except httpx.ConnectError as error:  # try the host's next address
                problem = error
        assert problem is not None
        raise problem

    async def aclose(self) -> None:
        await self._inner.aclose()


def guarded_client(page_url: str, *, resolver: Resolver | None = None) -> httpx.AsyncClient:
    """The client for one http source: redirects are followed by `download`, hop by hop."""
    return httpx.AsyncClient(
        transport=GuardedTransport(page_url, resolver=resolver),
        timeout=HTTP_TIMEOUT,
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
    )
