from pathlib import Path

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cylch.core.reference_data import load_codes_into

    directory = Path(__file__).resolve().parent.parent / "reference"
    load_codes_into(apps.get_model("core", "ReferenceCode"), apps.get_model("core", "PolicySetting"), directory)


class Migration(migrations.Migration):
    """The four-point self-assessment scale with its descriptors and the evidence policy."""

    dependencies = [("partnerships", "0003_assessment"), ("core", "0005_load_new_reference_codes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
