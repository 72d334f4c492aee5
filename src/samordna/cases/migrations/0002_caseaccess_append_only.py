"""The access log is append-only in the database itself, like core.AuditEvent."""

from django.db import migrations

MESSAGE = "cases_caseaccess is append-only"

SQLITE_UP = [
    f"""CREATE TRIGGER cases_caseaccess_no_update BEFORE UPDATE ON cases_caseaccess
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER cases_caseaccess_no_delete BEFORE DELETE ON cases_caseaccess
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS cases_caseaccess_no_update;",
    "DROP TRIGGER IF EXISTS cases_caseaccess_no_delete;",
]
POSTGRES_UP = [
    f"""CREATE OR REPLACE FUNCTION cases_caseaccess_refuse() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER cases_caseaccess_no_change BEFORE UPDATE OR DELETE ON cases_caseaccess
    FOR EACH ROW EXECUTE FUNCTION cases_caseaccess_refuse();""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS cases_caseaccess_no_change ON cases_caseaccess;",
    "DROP FUNCTION IF EXISTS cases_caseaccess_refuse();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
