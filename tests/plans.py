"""What PostgreSQL reads to answer a page's queries, from their EXPLAIN ANALYZE plans.

A test database is tiny and never analysed, so the planner would scan whole tables, or pick
any index, whatever the query's shape; with fresh statistics and sequential scans off it
takes the index that fits wherever the query lets it, as it does at real size. Then the rows
a plan reads from a table say whether the query reaches the rows it answers for through an
index (a fixed number) or goes through everyone's (a number that grows with other people's
data)."""

import json
from collections import Counter

import pytest
from django.db import connection, transaction

# EXPLAIN's JSON and the planner settings are PostgreSQL's (CI and `make test` run on it).
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="reads PostgreSQL's plans"
)


def _scans(node):
    yield node
    for child in node.get("Plans", []):
        yield from _scans(child)


def rows_read(sql: str) -> Counter:
    """{table: rows read} for one SELECT: the rows each scan of the table returned plus those
    its filter or index recheck threw away, over all its loops."""
    read: Counter = Counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        explained = cursor.fetchone()[0]
    # psycopg parses the JSON; other drivers hand over the text.
    (plan,) = json.loads(explained) if isinstance(explained, str) else explained
    for node in _scans(plan["Plan"]):
        if "Relation Name" in node:
            per_loop = (
                node["Actual Rows"]
                + node.get("Rows Removed by Filter", 0)
                + node.get("Rows Removed by Index Recheck", 0)
            )
            read[node["Relation Name"]] += round(per_loop * node["Actual Loops"])
    return read


def queries_read(captured) -> list[Counter]:
    """rows_read of each SELECT among captured queries (CaptureQueriesContext), in order,
    without the catalog's tables: they are the same for everyone, and how much of them a plan
    reads changes with the planner's mood, not with other people's data."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    reads = [
        rows_read(query["sql"])
        for query in captured
        if query["sql"].lstrip(" (").upper().startswith("SELECT")
    ]
    return [
        Counter(
            {table: rows for table, rows in read.items() if not table.startswith("curriculum_")}
        )
        for read in reads
    ]
