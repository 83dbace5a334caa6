"""How the core's outcomes read on Slack, which has no passing toasts."""

from __future__ import annotations

from postes.conversation import messages
from postes.conversation.actions import NOT_ALLOWED
from postes.conversation.caller import DropPressed, Edit, Send, Toast
from postes.conversation.replies import Button, Reply
from postes.platforms.slack.outcomes import merged, with_note
from postes.platforms.slack.permissions import ONLY_MANAGERS

LIST = Reply("<b>Vos abonnements</b>", ((Button("Supprimer", data="sub:del:3"),),))


def test_a_passing_notice_joins_the_message_after_it() -> None:
    shown = merged([Toast("Abonnement n°3 supprimé."), Edit(LIST)])
    assert shown == [
        Edit(Reply("Abonnement n°3 supprimé.\n\n<b>Vos abonnements</b>", LIST.buttons))
    ]


def test_a_notice_to_acknowledge_or_alone_stays_on_its_own() -> None:
    alert = Toast("C'est noté.", alert=True)
    assert merged([alert, DropPressed()]) == [alert, DropPressed()]
    assert merged([Toast("C'est enregistré.")]) == [Toast("C'est enregistré.")]
    assert merged([Toast()]) == []  # a bare acknowledgement shows nothing


def test_in_the_app_home_replacements_are_left_out_but_notices_stay() -> None:
    assert merged([Toast("Abonnement n°3 en pause."), Edit(LIST)], edits=False) == [
        Toast("Abonnement n°3 en pause.")
    ]


def test_refusals_name_slacks_rule() -> None:
    assert merged([NOT_ALLOWED]) == [Send(Reply(ONLY_MANAGERS))]
    assert merged([Toast(messages.ADMINS_ONLY_SHORT, alert=True)]) == [
        Toast(ONLY_MANAGERS, alert=True)
    ]


def test_a_note_goes_under_the_last_message() -> None:
    assert with_note([Toast(), Send(Reply("créé"))], "invitez-moi") == [
        Toast(),
        Send(Reply("créé\n\ninvitez-moi")),
    ]
    assert with_note([], "invitez-moi") == [Send(Reply("invitez-moi"))]
