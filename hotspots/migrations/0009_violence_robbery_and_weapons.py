"""The default "Serious violence" family becomes "Violence, robbery and weapons".

police.uk cannot separate serious violence: the family counts every incident of Violence and
sexual offences, Robbery and Possession of weapons, and its name now says so. A family an
administrator has already renamed keeps its name; the slug, by which the code finds it, stays.
"""

from django.db import migrations

OLD, NEW = "Serious violence", "Violence, robbery and weapons"


def rename(apps, schema_editor):
    CrimeFamily = apps.get_model("hotspots", "CrimeFamily")
    if CrimeFamily.objects.filter(name=NEW).exists():
        return
    CrimeFamily.objects.filter(slug="serious-violence", name=OLD).update(name=NEW)


def rename_back(apps, schema_editor):
    CrimeFamily = apps.get_model("hotspots", "CrimeFamily")
    if not CrimeFamily.objects.filter(name=OLD).exists():
        CrimeFamily.objects.filter(slug="serious-violence", name=NEW).update(name=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("hotspots", "0008_imported_month_force_key_unique"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
