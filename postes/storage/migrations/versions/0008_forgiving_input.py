"""Forgiving input: `lieu:` filters, "any of these words" subscriptions, pending questions.

Offers get the stems of their workplace (backfilled here with the same function the code
uses), subscriptions their places and whether one keyword is enough, chats the question
they were asked and have not answered yet.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from postes.offers.matching import place_terms

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_BATCH = 500


def _backfill_workplace_terms() -> None:
    connection = op.get_bind()
    offers = sa.table(
        "offers",
        sa.column("id", sa.Integer),
        sa.column("workplace", sa.Text),
        sa.column("workplace_terms", sa.Text),
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(offers.c.id, offers.c.workplace)
            .where(offers.c.id > last, offers.c.workplace.is_not(None))
            .order_by(offers.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for offer_id, workplace in rows:
            connection.execute(
                offers.update()
                .where(offers.c.id == offer_id)
                .values(workplace_terms=" ".join(place_terms(str(workplace))))
            )
        last = rows[-1][0]


def upgrade() -> None:
    op.add_column(
        "offers", sa.Column("workplace_terms", sa.Text(), nullable=False, server_default="")
    )
    op.add_column(
        "subscriptions", sa.Column("places", sa.JSON(), nullable=False, server_default="[]")
    )
    op.add_column(
        "subscriptions",
        sa.Column("any_keywords", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("chats", sa.Column("pending", sa.JSON()))
    _backfill_workplace_terms()


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+ has it): a batch rebuild of chats or subscriptions would
    # drop the table, and with foreign keys on, every subscription, term and follow with it.
    op.drop_column("chats", "pending")
    op.drop_column("subscriptions", "any_keywords")
    op.drop_column("subscriptions", "places")
    op.drop_column("offers", "workplace_terms")
