"""Database tables, SQLAlchemy 2 typed style. Every datetime is timezone-aware UTC."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Explicit constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BigInteger autoincrement is not a rowid alias on SQLite; this variant keeps both happy.
Id = BigInteger().with_variant(Integer(), "sqlite")
UtcDateTime = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class OfferRow(Base):
    """A parsed vacancy notice. `reference` or `content_hash` identifies it on re-ingest."""

    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(64), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    reference_date: Mapped[date | None] = mapped_column(Date)
    employer: Mapped[str | None] = mapped_column(String(200))
    direction: Mapped[str | None] = mapped_column(Text)
    # [{"name", "grade", "speciality", "category"}], as offers.model.Corps
    corps: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    posts: Mapped[int] = mapped_column(Integer, default=1)
    workplace: Mapped[str | None] = mapped_column(Text)
    published_on: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    # Offer.open_until, set on every save: "open" everywhere means open_until >= today.
    open_until: Mapped[date | None] = mapped_column(Date, index=True)
    initial_deadline: Mapped[date | None] = mapped_column(Date)
    start_date: Mapped[date | None] = mapped_column(Date)
    start_text: Mapped[str | None] = mapped_column(Text)
    residence: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    unreadable: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # "15:00" when the notice gives the hour applications close.
    deadline_time: Mapped[str | None] = mapped_column(String(5))
    # The notice says applications are read as they come ("au fil de l'eau"): no deadline.
    no_deadline: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Field -> how it was read: "label", "sentence", "table", "inferred" or "corrected".
    found: Mapped[dict[str, str] | None] = mapped_column(JSON, default=dict)
    # Why an operator should check the offer (no deadline found in a notice that asks for
    # applications), or None.
    review: Mapped[str | None] = mapped_column(Text)
    # Folded, stemmed words (offers.text.index_text) that the full-text index covers.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # What search ranks and filters on (migration 0002, written by storage.search):
    # stems of the title; terms of the employer; a JSON list with the terms of each corps.
    title_terms: Mapped[str] = mapped_column(Text, default="")
    employer_terms: Mapped[str] = mapped_column(Text, default="")
    corps_terms: Mapped[str] = mapped_column(Text, default="[]")
    # Stems of the workplace, which `lieu:` filters look at (migration 0008).
    workplace_terms: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    changes: Mapped[list[OfferChangeRow]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", passive_deletes=True
    )


class CorrectionRow(Base):
    """An operator's value for one field of an offer; it wins over every re-parse."""

    __tablename__ = "corrections"
    __table_args__ = (UniqueConstraint("offer_id", "field", name="uq_corrections_offer_field"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    offer_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("offers.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(32))  # "deadline", "title", "employer"…
    value: Mapped[str] = mapped_column(Text)  # as stored in the offer: ISO date, text
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OfferChangeRow(Base):
    """A change of a notice worth telling users about, e.g. an extended deadline."""

    __tablename__ = "offer_changes"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(32))  # "deadline"
    old_value: Mapped[str | None] = mapped_column(String(64))  # ISO date
    new_value: Mapped[str | None] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Set once the change's notices are in the outbox, so a re-run never enqueues twice.
    notified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    offer: Mapped[OfferRow] = relationship(back_populates="changes")


class DocumentRow(Base):
    """Every document a source delivered: ingested once, or kept aside with its reason."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("source", "uri", name="uq_documents_source_uri"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    source: Mapped[str] = mapped_column(String(500))  # SourceSettings.key, or "cli"
    uri: Mapped[str] = mapped_column(Text)  # path or URL
    content_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the raw bytes
    status: Mapped[str] = mapped_column(
        String(16)
    )  # "stored" | "updated" | "unchanged" | "rejected"
    reason: Mapped[str | None] = mapped_column(Text)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="SET NULL"))
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SourceStateRow(Base):
    """What we know of a polled source: HTTP validators and the last poll."""

    __tablename__ = "source_states"

    key: Mapped[str] = mapped_column(String(500), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_poll_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_ok_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Set while a poll of the source runs (migration 0006), so the status shows a slow one.
    poll_started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The site asked us to come back later (Retry-After): no poll before then.
    retry_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # [{"name", "reason"}]: files or links the last poll left alone, names already escaped.
    skipped: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)


class LinkFailureRow(Base):
    """A document link of a page that failed to download: retried after a growing delay."""

    __tablename__ = "link_failures"
    __table_args__ = (UniqueConstraint("source", "url", name="uq_link_failures_source_url"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    source: Mapped[str] = mapped_column(String(500))  # SourceSettings.key
    url: Mapped[str] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer)  # in a row
    last_error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    retry_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ChatRow(Base):
    """A conversation the bot serves: a private user, a group or a channel.

    Foreign keys use `id`; the platform knows the chat as (platform, workspace, external_id):
    Slack channel ids ("C0123ABCD") are unique only inside their workspace ("T0123ABCD"),
    Telegram's ids (as text) are global and their workspace is "".
    """

    __tablename__ = "chats"
    __table_args__ = (
        UniqueConstraint(
            "platform", "workspace", "external_id", name="uq_chats_platform_workspace_ext"
        ),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16), default="telegram")
    # Migration 0007; NOT NULL so that the unique key holds (NULLs never collide).
    workspace: Mapped[str] = mapped_column(String(64), default="", server_default="")
    external_id: Mapped[str] = mapped_column(String(64))  # Telegram chat id as text
    kind: Mapped[str] = mapped_column(String(16), default="private")  # private|group|channel
    title: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    reminder_days: Mapped[list[int]] = mapped_column(JSON, default=lambda: [7, 1])
    digest_hour: Mapped[int | None] = mapped_column(Integer)  # None: instant alerts
    quiet_start: Mapped[int | None] = mapped_column(Integer)  # minutes after local midnight
    quiet_end: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deactivated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A question waiting for a typed answer (migration 0008), e.g. the keywords of a guided
    # subscription: {"kind": "keywords", "employer": …, "corps": …, "at": ISO time}. Kept
    # here, not in memory, so commands typed meanwhile or a restart do not lose it.
    pending: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    subscriptions: Mapped[list[SubscriptionRow]] = relationship(
        back_populates="chat", cascade="all, delete-orphan", passive_deletes=True
    )


class SubscriptionRow(Base):
    """Any combination of employers, corps and keywords; empty lists match everything."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    employers: Mapped[list[str]] = mapped_column(JSON, default=list)  # canonical names
    corps: Mapped[list[str]] = mapped_column(JSON, default=list)  # canonical names
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)  # as typed
    # Workplaces (`lieu:`), as typed; any may match (migration 0008).
    places: Mapped[list[str]] = mapped_column(JSON, default=list)
    # One keyword is enough (`informatique OU réseaux`) instead of all of them.
    any_keywords: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    chat: Mapped[ChatRow] = relationship(back_populates="subscriptions")
    terms: Mapped[list[SubscriptionTermRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class SubscriptionTermRow(Base):
    """Index of subscriptions by term, so matching costs grow with matches, not subscriptions.

    Each subscription is indexed under one anchor term (its most selective one); matching
    fetches subscriptions whose anchor the offer contains, then checks them in full.
    """

    __tablename__ = "subscription_terms"
    __table_args__ = (Index("ix_subscription_terms_kind_term", "kind", "term"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # "employer" | "corps" | "keyword" | "all"
    term: Mapped[str] = mapped_column(String(200))  # folded / stemmed


class FollowRow(Base):
    """An offer a chat asked to be reminded of explicitly."""

    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("chat_id", "offer_id", name="uq_follows_chat_offer"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DecisionRow(Base):
    """What a chat did about an offer: "applied" or "dismissed". Either ends its reminders."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("chat_id", "offer_id", name="uq_decisions_chat_offer"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OutboxRow(Base):
    """A message owed to a chat. The unique key makes enqueueing idempotent across restarts.

    `kind` says what it is: "alert", "reminder:7", "extension:2025-08-29", "digest:2025-08-01".
    A row is marked sent only after the platform accepted the message.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("chat_id", "offer_id", "kind", name="uq_outbox_chat_offer_kind"),
        Index("ix_outbox_status_due", "status", "due_at"),
        Index("ix_outbox_platform_status_due", "platform", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    # The chat's platform and workspace (migration 0007), copied when enqueued: a sender
    # claims only the rows of the platforms it serves.
    platform: Mapped[str] = mapped_column(String(16), default="telegram", server_default="telegram")
    workspace: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # 0 for messages not about one offer (digests), so the unique key still holds on NULL-less
    # columns in both SQLite and PostgreSQL.
    offer_id: Mapped[int] = mapped_column(BigInteger, default=0)
    kind: Mapped[str] = mapped_column(String(48))
    # pending|sent|failed|dropped; "held" waits for the chat's digest, "in_digest" is in a
    # digest not sent yet, "included" went out in one.
    status: Mapped[str] = mapped_column(String(16), default="pending")
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    message_id: Mapped[str | None] = mapped_column(String(64))
    # A sender claims a pending row for a while (migration 0003) so two senders never send
    # it both; a crashed sender's claim simply expires and the row is sent again.
    claimed_by: Mapped[str | None] = mapped_column(String(32), index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)


class WorkerRow(Base):
    """A running `postes run` process (migration 0011): its heartbeat says it is alive.

    Outbox rows claimed by a worker whose heartbeat is stale are released at once.
    """

    __tablename__ = "workers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    roles: Mapped[str] = mapped_column(String(100))  # "scheduler,sender,updates"
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LeaseRow(Base):
    """Who leads a role ("scheduler", "sender:<bot id>", "updates:<bot id>") and until when."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(32))  # WorkerRow.id
    acquired_at: Mapped[datetime] = mapped_column(UtcDateTime)
    renewed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProcessedUpdateRow(Base):
    """A Telegram update already handled: a retried webhook delivery is handled once."""

    __tablename__ = "processed_updates"

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class JobRunRow(Base):
    """The scheduler's last runs of one job (migration 0010), so any process can tell
    whether the jobs are alive (`/readyz`, `/metrics`) whichever process runs them."""

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)  # "deliver", "poll-sources"…
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    succeeded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    runner: Mapped[str | None] = mapped_column(String(200))  # "host:pid" of the last run
