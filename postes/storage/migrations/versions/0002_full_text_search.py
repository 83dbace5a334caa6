"""full-text search over offers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 14:00:00

SQLite gets an FTS5 external-content table kept in sync by triggers; PostgreSQL gets a
stored, weighted tsvector column with a GIN index. Both index the stems that
`postes.storage.search` writes into the offers row, so the database never has to know
how French words are folded. Keep the column list and weights in step with search.py.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_COLUMNS = ("title_terms", "employer_terms", "corps_terms", "search_text")

# The FTS5 tokenizer sees only [a-z0-9] words separated by spaces or JSON punctuation.
# Every query term is a prefix; prefix indexes up to 8 characters answer `inf`, `budget`,
# `direct` without merging the doclists of every longer word (2x faster on common stems,
# for an index about 1.6x larger).
_SQLITE_FTS = f"""
CREATE VIRTUAL TABLE offers_fts USING fts5(
    {", ".join(_COLUMNS)},
    content='offers', content_rowid='id',
    tokenize='unicode61', prefix='2 3 4 5 6 7 8'
)
"""
_NEW = ", ".join(f"new.{c}" for c in _COLUMNS)
_OLD = ", ".join(f"old.{c}" for c in _COLUMNS)
_SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER offers_fts_insert AFTER INSERT ON offers BEGIN
        INSERT INTO offers_fts(rowid, {", ".join(_COLUMNS)}) VALUES (new.id, {_NEW});
    END""",
    f"""CREATE TRIGGER offers_fts_delete AFTER DELETE ON offers BEGIN
        INSERT INTO offers_fts(offers_fts, rowid, {", ".join(_COLUMNS)})
        VALUES ('delete', old.id, {_OLD});
    END""",
    # Only when indexed columns change: a deadline update must not rewrite the index.
    f"""CREATE TRIGGER offers_fts_update AFTER UPDATE OF {", ".join(_COLUMNS)} ON offers BEGIN
        INSERT INTO offers_fts(offers_fts, rowid, {", ".join(_COLUMNS)})
        VALUES ('delete', old.id, {_OLD});
        INSERT INTO offers_fts(rowid, {", ".join(_COLUMNS)}) VALUES (new.id, {_NEW});
    END""",
)

# Weights: A title, B employer, C corps, D every word. Queries restrict filters to B or C.
_POSTGRES_VECTOR = """
ALTER TABLE offers ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title_terms), 'A')
    || setweight(to_tsvector('simple', employer_terms), 'B')
    || setweight(to_tsvector('simple', corps_terms), 'C')
    || setweight(to_tsvector('simple', search_text), 'D')
) STORED
"""


def upgrade() -> None:
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title_terms", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("employer_terms", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("corps_terms", sa.Text(), nullable=False, server_default="[]")
        )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(_SQLITE_FTS)
        for trigger in _SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO offers_fts(offers_fts) VALUES ('rebuild')")
        # Search joins every match to its deadline: this narrow index answers that without
        # reading whole offer rows (bodies included), which made common words 2-3x slower.
        op.create_index("ix_offers_id_deadline", "offers", ["id", "deadline"])
    else:
        op.execute(_POSTGRES_VECTOR)
        op.execute("CREATE INDEX ix_offers_search_vector ON offers USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS offers_fts_{name}")
        op.execute("DROP TABLE IF EXISTS offers_fts")
        op.drop_index("ix_offers_id_deadline", table_name="offers")
    else:
        op.execute("DROP INDEX IF EXISTS ix_offers_search_vector")
        op.execute("ALTER TABLE offers DROP COLUMN IF EXISTS search_vector")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_column("corps_terms")
        batch_op.drop_column("employer_terms")
        batch_op.drop_column("title_terms")
