"""person sort key: one alphabetical order for SQL pages and whole lists; name keys refolded
(letters with a stroke and ligatures: Ørsted, Łukasz, Œuvray)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from smartdesk.domain.text import person_name_key, person_sort_key

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHUNK = 2000


def upgrade() -> None:
    # A plain ADD COLUMN, not batch mode: batch would copy the person table, and with foreign
    # keys on, dropping the old copy fails on the registrations that point at it. SQLite needs a
    # server default to add a NOT NULL column; it stays (harmless: every writer sets the key).
    op.add_column(
        "person", sa.Column("sort_key", sa.String(length=410), nullable=False, server_default="")
    )
    # Covering the list and its search (see models.Person): the index alone answers them.
    op.create_index(
        "ix_person_list", "person", ["sort_key", "id", "name_key", "email_key"], unique=False
    )

    # Fill the new key and refold name_key (normalize_name now spells out ø, ł, œ, æ …), in
    # chunks so a GAL's 50,000 people never sit twice in memory.
    conn = op.get_bind()
    person = sa.table(
        "person",
        sa.column("id", sa.Integer),
        sa.column("first_name", sa.String),
        sa.column("last_name", sa.String),
        sa.column("anonymised", sa.Boolean),
        sa.column("name_key", sa.String),
        sa.column("sort_key", sa.String),
    )
    update = (
        sa.update(person)
        .where(person.c.id == sa.bindparam("_id"))
        .values(name_key=sa.bindparam("_name"), sort_key=sa.bindparam("_sort"))
    )
    last_id = 0
    while True:
        rows = conn.execute(
            sa.select(
                person.c.id,
                person.c.first_name,
                person.c.last_name,
                person.c.anonymised,
                person.c.name_key,
            )
            .where(person.c.id > last_id)
            .order_by(person.c.id)
            .limit(_CHUNK)
        ).all()
        if not rows:
            break
        last_id = rows[-1].id
        conn.execute(
            update,
            [
                {
                    "_id": row.id,
                    # Anonymised people keep their empty name key: nobody must find them by name.
                    "_name": row.name_key
                    if row.anonymised
                    else person_name_key(row.first_name, row.last_name),
                    "_sort": person_sort_key(row.first_name, row.last_name, bool(row.anonymised)),
                }
                for row in rows
            ],
        )


def downgrade() -> None:
    op.drop_index("ix_person_list", table_name="person")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("sort_key")
