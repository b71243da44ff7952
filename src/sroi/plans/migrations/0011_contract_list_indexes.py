"""Indexes of the contract list (``/contracten/``): one per sortable column, and on
PostgreSQL trigram indexes for the search on the buyer's reference and the KvK number (the
contract and organisation names have theirs since 0007)."""

from django.conf import settings
from django.db import migrations, models

TRIGRAM_INDEXES = (
    ("plans_contract_reference_trgm", "plans_contract", "reference"),
    ("accounts_organisation_kvk_trgm", "accounts_organisation", "kvk_number"),
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
        ("accounts", "0005_workspace_schema"),
        ("plans", "0010_contract_figures_and_status"),
        ("rules", "0004_perf_ruleset_updated_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="contract",
            index=models.Index(fields=["-created_at", "-id"], name="plans_contract_recent_idx"),
        ),
        migrations.AddIndex(
            model_name="contract",
            index=models.Index(fields=["name", "id"], name="plans_contract_name_idx"),
        ),
        migrations.AddIndex(
            model_name="contract",
            index=models.Index(fields=["reference", "id"], name="plans_contract_reference_idx"),
        ),
        migrations.AddIndex(
            model_name="contract",
            index=models.Index(fields=["end_date", "id"], name="plans_contract_end_idx"),
        ),
        migrations.AddIndex(
            model_name="contract",
            index=models.Index(
                fields=["obligation_eur", "id"], name="plans_contract_obligation_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="contract",
            index=models.Index(fields=["planned_eur", "id"], name="plans_contract_planned_idx"),
        ),
        migrations.AddIndex(
            model_name="contract",
            index=models.Index(fields=["agreed_eur", "id"], name="plans_contract_agreed_idx"),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
