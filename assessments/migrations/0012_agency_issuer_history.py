# Schema: an agency's issuer, with the fiscal year from which it applies.

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0011_own_due_dates"),
        ("indicators", "0010_framework_unique_per_issuer_year"),
    ]

    operations = [
        migrations.CreateModel(
            name="AgencyIssuer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("from_fiscal_year", models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(2500)], verbose_name="ตั้งแต่ปีงบประมาณ (พ.ศ.)")),
                ("note", models.CharField(blank=True, max_length=255, verbose_name="หมายเหตุ")),
                ("agency", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="issuer_history", to="assessments.agency", verbose_name="หน่วยงาน")),
                ("issuer", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="agency_history", to="indicators.issuer", verbose_name="ผู้ออกเกณฑ์")),
            ],
            options={
                "verbose_name": "ผู้ออกเกณฑ์ของหน่วยงาน",
                "verbose_name_plural": "ผู้ออกเกณฑ์ของหน่วยงาน",
                "ordering": ["agency", "-from_fiscal_year"],
                "constraints": [models.UniqueConstraint(fields=("agency", "from_fiscal_year"), name="agencyissuer_one_change_per_year", violation_error_message="หน่วยงานนี้มีผู้ออกเกณฑ์ที่เริ่มใช้ในปีงบประมาณนี้อยู่แล้ว (ปีละหนึ่งราย)")],
            },
        ),
    ]
