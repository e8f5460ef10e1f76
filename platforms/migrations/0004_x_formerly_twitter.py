"""The default platform's name as people know it now: "X (formerly Twitter)" (issue 22)."""

from django.db import migrations


def rename(apps, schema_editor):
    apps.get_model("platforms", "Platform").objects.filter(slug="x", name="X (Twitter)").update(
        name="X (formerly Twitter)"
    )


def rename_back(apps, schema_editor):
    apps.get_model("platforms", "Platform").objects.filter(slug="x", name="X (formerly Twitter)").update(
        name="X (Twitter)"
    )


class Migration(migrations.Migration):
    dependencies = [("platforms", "0003_platform_category")]

    operations = [migrations.RunPython(rename, rename_back)]
