from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cylch.core.reference_data import load_codes_into

    load_codes_into(apps.get_model("core", "ReferenceCode"), apps.get_model("core", "PolicySetting"))


class Migration(migrations.Migration):
    """Loads the meeting types, participation, section 47 determinations and the agencies a
    strategy discussion needs (codes already present are left as administrators set them)."""

    dependencies = [("meetings", "0001_initial"), ("core", "0005_load_new_reference_codes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
