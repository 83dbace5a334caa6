"""Regenerate `api_subset.json`: the part of the Bot API spec the bot and its tests use.

Run `python -m tests.botapi.make_subset` after updating /work/shared/telegram-bot-api.
Parameter types are kept transitively (the double validates requests deeply); returned types
are kept through their required fields only, which is all `ApiSpec.skeleton` needs, so the
subset does not drag in the whole `Message` graph.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.botapi.spec import SHARED_SPEC, SUBSET_SPEC

USED_METHODS = (
    "getMe",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "setMyCommands",
    "deleteMyCommands",
    "getMyCommands",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "sendDocument",
    "getChat",
    "getChatMember",
    "getChatAdministrators",
    "deleteMessage",
    "logOut",
    "close",
)
# Response builders and update factories need these beyond what the methods reference.
EXTRA_RESULT_TYPES = ("Update", "Message", "CallbackQuery", "Document")
_PRIMITIVES = {"Integer", "Float", "String", "Boolean", "True", "InputFile"}


def _base_types(type_expr: str) -> str:
    return re.sub(r"^(Array of )+", "", type_expr)


def _collect(raw: dict[str, Any], roots: list[str], *, required_only: bool, keep: set[str]) -> None:
    pending = list(roots)
    while pending:
        name = _base_types(pending.pop())
        if name in _PRIMITIVES or name in keep:
            continue
        keep.add(name)
        spec = raw["types"][name]
        pending.extend(spec.get("subtypes", []))
        for field in spec.get("fields", []):
            if field["required"] or not required_only:
                pending.extend(field["types"])


def build_subset(raw: dict[str, Any]) -> dict[str, Any]:
    """Return a spec document restricted to `USED_METHODS` and the types they need."""
    methods = {name: raw["methods"][name] for name in USED_METHODS}
    keep: set[str] = set()
    params = [t for m in methods.values() for f in m.get("fields", []) for t in f["types"]]
    _collect(raw, params, required_only=False, keep=keep)
    results = [t for m in methods.values() for t in m.get("returns", [])]
    _collect(raw, [*results, *EXTRA_RESULT_TYPES], required_only=True, keep=keep)
    return {
        "version": raw["version"],
        "release_date": raw.get("release_date"),
        "changelog": raw.get("changelog"),
        "note": "Subset of api.json; see tests/botapi/make_subset.py. MIT, LICENSE.api_subset.",
        "methods": methods,
        "types": {name: raw["types"][name] for name in sorted(keep)},
    }


def main() -> None:
    raw = json.loads(SHARED_SPEC.read_text(encoding="utf-8"))
    subset = build_subset(raw)
    SUBSET_SPEC.write_text(json.dumps(subset, indent=1, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
