from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cylch.timescales.services import load_rules_into

    load_rules_into(apps.get_model("timescales", "TimescaleRule"))


class Migration(migrations.Migration):
    dependencies = [("timescales", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
