"""Reviews: human judgments of stored events and events the coder missed; the confidence features of each event.

Revision ID: 0004
Revises: 0002

(0003 is another branch's migration; when both are merged, this one is re-chained onto it.)
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("features", sa.JSON(), nullable=True))
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("event_id", sa.String(32)),
        sa.Column("article_id", sa.String(512), nullable=False),
        sa.Column("sentence_index", sa.Integer()),
        sa.Column("sentence", sa.Text()),
        sa.Column("trigger", sa.Text()),
        sa.Column("trigger_start", sa.Integer()),
        sa.Column("trigger_end", sa.Integer()),
        sa.Column("source", sa.JSON()),
        sa.Column("target", sa.JSON()),
        sa.Column("cameo", sa.String(4)),
        sa.Column("confidence", sa.Float()),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("error_class", sa.String(32)),
        sa.Column("correction", sa.JSON()),
        sa.Column("reviewer", sa.String(100), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("event_status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    for col in ("kind", "event_id", "article_id", "verdict", "reviewer"):
        op.create_index(f"ix_reviews_{col}", "reviews", [col])
    op.create_index("ix_reviews_event_reviewer", "reviews", ["event_id", "reviewer"])


def downgrade() -> None:
    op.drop_table("reviews")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("features")
