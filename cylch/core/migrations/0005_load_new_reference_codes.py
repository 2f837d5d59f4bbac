from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cylch.core.reference_data import load_codes_into

    load_codes_into(apps.get_model("core", "ReferenceCode"), apps.get_model("core", "PolicySetting"))


class Migration(migrations.Migration):
    """Adds reference codes introduced since the first load (existing ones are left as administrators set them)."""

    dependencies = [("core", "0004_load_reference_codes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
