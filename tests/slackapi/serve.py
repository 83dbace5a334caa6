"""Run the Slack double as a process: `python -m tests.slackapi.serve --channels 300`.

Prints its Web API URL on the first line; on SIGTERM, prints what it saw (`posted N 429s M`).
One workspace `T0BENCH` (token `xoxb-T0BENCH`) with channels `C00001`… the bot is a member of.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from tests.slackapi.server import SlackDouble
from tests.slackapi.state import SlackState

TEAM = "T0BENCH"


def channel_id(number: int) -> str:
    return f"C{number:05d}"


def main(channels: int) -> None:
    state = SlackState()
    state.add_workspace(TEAM)
    state.add_user(TEAM, "U0OWNER")
    for number in range(1, channels + 1):
        state.add_channel(TEAM, channel_id(number), creator="U0OWNER")
    done = threading.Event()

    def finish(signum: int, frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGTERM, finish)
    with SlackDouble(state) as double:
        sys.stdout.write(double.api_url + "\n")
        sys.stdout.flush()
        done.wait()
    sys.stdout.write(f"posted {len(state.posted)} 429s {state.rate_limited}\n")
    sys.stdout.flush()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--channels", type=int, default=300)
    main(parser.parse_args().channels)
