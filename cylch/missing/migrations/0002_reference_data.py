import json
from pathlib import Path

from django.db import migrations

REFERENCE = Path(__file__).resolve().parent.parent / "reference"


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cylch.core.reference_data import load_codes_into
    from cylch.timescales.services import load_rules_into

    load_codes_into(apps.get_model("core", "ReferenceCode"), apps.get_model("core", "PolicySetting"), REFERENCE)
    load_rules_into(apps.get_model("timescales", "TimescaleRule"), REFERENCE / "rules.json")
    rule_model = apps.get_model("children", "SensitivityRule")
    for category, agency_kind, role in json.loads((REFERENCE / "sensitivity.json").read_text(encoding="utf-8"))["rules"]:
        rule_model.objects.get_or_create(category=category, agency_kind=agency_kind, role=role)


class Migration(migrations.Migration):
    """Loads the risk grades, push and pull factors, exploitation indicators, trigger thresholds,
    the return-interview and strategy-discussion timescales, and who sees a form's health section."""

    dependencies = [
        ("missing", "0001_initial"),
        ("core", "0005_load_new_reference_codes"),
        ("timescales", "0003_policy_defaults"),
        ("children", "0004_expected_dob_index"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
