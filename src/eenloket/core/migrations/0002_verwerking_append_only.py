"""The processing log is append-only at the database level too: triggers refuse UPDATE
(both databases) and DELETE (PostgreSQL; row triggers do not fire on TRUNCATE, which the
test suite uses to reset tables). On SQLite, DELETE is refused by the ORM only, because
SQLite's table reset in tests is a DELETE."""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION eenloket_verwerking_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'core_verwerking is append-only (verwerkingenlog)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_verwerking_no_update BEFORE UPDATE OR DELETE ON core_verwerking
    FOR EACH ROW EXECUTE FUNCTION eenloket_verwerking_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS core_verwerking_no_update ON core_verwerking;
DROP FUNCTION IF EXISTS eenloket_verwerking_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER core_verwerking_no_update BEFORE UPDATE ON core_verwerking
BEGIN
    SELECT RAISE(ABORT, 'core_verwerking is append-only (verwerkingenlog)');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS core_verwerking_no_update;"


def forward(apps, schema_editor):
    sql = PG_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    schema_editor.execute(sql)


def backward(apps, schema_editor):
    sql = PG_BACKWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_BACKWARD
    schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
