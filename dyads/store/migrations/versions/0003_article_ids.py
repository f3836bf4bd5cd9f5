"""Article ids of files read from directories became their path below the directory given ("a/story.txt"), where
they were the file's name alone ("story.txt"), so that two files of one name in two folders are two articles.

Revision ID: 0003
Revises: 0002

Every article stored before this revision is marked ``id_scheme`` 1 (named the old way), those stored after it 2.
No id is rewritten here — which directory was given when a file was ingested is not stored, so its new id cannot
be known — but the next ingest of the same file recognises its old row (same origin, id its file name, scheme 1)
and replaces it, so re-ingesting a directory leaves each of its files once, under its new id.
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:  # a plain ALTER TABLE ... ADD COLUMN on both back ends
        batch.add_column(sa.Column("id_scheme", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("id_scheme")
