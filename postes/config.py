"""Settings: a TOML file, overridden by POSTES_* environment variables."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import time, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///postes.db"
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
_DURATION = re.compile(r"^\s*(\d+)\s*(s|m|h|d)\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class ConfigError(ValueError):
    """The configuration cannot be used; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class TelegramSettings:
    token: str | None = None
    base_url: str = DEFAULT_BASE_URL
    base_file_url: str | None = None
    admins: tuple[int, ...] = ()
    webhook_secret: str | None = None
    # Messages a second each process serving updates but not sending the outbox keeps for its
    # replies, out of the token's 30 (`platforms.telegram.budget`).
    reply_share_per_second: float = 5.0


@dataclass(frozen=True, slots=True)
class SourceSettings:
    kind: Literal["folder", "http"]
    location: str  # folder path or page URL
    # Hosts an http source may follow links and redirects to, besides the page's own.
    allow_hosts: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Stable name under which the source's polling state is stored."""
        return f"{self.kind}:{self.location}"


@dataclass(frozen=True, slots=True)
class ScheduleSettings:
    check_every: timedelta = timedelta(minutes=10)
    reminder_time: time = time(8, 0)
    reminder_days: tuple[int, ...] = (7, 1)


@dataclass(frozen=True, slots=True)
class LimitSettings:
    """Bounds on what one document may cost; past them it is set aside with the reason."""

    download_bytes: int = 20 * 1024 * 1024  # a linked document, streamed and cut off
    document_bytes: int = 20 * 1024 * 1024  # a file of a folder source
    pages: int = 50  # PDF pages read
    text_chars: int = 200_000  # text of one notice, after extraction
    body_chars: int = 20_000  # description stored and shown to users
    parse_seconds: float = 20.0  # wall time of one parse, in its worker process
    parse_memory_mb: int = 512  # address space of the parse worker


@dataclass(frozen=True, slots=True)
class HttpSettings:
    """Where the web server (webhook, health, metrics) listens: `host:port`; None: no server
    in polling mode, the port of the webhook URL in webhook mode."""

    listen: str | None = None
    max_body_bytes: int = 1024 * 1024  # Telegram updates are a few KB
    metrics_token: str | None = None  # /metrics wants "Authorization: Bearer <token>"


LOG_FORMATS = ("text", "json")


@dataclass(frozen=True, slots=True)
class LogSettings:
    format: Literal["text", "json"] = "text"  # json: one object per line, for log shippers


DEFAULT_SLACK_API_URL = "https://slack.com/api/"


@dataclass(frozen=True, slots=True)
class SlackSettings:
    """The Slack front end: one workspace's bot token, or OAuth for many (client id/secret).

    Requests from Slack are checked with `signing_secret` (HTTP mode, `/slack/events` on
    `[http] listen`); with `app_token` the app connects out instead (Socket Mode). Every Web
    API call goes to `api_url`.
    """

    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str = DEFAULT_SLACK_API_URL
    client_id: str | None = None
    client_secret: str | None = None
    # Where Slack sends people back after they approve the install (our /slack/oauth_redirect).
    redirect_url: str | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.bot_token or self.client_id)

    @property
    def oauth(self) -> bool:
        return bool(self.client_id)


@dataclass(frozen=True, slots=True)
class Settings:
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Pacific/Noumea"))
    database_url: str = DEFAULT_DATABASE_URL
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    sources: tuple[SourceSettings, ...] = ()
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    http: HttpSettings = field(default_factory=HttpSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    log: LogSettings = field(default_factory=LogSettings)


def parse_duration(text: str) -> timedelta:
    """Read `30s`, `10m`, `1h`, `1d`."""
    match = _DURATION.match(str(text))
    if not match or int(match.group(1)) == 0:
        raise ConfigError(f"durée invalide {text!r} (exemples : 30s, 10m, 1h)")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def _parse_time(text: str) -> time:
    try:
        hour, minute = (int(part) for part in str(text).split(":"))
        return time(hour, minute)
    except ValueError:
        raise ConfigError(f"heure invalide {text!r} (exemple : 08:00)") from None


def _section(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"[{name}] doit être une table")
    return value


def _allow_hosts(item: Mapping[str, Any], number: int) -> tuple[str, ...]:
    hosts = item.get("allow_hosts", [])
    if not isinstance(hosts, list) or not all(isinstance(h, str) and h.strip() for h in hosts):
        raise ConfigError(f"source n°{number} : allow_hosts doit être une liste de noms d'hôtes")
    return tuple(h.strip().lower().rstrip(".") for h in hosts)


def _sources(raw: Any) -> tuple[SourceSettings, ...]:
    if not isinstance(raw, list):
        raise ConfigError("[[sources]] doit être une liste de tables")
    sources = []
    for number, item in enumerate(raw, start=1):
        kind = item.get("kind") if isinstance(item, Mapping) else None
        if kind == "folder" and isinstance(item.get("path"), str):
            sources.append(SourceSettings("folder", item["path"]))
        elif kind == "http" and str(item.get("url", "")).startswith(("http://", "https://")):
            sources.append(SourceSettings("http", item["url"], _allow_hosts(item, number)))
        else:
            raise ConfigError(
                f'source n°{number} invalide : attendu kind = "folder" + path, '
                'ou kind = "http" + url http(s)://'
            )
    return tuple(sources)


def _positive(section: Mapping[str, Any], name: str, key: str, default: float) -> float:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"[{name}] {key} doit être un nombre positif")
    return value


