"""Offers say how each field was read, the deadline's hour, and whether to check them;
operators' corrections live apart, so that re-ingesting a notice cannot undo them.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (no batch table copy) keep the SQLite full-text triggers in place.
    op.add_column("offers", sa.Column("deadline_time", sa.String(5), nullable=True))
    op.add_column(
        "offers",
        sa.Column("no_deadline", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("offers", sa.Column("found", sa.JSON(), nullable=True))
    op.add_column("offers", sa.Column("review", sa.Text(), nullable=True))
    op.create_table(
        "corrections",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("offer_id", sa.BigInteger(), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name="fk_corrections_offer_id_offers",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_corrections"),
        sa.UniqueConstraint("offer_id", "field", name="uq_corrections_offer_field"),
    )


def downgrade() -> None:
    op.drop_table("corrections")
    op.drop_column("offers", "review")
    op.drop_column("offers", "found")
    op.drop_column("offers", "no_deadline")
    op.drop_column("offers", "deadline_time")
