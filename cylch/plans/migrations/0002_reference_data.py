from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cylch.core.reference_data import load_codes_into

    load_codes_into(apps.get_model("core", "ReferenceCode"), apps.get_model("core", "PolicySetting"))


class Migration(migrations.Migration):
    """Adds the plan types, the levels for professional differences, the escalation ladder
    for overdue actions and the sections of each plan type (existing settings are left alone)."""

    dependencies = [("plans", "0001_initial"), ("core", "0005_load_new_reference_codes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
