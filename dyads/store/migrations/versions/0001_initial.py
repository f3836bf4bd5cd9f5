"""Articles and events, as dyads created them before migrations existed.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(512), primary_key=True),
        sa.Column("title", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("published", sa.Date()),
        sa.Column("outlet", sa.String(256)),
        sa.Column("url", sa.Text()),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("origin", sa.Text()),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("num_events", sa.Integer(), nullable=False),
    )
    for col in ("published", "outlet", "content_hash"):
        op.create_index(f"ix_articles_{col}", "articles", [col])
    op.create_table(
        "events",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("article_id", sa.String(512), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("sentence_index", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("trigger", sa.Text(), nullable=False),
        sa.Column("trigger_start", sa.Integer()),
        sa.Column("trigger_end", sa.Integer()),
        sa.Column("date", sa.Date()),
        sa.Column("date_precision", sa.String(16)),
        sa.Column("source_code", sa.String(64), nullable=False),
        sa.Column("source_country", sa.String(3)),
        sa.Column("source", sa.JSON(), nullable=False),
        sa.Column("target_code", sa.String(64)),
        sa.Column("target_country", sa.String(3)),
        sa.Column("target", sa.JSON()),
        sa.Column("attribution", sa.JSON()),
        sa.Column("cameo", sa.String(4), nullable=False),
        sa.Column("cameo_root", sa.String(2), nullable=False),
        sa.Column("quad_class", sa.Integer(), nullable=False),
        sa.Column("goldstein", sa.Float(), nullable=False),
        sa.Column("plover_event", sa.String(16), nullable=False),
        sa.Column("plover_mode", sa.String(32)),
        sa.Column("location", sa.JSON()),
        sa.Column("confidence", sa.Float(), nullable=False),
    )
    for col in ("article_id", "date", "source_code", "source_country", "target_code", "target_country", "cameo",
                "cameo_root", "quad_class"):
        op.create_index(f"ix_events_{col}", "events", [col])


def downgrade() -> None:
    op.drop_table("events")
    op.drop_table("articles")
