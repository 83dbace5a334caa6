"""Where the webhook listens: the operator's word first, else the loopback on the URL's port."""

from __future__ import annotations

import pytest

from postes.platforms.telegram.webhook_address import (
    AddressError,
    ListenAddress,
    listen_address,
    parse_listen,
    webhook_path,
)


def test_url_port_on_the_loopback_when_nothing_is_configured() -> None:
    assert listen_address("https://bot.example.nc:8443/hook") == ListenAddress("127.0.0.1", 8443)
    assert listen_address("http://127.0.0.1:18444/hook") == ListenAddress("127.0.0.1", 18444)


def test_url_without_a_port_listens_on_8443_not_the_proxy_port() -> None:
    assert listen_address("https://bot.example.nc/hook") == ListenAddress("127.0.0.1", 8443)


def test_configuration_beats_the_url_port() -> None:
    address = listen_address("https://bot.example.nc:88/hook", configured="10.0.0.5:9000")

    assert address == ListenAddress("10.0.0.5", 9000)


def test_command_line_beats_the_configuration() -> None:
    address = listen_address(
        "https://bot.example.nc/hook", host="::1", port=9001, configured="10.0.0.5:9000"
    )

    assert address == ListenAddress("::1", 9001)


def test_bad_configured_address_names_the_setting() -> None:
    with pytest.raises(AddressError, match=r"^\[http\] listen : adresse d'écoute invalide"):
        listen_address("https://bot.example.nc/hook", configured="8443")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("127.0.0.1:8443", ListenAddress("127.0.0.1", 8443)),
        (" localhost:80 ", ListenAddress("localhost", 80)),
        ("[::1]:8443", ListenAddress("::1", 8443)),
        ("0.0.0.0:1", ListenAddress("0.0.0.0", 1)),
    ],
)
def test_parse_listen_reads_host_and_port(text: str, expected: ListenAddress) -> None:
    assert parse_listen(text) == expected


@pytest.mark.parametrize(
    "text", ["", "8443", ":8443", "127.0.0.1", "127.0.0.1:", "h:0", "h:65536", "h:-1", "::1:8443"]
)
def test_parse_listen_refuses_what_is_not_host_and_port(text: str) -> None:
    with pytest.raises(AddressError, match=r"exemple : 127\.0\.0\.1:8443"):
        parse_listen(text)


@pytest.mark.parametrize(
    "url",
    [
        "bot.example.nc/hook",
        "ftp://bot.example.nc/hook",
        "https:///hook",
        "https://h:x/",
        "https://h:0/",
        "https://h:70000/",
    ],
)
def test_webhook_url_telegram_cannot_post_to_is_refused(url: str) -> None:
    with pytest.raises(AddressError, match="URL de webhook invalide"):
        webhook_path(url)


def test_loopback_addresses_are_told_apart_from_the_others() -> None:
    assert ListenAddress("127.0.0.1", 1).is_loopback
    assert ListenAddress("::1", 1).is_loopback
    assert ListenAddress("localhost", 1).is_loopback
    assert not ListenAddress("0.0.0.0", 1).is_loopback
    assert not ListenAddress("bot.example.nc", 1).is_loopback
    assert ListenAddress("::1", 8443).url("/hook") == "http://[::1]:8443/hook"
