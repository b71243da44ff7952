"""The plan list is read through indexes: its ordering on every database, its search with
trigram indexes on PostgreSQL (``pg_trgm``)."""

from __future__ import annotations

import pytest
from django.db import connection

from sroi.accounts.models import User
from sroi.plans import selectors
from sroi.plans.models import Plan

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> dict[str, dict[str, object]]:
    with connection.cursor() as cursor:
        return {
            name: info
            for name, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"]
        }


@pytest.mark.parametrize(
    ("columns", "orders"),
    [(["updated_at", "id"], ["DESC", "DESC"]), (["status", "updated_at", "id"], None)],
)
def test_the_plan_list_ordering_has_an_index(columns: list[str], orders: list[str] | None) -> None:
    found = [info for info in _indexes(Plan._meta.db_table).values() if info["columns"] == columns]

    assert found, f"no index on {columns}"
    if orders is not None and connection.vendor == "sqlite":
        assert found[0]["orders"] == orders


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan text")
def test_the_coordinators_list_is_read_in_index_order_without_sorting(
    coordinator: User,
) -> None:
    plan = selectors.plan_list_for_user(coordinator).explain()

    assert "TEMP B-TREE" not in plan, plan
    assert "plans_plan_recent_idx" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL only")
def test_the_plan_search_has_trigram_indexes_on_postgresql() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_indexes WHERE indexdef LIKE %s",
            ["%gin_trgm_ops%"],
        )
        tables = {row[0] for row in cursor.fetchall()}

    assert tables >= {"plans_contract", "plans_buyer", "accounts_organisation"}
