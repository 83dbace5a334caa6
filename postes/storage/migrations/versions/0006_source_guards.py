"""Sources keep more state: a poll in progress, a Retry-After, what the last poll left
alone, and the document links that failed, each with its own back-off.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("source_states", sa.Column("poll_started_at", sa.DateTime(timezone=True)))
    op.add_column("source_states", sa.Column("retry_at", sa.DateTime(timezone=True)))
    op.add_column("source_states", sa.Column("skipped", sa.JSON()))
    op.create_table(
        "link_failures",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retry_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_link_failures"),
        sa.UniqueConstraint("source", "url", name="uq_link_failures_source_url"),
    )


def downgrade() -> None:
    op.drop_table("link_failures")
    with op.batch_alter_table("source_states") as batch_op:
        batch_op.drop_column("skipped")
        batch_op.drop_column("retry_at")
        batch_op.drop_column("poll_started_at")
