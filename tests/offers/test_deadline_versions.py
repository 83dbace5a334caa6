from datetime import date

import pytest

from postes.offers.deadline_versions import describe_move, judge_deadline

DEC = {day: date(2026, 12, day) for day in range(1, 32)}


@pytest.mark.parametrize(
    ("current", "copy", "cited", "seen", "verdict"),
    [
        # The case: 04/12, extended to 11/12, then the original read again.
        (DEC[11], DEC[4], None, {DEC[4], DEC[11]}, "old_copy"),
        # The amended notice arrived first; the original cites nothing and is old.
        (DEC[11], DEC[4], None, {DEC[11], DEC[4]}, "old_copy"),
        # After an announced shortening to 08/12, the extension copy is old too.
        (DEC[8], DEC[11], DEC[4], {DEC[4], DEC[11], DEC[8]}, "old_copy"),
        (DEC[4], DEC[11], DEC[4], {DEC[4]}, "extended"),
        (DEC[4], DEC[11], None, {DEC[4]}, "extended"),
        (DEC[11], DEC[8], DEC[11], {DEC[4], DEC[11]}, "shortened"),
        # An extension withdrawn, announced against the deadline in force.
        (DEC[11], DEC[4], DEC[11], {DEC[4], DEC[11]}, "shortened"),
        (DEC[11], DEC[8], None, {DEC[11]}, "unannounced_earlier"),
        # Citing a date is no announcement of a shortening when it is the earlier one.
        (DEC[11], DEC[8], DEC[1], {DEC[11]}, "unannounced_earlier"),
        (None, DEC[11], None, set(), "set"),
        (DEC[11], None, None, {DEC[11]}, "removed"),
        (DEC[11], DEC[11], DEC[4], {DEC[4], DEC[11]}, "same"),
    ],
)
def test_copy_is_judged_by_the_deadlines_the_offer_had(
    current: date | None, copy: date | None, cited: date | None, seen: set[date], verdict: str
) -> None:
    assert judge_deadline(current=current, copy=copy, cited=cited, seen=seen) == verdict


def test_move_is_described_from_the_first_deadline() -> None:
    assert describe_move(DEC[4], DEC[11]) == "prolongée"
    assert describe_move(DEC[11], DEC[8]) == "avancée"
