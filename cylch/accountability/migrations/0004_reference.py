from pathlib import Path

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cylch.core.reference_data import load_codes_into

    directory = Path(__file__).resolve().parent.parent / "reference"
    load_codes_into(apps.get_model("core", "ReferenceCode"), apps.get_model("core", "PolicySetting"), directory)


class Migration(migrations.Migration):
    """The escalation ladder of the accountability ledger (policy "ledger_escalation_ladder")."""

    dependencies = [
        ("accountability", "0003_ledger_updates_escalations"),
        ("core", "0005_load_new_reference_codes"),
        ("timescales", "0003_policy_defaults"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
