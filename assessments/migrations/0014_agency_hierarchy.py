# The hierarchy of agencies (issue 20): a parent, a materialised path filled for the existing
# rows, the history of moves and the supervisor role. Expand: nullable / db_default columns.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat


def paths_of_existing_agencies(apps, schema_editor):
    """Every agency so far stands alone: its path is its own id ("/17/")."""
    Agency = apps.get_model("assessments", "Agency")
    Agency.objects.filter(tree_path="").update(
        tree_path=Concat(Value("/"), Cast("pk", CharField()), Value("/"))
    )


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0013_agencies_follow_nacc_from_earliest_year'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='agency',
            name='parent',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='assessments.agency', verbose_name='หน่วยงานต้นสังกัด'),
        ),
        migrations.AddField(
            model_name='agency',
            name='tree_path',
            field=models.CharField(blank=True, db_default='', db_index=True, default='', editable=False, max_length=255, verbose_name='ตำแหน่งในลำดับชั้น'),
        ),
        migrations.RunPython(paths_of_existing_agencies, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('staff', 'เจ้าหน้าที่ (แก้ไขข้อมูล)'), ('approver', 'ผู้บริหาร (อนุมัติ/เผยแพร่)'), ('viewer', 'ผู้ดูข้อมูล'), ('supervisor', 'ผู้กำกับติดตาม (ดูหน่วยงานในสังกัด)')], default='staff', max_length=20, verbose_name='บทบาท'),
        ),
        migrations.CreateModel(
            name='AgencyMove',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('moved_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='เมื่อ')),
                ('note', models.CharField(blank=True, max_length=255, verbose_name='หมายเหตุ')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='moves', to='assessments.agency', verbose_name='หน่วยงาน')),
                ('from_parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='assessments.agency', verbose_name='สังกัดเดิม')),
                ('moved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้ย้าย')),
                ('to_parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='assessments.agency', verbose_name='สังกัดใหม่')),
            ],
            options={
                'verbose_name': 'ประวัติการย้ายสังกัด',
                'verbose_name_plural': 'ประวัติการย้ายสังกัด',
                'ordering': ['-moved_at', '-pk'],
            },
        ),
    ]
