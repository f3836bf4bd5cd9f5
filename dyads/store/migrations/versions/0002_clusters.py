"""Event clusters (one real-world event, many reports), actors, actor offsets and the event's place country.

Revision ID: 0002
Revises: 0001

Existing events are assigned to clusters by :func:`dyads.store.db.migrate` right after this upgrade (the clustering
is Python code, not SQL).
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NEW_EVENT_COLUMNS = (("source_start", sa.Integer()), ("source_end", sa.Integer()), ("target_start", sa.Integer()),
                     ("target_end", sa.Integer()), ("location_country", sa.String(3)), ("cluster_id", sa.Integer()))


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:  # plain ALTER TABLE ... ADD COLUMN on both back ends
        for name, type_ in NEW_EVENT_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
    op.create_index("ix_events_cluster_id", "events", ["cluster_id"])
    op.create_table(
        "actors",
        sa.Column("code", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text()),
        sa.Column("country", sa.String(3)),
        sa.Column("org", sa.String(64)),
        sa.Column("sector", sa.JSON()),
    )
    op.create_index("ix_actors_country", "actors", ["country"])
    op.create_table(
        "event_clusters",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source_code", sa.String(64), nullable=False),
        sa.Column("target_code", sa.String(64)),
        sa.Column("source_country", sa.String(3)),
        sa.Column("target_country", sa.String(3)),
        sa.Column("cameo", sa.String(4), nullable=False),
        sa.Column("cameo_root", sa.String(2), nullable=False),
        sa.Column("quad_class", sa.Integer(), nullable=False),
        sa.Column("goldstein", sa.Float(), nullable=False),
        sa.Column("plover_event", sa.String(16), nullable=False),
        sa.Column("plover_mode", sa.String(32)),
        sa.Column("date", sa.Date()),
        sa.Column("date_min", sa.Date()),
        sa.Column("date_max", sa.Date()),
        sa.Column("location", sa.JSON()),
        sa.Column("location_country", sa.String(3)),
        sa.Column("num_events", sa.Integer(), nullable=False),
        sa.Column("num_articles", sa.Integer(), nullable=False),
        sa.Column("num_sources", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.Date()),
        sa.Column("last_seen", sa.Date()),
        sa.Column("event_id", sa.String(32)),
        sa.Column("updated_at", sa.DateTime()),
    )
    for col in ("source_code", "target_code", "cameo_root", "date"):
        op.create_index(f"ix_event_clusters_{col}", "event_clusters", [col])


def downgrade() -> None:
    op.drop_table("event_clusters")
    op.drop_table("actors")
    op.drop_index("ix_events_cluster_id", "events")
    with op.batch_alter_table("events") as batch:
        for name, _ in reversed(NEW_EVENT_COLUMNS):
            batch.drop_column(name)
