"""Requests as Slack sends them to the app: slash commands, events, interactions, signed.

Signatures are made with slack_sdk's `SignatureVerifier.generate_signature` (v0 HMAC-SHA256
of `v0:{timestamp}:{body}` with the signing secret), exactly what bolt verifies.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

SIGNING_SECRET = "test-signing-secret"


def signed_headers(
    body: str,
    *,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature or "",
    }


def slash_command(
    text: str,
    *,
    team: str,
    channel: str,
    user: str,
    response_url: str,
    channel_name: str = "general",
) -> str:
    """The form body of `/postes <text>`."""
    return urlencode(
        {
            "token": "deprecated",
            "team_id": team,
            "team_domain": team.lower(),
            "channel_id": channel,
            "channel_name": "directmessage" if channel.startswith("D") else channel_name,
            "user_id": user,
            "user_name": user.lower(),
            "command": "/postes",
            "text": text,
            "api_app_id": "A0POSTES",
            "response_url": response_url,
            "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        }
    )


def block_action(
    value: str,
    *,
    team: str,
    channel: str,
    user: str,
    response_url: str,
    block_id: str = "0|",
    action_id: str = "postes:0:0",
    ephemeral: bool = True,
    message: dict[str, Any] | None = None,
) -> str:
    """The form body of a button press (`payload=` JSON)."""
    container: dict[str, Any] = {
        "type": "message",
        "channel_id": channel,
        "is_ephemeral": ephemeral,
    }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": team, "domain": team.lower()},
        "user": {"id": user, "team_id": team},
        "api_app_id": "A0POSTES",
        "container": container,
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "channel": {"id": channel},
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": block_id,
                "value": value,
                "action_ts": "1700000000.000001",
            }
        ],
    }
    if message is not None:
        payload["message"] = message
        container["message_ts"] = message.get("ts")
    return urlencode({"payload": json.dumps(payload)})


def home_action(
    value: str, *, team: str, user: str, view: dict[str, Any], block_id: str, action_id: str
) -> str:
    """The form body of a button press in the App Home: no channel, no response_url."""
    payload = {
        "type": "block_actions", "team": {"id": team}, "user": {"id": user, "team_id": team},
        "api_app_id": "A0POSTES", "trigger_id": "1.2.3",
        "container": {"type": "view", "view_id": "V1"},
        "view": {"id": "V1", "type": "home", "team_id": team, **view},
        "actions": [{"type": "button", "action_id": action_id, "block_id": block_id,
                     "value": value, "action_ts": "1700000000.000002"}],
    }  # fmt: skip
    return urlencode({"payload": json.dumps(payload)})


def view_submission(
    values: dict[str, Any], *, team: str, user: str, callback_id: str, private_metadata: str
) -> str:
    payload = {
        "type": "view_submission",
        "team": {"id": team},
        "user": {"id": user, "team_id": team},
        "api_app_id": "A0POSTES",
        "trigger_id": "1.2.3",
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": callback_id,
            "team_id": team,
            "private_metadata": private_metadata,
            "state": {"values": values},
        },
    }
    return urlencode({"payload": json.dumps(payload)})


def event(inner: dict[str, Any], *, team: str) -> str:
    """The JSON body of an Events API callback."""
    return json.dumps(
        {
            "token": "deprecated",
            "team_id": team,
            "api_app_id": "A0POSTES",
            "type": "event_callback",
            "event_id": f"Ev{abs(hash(json.dumps(inner, sort_keys=True))) % 10**10}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "is_bot": True}],
            "event": inner,
        }
    )
