from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    LocalAuthority = apps.get_model("cases", "LocalAuthority")
    taken = set()
    for council in LocalAuthority.objects.order_by("pk"):
        base = slugify(council.name)[:90] or "council"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        council.slug = slug
        council.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_closing_correction")]

    operations = [
        migrations.AddField(
            model_name="localauthority",
            name="slug",
            # No index yet: the unique constraint below brings its own (adding both
            # makes PostgreSQL's "_like" index twice).
            field=models.SlugField(max_length=100, null=True, db_index=False),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="localauthority",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="Used in public paths such as /privacy/<slug>/; made from the name when left empty. Keep it stable.",
                max_length=100,
                unique=True,
            ),
        ),
        migrations.AddField(
            model_name="localauthority",
            name="senior_responsible_officer_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="senior responsible officer"),
        ),
        migrations.AddField(
            model_name="localauthority",
            name="senior_responsible_officer_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="senior responsible officer's email"),
        ),
        migrations.AddField(
            model_name="localauthority",
            name="ripa_coordinator_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="RIPA coordinator"),
        ),
        migrations.AddField(
            model_name="localauthority",
            name="ripa_coordinator_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="RIPA coordinator's email"),
        ),
    ]
