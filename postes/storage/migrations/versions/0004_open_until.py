"""Offers know the last day they are open, so undated notices close after a while.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UNDATED_OPEN_DAYS = 60  # as postes.offers.model, frozen here as this migration applied it

_offers = sa.table(
    "offers",
    sa.column("id", sa.Integer),
    sa.column("deadline", sa.Date),
    sa.column("published_on", sa.Date),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("open_until", sa.Date),
)


def upgrade() -> None:
    # A plain ADD COLUMN (no batch table copy) keeps the SQLite full-text triggers in place.
    op.add_column("offers", sa.Column("open_until", sa.Date(), nullable=True))
    bind = op.get_bind()
    rows: list[tuple[int, date | None, date | None, datetime]] = bind.execute(  # type: ignore[assignment]
        sa.select(_offers.c.id, _offers.c.deadline, _offers.c.published_on, _offers.c.created_at)
    ).all()
    for offer_id, deadline, published_on, created_at in rows:
        start: date = published_on or created_at.date()
        until = deadline or start + timedelta(days=UNDATED_OPEN_DAYS)
        bind.execute(_offers.update().where(_offers.c.id == offer_id).values(open_until=until))
    op.create_index("ix_offers_open_until", "offers", ["open_until"])
    if bind.dialect.name == "sqlite":
        # Search checks openness and sorts by deadline for every full-text match: one narrow
        # covering index answers both without reading whole rows.
        op.drop_index("ix_offers_id_deadline", table_name="offers")
        op.create_index("ix_offers_id_open_until", "offers", ["id", "open_until", "deadline"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_offers_id_open_until", table_name="offers")
        op.create_index("ix_offers_id_deadline", "offers", ["id", "deadline"])
    op.drop_index("ix_offers_open_until", table_name="offers")
    op.drop_column("offers", "open_until")
