"""Many tokens per user, each named, with a kind, a scope, an expiry and a revocation.

The tokens issued before (by `issue_api_token`, one per user) keep working as
personal, read-and-write tokens named "Command line", expiring
SOCIALCHECK_API_TOKEN_DAYS (90) days from this migration, and only while
their user has a confirmed second factor."""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def expire_existing(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    expires_at = timezone.now() + datetime.timedelta(days=settings.SOCIALCHECK_API_TOKEN_DAYS)
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=expires_at)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="api_tokens", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="name",
            field=models.CharField(default="Command line", max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="kind",
            field=models.CharField(
                choices=[("personal", "Personal"), ("integration", "Integration")], default="personal", max_length=16
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")], default="write", max_length=8
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="last_used_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="issued_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.UniqueConstraint(
                condition=models.Q(("revoked_at__isnull", True)),
                fields=("user", "name"),
                name="api_token_live_name_unique_per_user",
            ),
        ),
    ]
