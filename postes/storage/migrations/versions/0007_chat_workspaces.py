"""Chats and outbox rows carry their platform's workspace; the outbox its platform too.

A Slack channel id is unique only inside its workspace (team), so a chat is known by
(platform, workspace, external id); Telegram's chats have the empty workspace. Outbox rows
copy their chat's platform and workspace, so a sender claims only the rows it can deliver.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _referencing(table: str) -> list[str]:
    """Tables whose rows hang off `table` through foreign keys, parents before children."""
    inspector = sa.inspect(op.get_bind())
    parents = {
        name: {fk["referred_table"] for fk in inspector.get_foreign_keys(name)}
        for name in inspector.get_table_names()
    }
    found: list[str] = []
    frontier = [table]
    while frontier:
        current = frontier.pop(0)
        for name, referred in sorted(parents.items()):
            if current in referred and name not in found and name != table:
                found.append(name)
                frontier.append(name)
    return found


def _rebuild_chats(change: Callable[[], None]) -> None:
    """Run a change that makes SQLite rebuild `chats`, keeping the rows that reference it.

    SQLite rebuilds a table to change a constraint, and dropping the old table runs its
    ON DELETE actions (foreign keys are on, and cannot be switched off inside the migration's
    transaction): subscriptions, follows and the outbox would be emptied. They are copied
    aside and put back. PostgreSQL alters in place.
    """
    if op.get_bind().dialect.name != "sqlite":
        change()
        return
    tables = _referencing("chats")
    for name in tables:
        op.execute(f'CREATE TEMP TABLE "keep_{name}" AS SELECT * FROM "{name}"')
    change()
    for name in reversed(tables):
        op.execute(f'DELETE FROM "{name}"')
    for name in tables:
        op.execute(f'INSERT INTO "{name}" SELECT * FROM "keep_{name}"')
        op.execute(f'DROP TABLE "keep_{name}"')


def _key_chats_by_workspace() -> None:
    with op.batch_alter_table("chats", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("workspace", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.drop_constraint("uq_chats_platform_ext", type_="unique")
        batch_op.create_unique_constraint(
            "uq_chats_platform_workspace_ext", ["platform", "workspace", "external_id"]
        )


def _key_chats_globally() -> None:
    with op.batch_alter_table("chats", schema=None) as batch_op:
        batch_op.drop_constraint("uq_chats_platform_workspace_ext", type_="unique")
        batch_op.create_unique_constraint("uq_chats_platform_ext", ["platform", "external_id"])
        batch_op.drop_column("workspace")


def upgrade() -> None:
    _rebuild_chats(_key_chats_by_workspace)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("platform", sa.String(length=16), nullable=False, server_default="telegram")
        )
        batch_op.add_column(
            sa.Column("workspace", sa.String(length=64), nullable=False, server_default="")
        )
    # Rows already queued belong to their chat's platform (all Telegram so far, but say so).
    op.execute(
        "UPDATE outbox SET platform = (SELECT chats.platform FROM chats"
        " WHERE chats.id = outbox.chat_id)"
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outbox_platform_status_due", ["platform", "status", "due_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_platform_status_due")
        batch_op.drop_column("workspace")
        batch_op.drop_column("platform")
    _rebuild_chats(_key_chats_globally)
