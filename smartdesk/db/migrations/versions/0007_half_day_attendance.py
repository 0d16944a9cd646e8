"""full-day training sessions: a morning and an afternoon ticked apart (event.full_day, and the
half a person came for in registration.half_day)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from smartdesk.domain.half_days import looks_full_day

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs, not batch mode: a batch copy of event or registration would drop the
    # table the registrations (and their people) point at while foreign keys are on (see 0004).
    op.add_column("event", sa.Column("full_day", sa.Boolean(), nullable=False, server_default="0"))
    op.add_column("registration", sa.Column("half_day", sa.String(length=32), nullable=True))

    # The training sessions whose times span a lunch break become full days: the rule the
    # sign-in sheet already used for its two signatures. Their registrations keep half_day
    # NULL, which means "the whole session": a person present stays present morning and
    # afternoon, with the same hours. A GAL has a few thousand events: read them at once.
    conn = op.get_bind()
    event = sa.table(
        "event",
        sa.column("id", sa.Integer),
        sa.column("start", sa.DateTime),
        sa.column("end", sa.DateTime),
        sa.column("training_id", sa.Integer),
        sa.column("full_day", sa.Boolean),
    )
    rows = conn.execute(
        sa.select(event.c.id, event.c.start, event.c.end).where(event.c.training_id.is_not(None))
    ).all()
    full_days = [{"_id": row.id} for row in rows if looks_full_day(row.start, row.end)]
    if full_days:
        conn.execute(
            sa.update(event).where(event.c.id == sa.bindparam("_id")).values(full_day=True),
            full_days,
        )


def downgrade() -> None:
    with op.batch_alter_table("registration") as batch:
        batch.drop_column("half_day")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("full_day")
