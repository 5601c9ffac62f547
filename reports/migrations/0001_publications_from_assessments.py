# The publications of the analysis report, moved here from the assessments app: the models
# enter this app's state on the tables assessments made (no row is touched); 0002 renames them.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import reports.models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("assessments", "0004_ranking_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PublicationJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('fiscal_year', models.PositiveIntegerField(verbose_name='ปีงบประมาณ (พ.ศ.)')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='สร้างเมื่อ')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='เสร็จเมื่อ')),
                        ('status', models.CharField(choices=[('pending', 'รอดำเนินการ'), ('running', 'กำลังดำเนินการ'), ('finished', 'เสร็จสิ้น'), ('failed', 'ล้มเหลว')], default='pending', max_length=20, verbose_name='สถานะ')),
                        ('total', models.PositiveIntegerField(default=0, verbose_name='จำนวนทั้งหมด')),
                        ('done', models.PositiveIntegerField(default=0, verbose_name='เผยแพร่แล้ว')),
                        ('failed', models.PositiveIntegerField(default=0, verbose_name='ไม่สำเร็จ')),
                        ('log', models.TextField(blank=True, verbose_name='บันทึก')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้สั่งเผยแพร่')),
                    ],
                    options={
                        'verbose_name': 'งานเผยแพร่รายงานทั้งปี',
                        'verbose_name_plural': 'งานเผยแพร่รายงานทั้งปี',
                        'ordering': ['-created_at'],
                        'db_table': 'assessments_publicationjob',
                    },
                ),
                migrations.CreateModel(
                    name='ReportPublication',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('version', models.PositiveIntegerField(verbose_name='ฉบับที่')),
                        ('published_at', models.DateTimeField(verbose_name='เผยแพร่เมื่อ')),
                        ('pdf', models.FileField(max_length=255, upload_to=reports.models.publication_pdf_upload_to, verbose_name='ไฟล์ PDF')),
                        ('html', models.TextField(verbose_name='HTML ที่เผยแพร่')),
                        ('sha256', models.CharField(max_length=64, verbose_name='ค่าแฮช SHA-256 ของ PDF')),
                        ('pdf_size', models.PositiveIntegerField(default=0, verbose_name='ขนาดไฟล์ PDF (ไบต์)')),
                        ('thai_digits', models.BooleanField(default=True, verbose_name='ตัวเลขไทย')),
                        ('unpublished_at', models.DateTimeField(blank=True, null=True, verbose_name='ยกเลิกการเผยแพร่เมื่อ')),
                        ('unpublish_reason', models.TextField(blank=True, verbose_name='เหตุผลที่ยกเลิกการเผยแพร่')),
                        ('assessment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='publications', to='assessments.assessment', verbose_name='ผลการประเมิน')),
                        ('published_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้เผยแพร่')),
                        ('unpublished_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้ยกเลิกการเผยแพร่')),
                    ],
                    options={
                        'verbose_name': 'รายงานที่เผยแพร่',
                        'verbose_name_plural': 'รายงานที่เผยแพร่',
                        'ordering': ['assessment', '-version'],
                        'db_table': 'assessments_reportpublication',
                        'indexes': [models.Index(fields=['assessment', 'unpublished_at', '-version'], name='publication_live_idx')],
                        'constraints': [models.UniqueConstraint(fields=('assessment', 'version'), name='publication_version_unique'), models.CheckConstraint(condition=models.Q(('unpublished_at__isnull', True), models.Q(('unpublish_reason', ''), _negated=True), _connector='OR'), name='publication_unpublish_has_reason')],
                    },
                ),            ],
        ),
    ]
