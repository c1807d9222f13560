from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_review_note_rows")]

    operations = [
        migrations.DeleteModel(name="FamilyContact"),
        migrations.DeleteModel(name="QualityNote"),
    ]
