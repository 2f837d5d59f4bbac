from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cylch.core.reference_data import load_codes_into

    load_codes_into(apps.get_model("core", "ReferenceCode"), apps.get_model("core", "PolicySetting"))


class Migration(migrations.Migration):
    dependencies = [("core", "0003_reference_codes_policy_notifications")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
