"""Fast inserts for the seeder: PostgreSQL COPY through psycopg 3, executemany elsewhere.

Rows carry their primary keys (ids handed out by `IdRange`), so that later tables can point at
them without reading anything back; sequences are moved past them at the end.
"""

from collections.abc import Iterable
from types import SimpleNamespace

from django.core.management.color import no_style
from django.db import connection
from django.db.models import NOT_PROVIDED, JSONField
from psycopg.types.json import Jsonb

from roadmap.fields import markdown_html_fields


class IdRange:
    """Hands out primary keys after the largest one a table holds."""

    def __init__(self, model):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
            self.last = cursor.fetchone()[0]

    def next(self) -> int:
        self.last += 1
        return self.last


def _defaults(model, given: list[str]) -> tuple[list[str], tuple]:
    """Columns the rows leave out, with the model's defaults ready for the database."""
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in given or field.primary_key:
            continue  # an id left out is the database's to choose
        if field.has_default() or field.null or field.empty_strings_allowed:
            value = field.get_default()  # the default, None, or "" for text
        elif field.db_default is not NOT_PROVIDED:
            continue
        else:
            raise ValueError(f"{model.__name__}.{field.name} has no default: give it a value")
        columns.append(field.column)
        values.append(field.get_db_prep_save(value, connection))
    return columns, tuple(values)


def _with_markdown_html(model, fields: list[str], rows: Iterable[tuple]):
    """The rows as save() writes them: each Markdown text's HTML rendered beside it (once per
    distinct text: seeded texts repeat)."""
    derived = [
        field
        for field in markdown_html_fields(model)
        if field.source in fields and field.attname not in fields
    ]
    if not derived:
        return fields, rows
    sources = [fields.index(field.source) for field in derived]
    cache: dict = {}

    def html(field, text):
        if (field.attname, text) not in cache:
            rendered = field.render(SimpleNamespace(**{field.source: text}))
            cache[field.attname, text] = str(rendered)
        return cache[field.attname, text]

    rendered_rows = (
        row + tuple(html(field, row[i]) for field, i in zip(derived, sources, strict=True))
        for row in rows
    )
    return fields + [field.attname for field in derived], rendered_rows


def insert(model, fields: list[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (values for `fields`, by attname) into `model`'s table; the model's
    defaults fill the other columns, and Markdown's HTML is rendered as save() would.
    Returns the number of rows."""
    fields, rows = _with_markdown_html(model, fields, rows)
    meta = model._meta
    by_attname = {field.attname: field for field in meta.concrete_fields}
    unknown = [name for name in fields if name not in by_attname]
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(unknown)}")
    extra_columns, extra_values = _defaults(model, fields)
    columns = [by_attname[name].column for name in fields] + extra_columns
    column_list = ", ".join(connection.ops.quote_name(column) for column in columns)
    count = 0
    with connection.cursor() as cursor:
        prepared = [by_attname[name] for name in fields]
        if connection.vendor == "postgresql":
            # Plain Python values (int, str, aware datetime, bool, None) are what COPY wants:
            # no per-value conversion on the hot path, except dicts for JSON columns.
            json_at = [i for i, field in enumerate(prepared) if isinstance(field, JSONField)]
            with cursor.cursor.copy(f"COPY {meta.db_table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    if json_at:
                        row = tuple(
                            Jsonb(value) if i in json_at else value for i, value in enumerate(row)
                        )
                    copy.write_row(row + extra_values)
                    count += 1
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            batch = [
                tuple(f.get_db_prep_save(v, connection) for f, v in zip(prepared, row, strict=True))
                + extra_values
                for row in rows
            ]
            sql = f"INSERT INTO {meta.db_table} ({column_list}) VALUES ({placeholders})"
            cursor.executemany(sql, batch)
            count = len(batch)
    return count


def reset_sequences(models) -> None:
    """Move each table's id sequence past the ids the seeder chose (no-op on SQLite)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
