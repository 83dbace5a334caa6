"""Chats record what they did about an offer (applied, not interested), which ends its
reminders.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("chat_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("offer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name="fk_decisions_chat_id_chats", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name="fk_decisions_offer_id_offers", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
        sa.UniqueConstraint("chat_id", "offer_id", name="uq_decisions_chat_offer"),
    )
    op.create_index("ix_decisions_chat_id", "decisions", ["chat_id"])
    op.create_index("ix_decisions_offer_id", "decisions", ["offer_id"])


def downgrade() -> None:
    op.drop_index("ix_decisions_offer_id", table_name="decisions")
    op.drop_index("ix_decisions_chat_id", table_name="decisions")
    op.drop_table("decisions")
