from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cylch.core.reference_data import load_codes_into

    load_codes_into(apps.get_model("core", "ReferenceCode"), apps.get_model("core", "PolicySetting"))
    apps.get_model("core", "PolicySetting").objects.get_or_create(
        key="register_end_age",
        defaults={
            "value": 18,
            "description": "The age at which a child's registration on the child protection register ends.",
            "source": "Wales Safeguarding Procedures: de-registration at 18.",
        },
    )


class Migration(migrations.Migration):
    """Loads the register categories and reasons for leaving the register, and the age registration ends."""

    dependencies = [("register", "0001_initial"), ("core", "0005_load_new_reference_codes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
