from pathlib import Path

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cylch.core.reference_data import load_codes_into

    directory = Path(__file__).resolve().parent.parent / "reference"
    load_codes_into(apps.get_model("core", "ReferenceCode"), apps.get_model("core", "PolicySetting"), directory)


class Migration(migrations.Migration):
    """Risk likelihood and impact scales, the board escalation score and the report's sections."""

    dependencies = [
        ("governance", "0001_initial"),
        ("core", "0005_load_new_reference_codes"),
        ("timescales", "0003_policy_defaults"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
