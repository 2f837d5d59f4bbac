from pathlib import Path

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cylch.core.reference_data import load_codes_into
    from cylch.framework.content_loader import ContentModels, content_parse, entries_apply, framework_content

    load_codes_into(
        apps.get_model("core", "ReferenceCode"),
        apps.get_model("core", "PolicySetting"),
        Path(__file__).resolve().parent.parent / "reference",
    )
    parsed = content_parse(framework_content())
    if parsed.errors:
        raise ValueError("; ".join(parsed.errors))
    models = ContentModels(
        apps.get_model("framework", "Standard"),
        apps.get_model("framework", "Indicator"),
        apps.get_model("framework", "PracticeNote"),
        apps.get_model("framework", "Document"),
        apps.get_model("framework", "DocumentVersion"),
    )
    entries_apply(models, parsed.entries, source="shipped", is_placeholder=parsed.placeholder)


class Migration(migrations.Migration):
    """Version 1 of every part of the Framework from the shipped content files, and the policy
    that a second person publishes."""

    dependencies = [("framework", "0003_versions"), ("core", "0005_load_new_reference_codes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
