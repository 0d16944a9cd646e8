"""follow-up project: its owner and due date, set when a selected card becomes a project

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN of nullable columns: no table copy, the project cards stay linked.
    op.add_column("follow_up_project", sa.Column("owner", sa.String(length=200), nullable=True))
    op.add_column("follow_up_project", sa.Column("due_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("follow_up_project") as batch:
        batch.drop_column("due_date")
        batch.drop_column("owner")
