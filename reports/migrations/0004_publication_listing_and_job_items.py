# Idempotent publishing (the content digest of each version), the public list's own fields
# (latest version, year, agency name: one index serves the home page), and bulk jobs with one
# item per report. Schema only: 0004 fills the list fields of existing versions, 0005 tidies
# old jobs, 0006 allows one active job per year.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0005_publications_moved_to_reports'),
        ('reports', '0003_freeze_figures_of_live_publications'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PublicationJobItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('pending', 'รอดำเนินการ'), ('done', 'เผยแพร่แล้ว'), ('skipped', 'ข้าม (เนื้อหาไม่เปลี่ยน)'), ('failed', 'ไม่สำเร็จ')], default='pending', max_length=20, verbose_name='สถานะ')),
                ('reason', models.TextField(blank=True, verbose_name='เหตุผล')),
                ('version', models.PositiveIntegerField(blank=True, null=True, verbose_name='ฉบับที่')),
                ('attempts', models.PositiveIntegerField(default=0, verbose_name='จำนวนครั้งที่ลอง')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='เสร็จเมื่อ')),
            ],
            options={
                'verbose_name': 'รายงานในงานเผยแพร่',
                'verbose_name_plural': 'รายงานในงานเผยแพร่',
                'ordering': ['job', 'id'],
            },
        ),
        migrations.AddField(
            model_name='publicationjob',
            name='progressed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='มีความคืบหน้าล่าสุดเมื่อ'),
        ),
        migrations.AddField(
            model_name='publicationjob',
            name='skipped',
            field=models.PositiveIntegerField(default=0, verbose_name='ข้าม (เนื้อหาไม่เปลี่ยน)'),
        ),
        migrations.AddField(
            model_name='publicationjob',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='เริ่มเมื่อ'),
        ),
        migrations.AddField(
            model_name='reportpublication',
            name='agency',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='assessments.agency', verbose_name='หน่วยงาน'),
        ),
        migrations.AddField(
            model_name='reportpublication',
            name='agency_name',
            field=models.CharField(blank=True, max_length=255, verbose_name='ชื่อหน่วยงานเมื่อเผยแพร่'),
        ),
        migrations.AddField(
            model_name='reportpublication',
            name='content_sha256',
            field=models.CharField(blank=True, default='', max_length=64, verbose_name='ค่าแฮช SHA-256 ของเนื้อหา'),
        ),
        migrations.AddField(
            model_name='reportpublication',
            name='fiscal_year',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='ปีงบประมาณ (พ.ศ.)'),
        ),
        migrations.AddField(
            model_name='reportpublication',
            name='is_latest',
            field=models.BooleanField(default=False, verbose_name='ฉบับล่าสุดที่เผยแพร่อยู่'),
        ),
        migrations.AlterField(
            model_name='publicationjob',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้สั่งเผยแพร่'),
        ),
        migrations.AlterField(
            model_name='reportpublication',
            name='published_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้เผยแพร่'),
        ),
        migrations.AddIndex(
            model_name='reportpublication',
            index=models.Index(condition=models.Q(('is_latest', True)), fields=['fiscal_year', 'agency_name', 'id'], name='publication_listing_idx'),
        ),
        migrations.AddIndex(
            model_name='reportpublication',
            index=models.Index(condition=models.Q(('is_latest', True)), fields=['agency'], name='publication_public_agency_idx'),
        ),
        migrations.AddConstraint(
            model_name='reportpublication',
            constraint=models.UniqueConstraint(condition=models.Q(('is_latest', True)), fields=('assessment',), name='publication_one_latest_per_assessment'),
        ),
        migrations.AddConstraint(
            model_name='reportpublication',
            constraint=models.CheckConstraint(condition=models.Q(('is_latest', False), ('unpublished_at__isnull', True), _connector='OR'), name='publication_latest_is_live'),
        ),
        migrations.AddField(
            model_name='publicationjobitem',
            name='assessment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='assessments.assessment', verbose_name='ผลการประเมิน'),
        ),
        migrations.AddField(
            model_name='publicationjobitem',
            name='job',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='reports.publicationjob', verbose_name='งาน'),
        ),
        migrations.AddIndex(
            model_name='publicationjobitem',
            index=models.Index(fields=['job', 'status'], name='publication_item_status_idx'),
        ),
        migrations.AddConstraint(
            model_name='publicationjobitem',
            constraint=models.UniqueConstraint(fields=('job', 'assessment'), name='publication_item_unique'),
        ),
    ]
