"""Which roles a process leads, as /metrics reports them, from the leases it holds."""

from __future__ import annotations

from postes.web.leadership import ROLES, LeasedRoles, SoleLeader


def test_a_lone_process_leads_every_role() -> None:
    assert all(SoleLeader().leads(role) for role in ROLES)


def test_roles_follow_the_leases_held_and_webhook_updates_need_none() -> None:
    held = {"scheduler"}
    roles = LeasedRoles(
        held.__contains__, {"scheduler": "scheduler", "sender": "sender:42", "updates": None}
    )

    before = {role: roles.leads(role) for role in ROLES}
    held.add("sender:42")
    held.discard("scheduler")
    after = {role: roles.leads(role) for role in ROLES}

    assert before == {"updates": True, "scheduler": True, "sender": False}
    assert after == {"updates": True, "scheduler": False, "sender": True}


def test_a_role_the_process_does_not_have_is_never_led() -> None:
    roles = LeasedRoles(lambda lease: True, {"updates": "updates:42"})

    assert roles.leads("updates")
    assert not roles.leads("scheduler")
    assert not roles.leads("sender")
