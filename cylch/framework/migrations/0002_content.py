from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cylch.framework.content_loader import content_load

    content_load(
        apps.get_model("framework", "Standard"),
        apps.get_model("framework", "Indicator"),
        apps.get_model("framework", "PracticeNote"),
    )


class Migration(migrations.Migration):
    dependencies = [("framework", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
