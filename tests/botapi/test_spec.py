"""The committed spec subset is current and enough to run the double without ../shared."""

from __future__ import annotations

import json

import pytest

from tests.botapi.double import FakeBotApi
from tests.botapi.make_subset import USED_METHODS, build_subset
from tests.botapi.spec import SHARED_SPEC, SUBSET_SPEC, load_spec, parse_spec


@pytest.mark.skipif(not SHARED_SPEC.is_file(), reason="shared Bot API checkout absent")
def test_committed_subset_matches_the_shared_spec() -> None:
    shared = json.loads(SHARED_SPEC.read_text(encoding="utf-8"))
    committed = json.loads(SUBSET_SPEC.read_text(encoding="utf-8"))
    assert committed == build_subset(shared), "run: python -m tests.botapi.make_subset"


def test_double_runs_on_the_subset_alone() -> None:
    api = FakeBotApi(spec=load_spec(SUBSET_SPEC), rate_limits=None)
    assert set(api.spec.methods) == set(USED_METHODS)
    markup = {"inline_keyboard": [[{"text": "Voir", "callback_data": "offre:1"}]]}
    assert api.handle("sendMessage", {"chat_id": 1, "text": "x", "reply_markup": markup})[0] == 200
    assert api.handle("getChat", {"chat_id": 1})[0] == 200
    assert api.handle("getChatMember", {"chat_id": 1, "user_id": 1})[0] == 200
    assert api.handle("getWebhookInfo", {})[0] == 200


def test_discriminator_values_are_read_from_descriptions() -> None:
    spec = parse_spec(json.loads(SUBSET_SPEC.read_text(encoding="utf-8")))
    assert spec.types["BotCommandScopeChat"].fixed_value("type") == "chat"
    assert spec.types["ChatMemberAdministrator"].fixed_value("status") == "administrator"
