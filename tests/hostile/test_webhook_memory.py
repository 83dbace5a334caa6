"""Sixteen clients posting oversized bodies at once leave the webhook's memory flat.

The attack that took `postes run` from 89 MB to 1.56 GB: the bot runs as its own process and
its peak resident memory (VmHWM) is read from /proc before and after. Bodies are smaller here
than in `bench/bench_webhook.py` (16 MB, not 90), still 256 MB per wave if they were read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.botapi.double import FakeBotApi
from tests.hostile.webhook_client import SECRET_HEADER, post
from tests.hostile.webhook_process import PATH, bot_process, flood, free_port

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the bot's peak memory from /proc"
)

CLIENTS = 16
BODY = 16 * 1024 * 1024
SECRET = "s3cret-token"
# Connections and their buffers cost a few MB; reading the bodies would cost 256 MB a wave.
GROWTH_LIMIT_KB = 48 * 1024


async def test_concurrent_oversized_posts_leave_the_bot_memory_flat(tmp_path: Path) -> None:
    port = free_port()
    with bot_process(
        tmp_path,
        port=port,
        secret=SECRET,
        max_body_kb=1024,
        webhook_url=f"https://bot.example.nc{PATH}",
    ) as bot:
        before = bot.memory_kb()
        without_secret, _ = await flood(port, clients=CLIENTS, size=BODY)
        announced, _ = await flood(
            port, clients=CLIENTS, size=BODY, headers={SECRET_HEADER: SECRET}
        )
        streamed, _ = await flood(
            port, clients=CLIENTS, size=BODY, headers={SECRET_HEADER: SECRET}, announce_length=False
        )
        after = bot.memory_kb()
        update = FakeBotApi().message_update(4242, 4242, "/start")
        valid = await post(
            port, PATH, headers={SECRET_HEADER: SECRET}, body=[json.dumps(update).encode()]
        )

    # A refused client may see its connection reset before it reads the answer (None).
    assert set(without_secret) <= {403, None}, without_secret
    assert set(announced) <= {413, None}, announced
    assert set(streamed) <= {413, None}, streamed
    assert after["VmHWM"] - before["VmHWM"] < GROWTH_LIMIT_KB, (before, after)
    assert valid.status == 200
