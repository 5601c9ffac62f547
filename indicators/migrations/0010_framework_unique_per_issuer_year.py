# Schema: a framework is (issuer, fiscal year); the issuer becomes required (0009 filled it).

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


# Contract (docs/deploy.md 2.3): the previous release creates frameworks without an issuer, which
# this NOT NULL refuses: run with the maintenance switch on.
RELEASE_PHASE = "contract"


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0009_seed_issuers_frameworks_become_naccs"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="framework",
            options={"ordering": ["-fiscal_year", "issuer_id"], "verbose_name": "กรอบการประเมิน", "verbose_name_plural": "กรอบการประเมิน"},
        ),
        migrations.AlterField(
            model_name="framework",
            name="issuer",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="frameworks", to="indicators.issuer", verbose_name="ผู้ออกเกณฑ์"),
        ),
        migrations.AlterField(
            model_name="framework",
            name="fiscal_year",
            field=models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(2500)], verbose_name="ปีงบประมาณ (พ.ศ.)"),
        ),
        migrations.AddConstraint(
            model_name="framework",
            constraint=models.UniqueConstraint(fields=("issuer", "fiscal_year"), name="framework_one_per_issuer_year", violation_error_message="ผู้ออกเกณฑ์รายนี้มีกรอบการประเมินของปีงบประมาณนี้อยู่แล้ว (ได้ปีละหนึ่งกรอบ)"),
        ),
    ]
