from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cylch.core.reference_data import load_codes_into

    load_codes_into(apps.get_model("core", "ReferenceCode"), apps.get_model("core", "PolicySetting"))


class Migration(migrations.Migration):
    """Adds the escalation ladder for missed timescales (existing settings are left alone)."""

    dependencies = [("timescales", "0002_default_rules"), ("core", "0005_load_new_reference_codes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
