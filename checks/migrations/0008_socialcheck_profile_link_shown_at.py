"""When the profile link was shown is evidence about the check, so it is kept on the
check (it was kept on the form's token, web.Submission). A nullable column is added
in place: SQLite does not remake the table, so its guard trigger (0002) stays."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("checks", "0007_refusal_code_choices")]

    operations = [
        migrations.AddField(
            model_name="socialcheck",
            name="profile_link_shown_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
