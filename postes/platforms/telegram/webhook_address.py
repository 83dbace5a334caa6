"""Where the webhook listens: what the operator says, else this machine only.

Telegram posts to the public HTTPS URL; a reverse proxy (or tunnel) terminates TLS and
forwards to us, usually on the same machine. So the default host is the loopback, never every
interface, and the port is the URL's when it names one (8443 otherwise: the public side of
`https://host/...` is the proxy's 443).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8443
_EXAMPLE = "exemple : 127.0.0.1:8443"


class AddressError(ValueError):
    """An address or URL the operator must correct; the message is one French line."""


@dataclass(frozen=True, slots=True)
class ListenAddress:
    host: str
    port: int

    @property
    def is_loopback(self) -> bool:
        """Tell whether only this machine can connect."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:  # a host name: assume it may resolve elsewhere
            return False

    def url(self, path: str) -> str:
        """The local URL the proxy forwards to."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{path}"


def parse_listen(text: str) -> ListenAddress:
    """Read `host:port`, `[ipv6]:port` for IPv6."""
    host, sep, port = text.strip().rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    elif ":" in host:
        host = ""  # an unbracketed IPv6 address: which colon ends it is a guess
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise AddressError(f"adresse d'écoute invalide {text!r} ({_EXAMPLE})")
    return ListenAddress(host, int(port))


def webhook_path(url: str) -> str:
    """The path Telegram posts to; refuses what Telegram could not post to."""
    parts = urlsplit(url)
    try:
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is not a number, or out of range
        valid = False
    if not valid:
        raise AddressError(
            f"URL de webhook invalide {url!r} (exemple : https://bot.example.nc/hook)"
        )
    return parts.path or "/"


def listen_address(
    url: str, *, host: str | None = None, port: int | None = None, configured: str | None = None
) -> ListenAddress:
    """Resolve where to listen: `host`/`port` (command line), else `configured` ([http] listen),
    else the loopback on the URL's port, 8443 if it names none."""
    try:
        url_port = urlsplit(url).port
    except ValueError:
        raise AddressError(f"port invalide dans l'URL de webhook {url!r}") from None
    if configured is not None:
        try:
            base = parse_listen(configured)
        except AddressError as error:
            raise AddressError(f"[http] listen : {error}") from None
    else:
        base = ListenAddress(LOOPBACK, url_port or DEFAULT_PORT)
    return ListenAddress(host or base.host, port or base.port)