def _limits(section: Mapping[str, Any]) -> LimitSettings:
    base = LimitSettings()
    mb = 1024 * 1024
    return LimitSettings(
        download_bytes=int(
            _positive(section, "limits", "download_mb", base.download_bytes / mb) * mb
        ),
        document_bytes=int(
            _positive(section, "limits", "document_mb", base.document_bytes / mb) * mb
        ),
        pages=int(_positive(section, "limits", "pages", base.pages)),
        text_chars=int(_positive(section, "limits", "text_chars", base.text_chars)),
        body_chars=int(_positive(section, "limits", "body_chars", base.body_chars)),
        parse_seconds=float(_positive(section, "limits", "parse_seconds", base.parse_seconds)),
        parse_memory_mb=int(_positive(section, "limits", "parse_memory_mb", base.parse_memory_mb)),
    )


def _http(section: Mapping[str, Any], env: Mapping[str, str]) -> HttpSettings:
    listen = section.get("listen")
    if listen is not None and not isinstance(listen, str):
        raise ConfigError('[http] listen doit être "adresse:port", ex. "127.0.0.1:8443"')
    max_kb = _positive(section, "http", "max_body_kb", HttpSettings().max_body_bytes / 1024)
    token = env.get("POSTES_METRICS_TOKEN") or section.get("metrics_token")
    if token is not None and not isinstance(token, str):
        raise ConfigError("[http] metrics_token doit être une chaîne")
    return HttpSettings(
        listen=listen or None, max_body_bytes=int(max_kb * 1024), metrics_token=token or None
    )


def _log(section: Mapping[str, Any]) -> LogSettings:
    fmt = section.get("format", "text")
    if fmt not in LOG_FORMATS:
        raise ConfigError(f'[log] format doit être "text" ou "json", pas {fmt!r}')
    return LogSettings(format=fmt)


_SLACK_KEYS = (
    "bot_token", "signing_secret", "app_token", "api_url", "client_id", "client_secret",
    "redirect_url",
)  # fmt: skip


def _slack(section: Mapping[str, Any], env: Mapping[str, str]) -> SlackSettings:
    """`[slack]`, each key overridden by `POSTES_SLACK_<KEY>`."""
    values: dict[str, str] = {}
    for key in _SLACK_KEYS:
        value = env.get(f"POSTES_SLACK_{key.upper()}") or section.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"[slack] {key} doit être une chaîne de caractères")
        if value:
            values[key] = value.strip()
    settings = SlackSettings(**values)
    if not settings.api_url.startswith(("http://", "https://")):
        raise ConfigError(f"[slack] api_url doit être une adresse http(s) : {settings.api_url!r}")
    if not settings.api_url.endswith("/"):  # slack_sdk appends the method name
        settings = replace(settings, api_url=settings.api_url + "/")
    if settings.enabled and not (settings.signing_secret or settings.app_token):
        raise ConfigError(
            "[slack] signing_secret (requêtes signées sur /slack/events) ou app_token "
            "(Socket Mode) est nécessaire"
        )
    if settings.client_id and not settings.client_secret:
        raise ConfigError(
            "[slack] client_secret est nécessaire avec client_id (installation OAuth)"
        )
    return settings


def _reply_share(telegram: Mapping[str, Any]) -> float:
    value = telegram.get("reply_share_per_second", 5)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 30:
        raise ConfigError(
            "[telegram] reply_share_per_second doit être un nombre de messages par seconde,"
            " entre 0 (exclu) et 30, ex. 5"
        )
    return float(value)


def settings_from_mapping(data: Mapping[str, Any], env: Mapping[str, str]) -> Settings:
    """Build settings from parsed TOML data and environment overrides."""
    try:
        zone = ZoneInfo(str(data.get("timezone", "Pacific/Noumea")))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"fuseau horaire inconnu : {data.get('timezone')!r}") from None
    telegram = _section(data, "telegram")
    admins = telegram.get("admins", [])
    if not isinstance(admins, list) or not all(isinstance(a, int) for a in admins):
        raise ConfigError("[telegram] admins doit être une liste d'identifiants numériques")
    schedule = _section(data, "schedule")
    days = schedule.get("reminder_days", [7, 1])
    if not isinstance(days, list) or not all(isinstance(d, int) and 0 <= d <= 60 for d in days):
        raise ConfigError("[schedule] reminder_days doit être une liste de jours, ex. [7, 1]")
    database = _section(data, "database")
    return Settings(
        timezone=zone,
        database_url=env.get("POSTES_DATABASE_URL") or database.get("url", DEFAULT_DATABASE_URL),
        telegram=TelegramSettings(
            token=env.get("POSTES_TELEGRAM_TOKEN") or telegram.get("token") or None,
            base_url=telegram.get("base_url", DEFAULT_BASE_URL),
            base_file_url=telegram.get("base_file_url"),
            admins=tuple(admins),
            webhook_secret=env.get("POSTES_TELEGRAM_WEBHOOK_SECRET")
            or telegram.get("webhook_secret")
            or None,
            reply_share_per_second=_reply_share(telegram),
        ),
        sources=_sources(data.get("sources", [])),
        schedule=ScheduleSettings(
            check_every=parse_duration(schedule.get("check_every", "10m")),
            reminder_time=_parse_time(schedule.get("reminder_time", "08:00")),
            reminder_days=tuple(sorted(set(days), reverse=True)),
        ),
        limits=_limits(_section(data, "limits")),
        slack=_slack(_section(data, "slack"), env),
        http=_http(_section(data, "http"), env),
        log=_log(_section(data, "log")),
    )


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Load settings from `path`, else $POSTES_CONFIG, else defaults; env vars override."""
    env = os.environ if env is None else env
    if path is None and env.get("POSTES_CONFIG"):
        path = Path(env["POSTES_CONFIG"])
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"fichier de configuration introuvable : {path}") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"configuration {path} illisible : {error}") from None
    return settings_from_mapping(data, env)
