from datetime import time, timedelta
from pathlib import Path

import pytest

from postes.config import (
    DEFAULT_BASE_URL,
    ConfigError,
    load_settings,
    parse_duration,
    settings_from_mapping,
)

ROOT = Path(__file__).resolve().parents[1]


def test_example_config_loads_with_documented_defaults() -> None:
    settings = load_settings(ROOT / "config.example.toml", env={})

    assert settings.timezone.key == "Pacific/Noumea"
    assert settings.telegram.token is None
    assert settings.telegram.base_url == DEFAULT_BASE_URL
    assert settings.schedule.check_every == timedelta(minutes=10)
    assert settings.schedule.reminder_time == time(8, 0)
    assert settings.schedule.reminder_days == (7, 1)
    assert settings.sources[0].kind == "folder"


def test_environment_overrides_token_and_database(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[telegram]\ntoken = "from-file"\n[database]\nurl = "sqlite+aiosqlite:///a.db"\n'
    )

    settings = load_settings(
        path,
        env={
            "POSTES_TELEGRAM_TOKEN": "from-env",
            "POSTES_DATABASE_URL": "postgresql+asyncpg://x/y",
        },
    )

    assert settings.telegram.token == "from-env"
    assert settings.database_url == "postgresql+asyncpg://x/y"


def test_config_path_taken_from_postes_config_variable(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[telegram]\nbase_url = "http://127.0.0.1:9/bot"\n')

    settings = load_settings(env={"POSTES_CONFIG": str(path)})

    assert settings.telegram.base_url == "http://127.0.0.1:9/bot"


@pytest.mark.parametrize(("text", "expected"), [("30s", 30), ("10m", 600), ("1h", 3600)])
def test_durations_read_seconds_minutes_hours(text: str, expected: int) -> None:
    assert parse_duration(text) == timedelta(seconds=expected)


@pytest.mark.parametrize(
    "content",
    [
        'timezone = "Mars/Olympus"',
        '[schedule]\ncheck_every = "soon"',
        '[schedule]\nreminder_time = "8h"',
        "[schedule]\nreminder_days = [-1]",
        '[[sources]]\nkind = "ftp"',
        "this is = = not toml",
    ],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(content)

    with pytest.raises(ConfigError) as error:
        load_settings(path, env={})

    assert "\n" not in str(error.value)


def test_missing_config_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="introuvable"):
        load_settings(tmp_path / "absent.toml", env={})


def test_slack_settings_from_file_and_environment(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[slack]\nbot_token = "xoxb-file"\nsigning_secret = "s"\napi_url = "http://127.0.0.1:9/api"\n'
    )
    settings = load_settings(path, env={"POSTES_SLACK_BOT_TOKEN": "xoxb-env"})
    assert settings.slack.enabled
    assert settings.slack.bot_token == "xoxb-env"
    assert settings.slack.api_url == "http://127.0.0.1:9/api/"  # slack_sdk appends the method
    assert not load_settings(ROOT / "config.example.toml", env={}).slack.enabled
    env = {"POSTES_SLACK_CLIENT_ID": "1.2", "POSTES_SLACK_CLIENT_SECRET": "x",
           "POSTES_SLACK_APP_TOKEN": "xapp-1"}  # fmt: skip
    oauth = load_settings(None, env=env).slack
    assert oauth.oauth
    assert oauth.app_token == "xapp-1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('bot_token = "xoxb-1"', "signing_secret"),
        ('bot_token = "xoxb-1"\nsigning_secret = "s"\napi_url = "slack.com/api"', "api_url"),
        ('client_id = "1.2"\nsigning_secret = "s"', "client_secret"),
        ("bot_token = 3", "chaîne"),
    ],
)
def test_bad_slack_settings_are_refused_in_french(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f"[slack]\n{text}\n")
    with pytest.raises(ConfigError, match=message):
        load_settings(path, env={})


def test_metrics_token_from_the_file_or_the_environment() -> None:
    data = {"http": {"metrics_token": "from-file"}}

    assert settings_from_mapping(data, {}).http.metrics_token == "from-file"
    from_env = settings_from_mapping(data, {"POSTES_METRICS_TOKEN": "from-env"})
    assert from_env.http.metrics_token == "from-env"
    assert settings_from_mapping({}, {}).http.metrics_token is None
    with pytest.raises(ConfigError, match="metrics_token"):
        settings_from_mapping({"http": {"metrics_token": 123}}, {})


def test_webhook_secret_from_the_environment_wins_over_the_file() -> None:
    data = {"telegram": {"webhook_secret": "from-file"}}

    assert settings_from_mapping(data, {}).telegram.webhook_secret == "from-file"
    env = {"POSTES_TELEGRAM_WEBHOOK_SECRET": "from-env"}
    assert settings_from_mapping(data, env).telegram.webhook_secret == "from-env"


def test_reply_share_is_read_and_bounded_in_french() -> None:
    assert settings_from_mapping({}, {}).telegram.reply_share_per_second == 5
    data = {"telegram": {"reply_share_per_second": 2.5}}
    assert settings_from_mapping(data, {}).telegram.reply_share_per_second == 2.5
    for bad in (0, 31, "5", True):
        with pytest.raises(ConfigError, match="reply_share_per_second doit être un nombre"):
            settings_from_mapping({"telegram": {"reply_share_per_second": bad}}, {})
