"""Activities get their own target, lead and other units, "all units" and budget (schema)."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actionplans', '0005_record_last_editors_as_plan_changes'),
        ('assessments', '0005_publications_moved_to_reports'),
    ]

    operations = [
        migrations.AddField(
            model_name='planactivity',
            name='all_units',
            field=models.BooleanField(default=False, help_text='ทุกกลุ่ม/หน่วยร่วมรับผิดชอบ: รายงานพิมพ์ว่า “ทุกกลุ่ม/หน่วย” ไม่แจกแจงรายชื่อ', verbose_name='และทุกกลุ่ม/หน่วย'),
        ),
        migrations.AddField(
            model_name='planactivity',
            name='budget',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='งบประมาณ (บาท)'),
        ),
        migrations.AddField(
            model_name='planactivity',
            name='lead_unit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='lead_plan_activities', to='assessments.unit', verbose_name='ผู้รับผิดชอบหลัก'),
        ),
        migrations.AddField(
            model_name='planactivity',
            name='target',
            field=models.TextField(blank=True, help_text='หนึ่งข้อต่อบรรทัด', verbose_name='เป้าหมาย/ผลที่คาดว่าจะได้รับ'),
        ),
        migrations.AddField(
            model_name='planactivity',
            name='units',
            field=models.ManyToManyField(blank=True, related_name='plan_activities', to='assessments.unit', verbose_name='ผู้รับผิดชอบร่วม'),
        ),
        migrations.AddConstraint(
            model_name='planactivity',
            constraint=models.CheckConstraint(condition=models.Q(('budget__isnull', True), ('budget__gte', 0), _connector='OR'), name='planactivity_budget_gte_0'),
        ),
    ]
