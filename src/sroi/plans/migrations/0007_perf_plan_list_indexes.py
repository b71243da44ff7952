"""Indexes of the plan list: its ordering (newest change first, optionally per status) on
every database, and on PostgreSQL trigram indexes for its search (``icontains`` on the
contract, organisation and buyer names; ``pg_trgm`` is created here, only on PostgreSQL).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# (index name, table, column): what ``selectors.plan_list_for_user`` searches. Django's
# ``icontains`` on PostgreSQL is ``UPPER(column::text) LIKE UPPER(%s)``, so the index is on
# that expression.
TRIGRAM_INDEXES = (
    ("plans_contract_name_trgm", "plans_contract", "name"),
    ("plans_buyer_name_trgm", "plans_buyer", "name"),
    ("accounts_organisation_name_trgm", "accounts_organisation", "name"),
)


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_invitation"),
        ("plans", "0006_writes_revision_one_plan_per_contract"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="plan",
            index=models.Index(fields=["-updated_at", "-id"], name="plans_plan_recent_idx"),
        ),
        migrations.AddIndex(
            model_name="plan",
            index=models.Index(
                fields=["status", "-updated_at", "-id"], name="plans_plan_status_recent_idx"
            ),
        ),
        TrigramExtension(),  # does nothing on other databases
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
