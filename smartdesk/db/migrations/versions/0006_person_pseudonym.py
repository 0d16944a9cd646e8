"""person: the pseudonymous key a commune sends for people who may not be named, so the GAL
recognises the same person across communes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column and its index: no table copy.
    op.add_column("person", sa.Column("pseudonym", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_person_pseudonym"), "person", ["pseudonym"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_person_pseudonym"), table_name="person")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("pseudonym")
