import json
from pathlib import Path

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    rule_model = apps.get_model("children", "SensitivityRule")
    data = json.loads((Path(__file__).resolve().parent.parent / "reference_sensitivity.json").read_text())
    for category, agency_kind, role in data["rules"]:
        rule_model.objects.get_or_create(category=category, agency_kind=agency_kind, role=role)


class Migration(migrations.Migration):
    dependencies = [("children", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
