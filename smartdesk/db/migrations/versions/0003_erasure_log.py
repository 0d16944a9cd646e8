"""erasure log: the UUIDs of people erased, deleted or anonymised (no names), re-applied after
a restore and sent to the GAL

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "erasure_log",
        sa.Column("person_uuid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("person_uuid", name=op.f("pk_erasure_log")),
    )


def downgrade() -> None:
    op.drop_table("erasure_log")
