from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_submission_tokens"),
    ]

    operations = [
        # Tokens taken before this have no digest: sent again, they save (they match nothing).
        migrations.AddField(
            model_name="submission",
            name="digest",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
    ]
