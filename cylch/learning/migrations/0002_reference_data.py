from pathlib import Path

from django.db import migrations

REFERENCE = Path(__file__).resolve().parent.parent / "reference"


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    import json

    from cylch.core.reference_data import load_codes_into

    load_codes_into(apps.get_model("core", "ReferenceCode"), apps.get_model("core", "PolicySetting"), REFERENCE)
    # The starting themes of the shared taxonomy: after this, business managers edit the Theme table.
    theme_model = apps.get_model("learning", "Theme")
    for code, name_en, name_cy in json.loads((REFERENCE / "codes.json").read_text(encoding="utf-8"))["review_theme"]:
        theme_model.objects.get_or_create(code=code, defaults={"name_en": name_en, "name_cy": name_cy})


class Migration(migrations.Migration):
    """The learning domain's lists, policy figures and starting themes (never overwriting an administrator's change)."""

    dependencies = [
        ("learning", "0001_initial"),
        ("core", "0005_load_new_reference_codes"),
        ("timescales", "0003_policy_defaults"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
