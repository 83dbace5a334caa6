"""slack-manifest.yml asks for what the app uses: its command, events, scopes and URLs."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

from postes.platforms.slack.commands import SLASH
from postes.platforms.slack.events import BOT_EVENTS
from postes.platforms.slack.oauth import SCOPES
from postes.platforms.slack.web import EVENTS_PATH, REDIRECT_PATH

MANIFEST = Path(__file__).resolve().parents[2] / "slack-manifest.yml"


def test_manifest_matches_the_app() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    features, settings = manifest["features"], manifest["settings"]
    [command] = features["slash_commands"]
    assert command["command"] == SLASH
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(SCOPES)
    assert sorted(settings["event_subscriptions"]["bot_events"]) == sorted(BOT_EVENTS)
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    urls = [
        command["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]
    assert {urlsplit(url).path for url in urls} == {EVENTS_PATH}
    [redirect] = manifest["oauth_config"]["redirect_urls"]
    assert urlsplit(redirect).path == REDIRECT_PATH
    assert len(command["description"]) <= 100  # Slack's limit on a command's description
