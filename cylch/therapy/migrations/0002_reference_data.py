from pathlib import Path

from django.db import migrations

REFERENCE = Path(__file__).resolve().parent.parent / "reference"


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cylch.core.reference_data import load_codes_into
    from cylch.timescales.services import load_rules_into

    load_codes_into(apps.get_model("core", "ReferenceCode"), apps.get_model("core", "PolicySetting"), REFERENCE)
    load_rules_into(apps.get_model("timescales", "TimescaleRule"), REFERENCE / "rules.json")


class Migration(migrations.Migration):
    """The kinds of therapeutic support, care statuses, onward routes, the child's rating scale,
    and the timeliness thresholds (existing settings are left alone)."""

    dependencies = [("therapy", "0001_initial"), ("core", "0005_load_new_reference_codes"), ("timescales", "0003_policy_defaults")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
