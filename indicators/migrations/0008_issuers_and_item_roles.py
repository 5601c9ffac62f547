# Schema only: issuers, a framework's issuer (nullable until 0009 fills it), and the O-items'
# role, criteria and evidence rule. Data follows in 0009 and 0011. Expand (docs/deploy.md 2.3):
# the new columns have database defaults, so the previous release still inserts items.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0007_oit_item_holds_follow_up_report"),
    ]

    operations = [
        migrations.CreateModel(
            name="Issuer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(help_text="อักษรอังกฤษตัวเล็ก ตัวเลข และขีด เช่น nacc, obec-esa ใช้ในคำสั่งและแฟ้มข้อมูล", max_length=40, unique=True, verbose_name="รหัสผู้ออกเกณฑ์")),
                ("name", models.CharField(max_length=255, verbose_name="ชื่อผู้ออกเกณฑ์")),
                ("short_name", models.CharField(blank=True, max_length=50, verbose_name="ชื่อย่อ")),
                ("description", models.TextField(blank=True, verbose_name="คำอธิบาย")),
            ],
            options={
                "verbose_name": "ผู้ออกเกณฑ์การประเมิน",
                "verbose_name_plural": "ผู้ออกเกณฑ์การประเมิน",
                "ordering": ["code"],
            },
        ),
        migrations.AddField(
            model_name="framework",
            name="issuer",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="frameworks", to="indicators.issuer", verbose_name="ผู้ออกเกณฑ์"),
        ),
        migrations.AddField(
            model_name="oititem",
            name="role",
            field=models.CharField(blank=True, choices=[("", "ไม่มีบทบาทเฉพาะ"), ("analysis", "การวิเคราะห์ผลการประเมินและมาตรการส่งเสริมคุณธรรมและความโปร่งใส"), ("follow_up", "รายงานผลการดำเนินการตามมาตรการ (ติดตามผล)"), ("plan", "แผนปฏิบัติการป้องกันการทุจริตของปีนี้"), ("plan_report", "รายงานผลการดำเนินการตามแผนของปีที่ผ่านมา"), ("risk_assessment", "การประเมินความเสี่ยงการทุจริต"), ("risk_report", "รายงานผลการจัดการความเสี่ยงการทุจริต"), ("complaint_statistics", "สถิติเรื่องร้องเรียน"), ("procurement_plan", "แผนการจัดซื้อจัดจ้าง"), ("procurement_summary", "สรุปผลการจัดซื้อจัดจ้างประจำปี"), ("hr_plan", "แผนการบริหารและพัฒนาทรัพยากรบุคคล"), ("hr_report", "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล")], db_default="", default="", help_text="ใช้ให้ระบบรู้ว่าข้อใดรับรายงานการวิเคราะห์ รายงานผลการดำเนินการ ฯลฯ ข้อส่วนใหญ่ไม่มีบทบาท", max_length=30, verbose_name="บทบาทของข้อ"),
        ),
        migrations.AddField(
            model_name="oititem",
            name="criteria",
            field=models.TextField(blank=True, db_default="", help_text="ข้อความเกณฑ์ตามคู่มือการประเมินของปี", verbose_name="เกณฑ์การพิจารณาของผู้ประเมิน"),
        ),
        migrations.AddField(
            model_name="oititem",
            name="evidence_rule",
            field=models.CharField(blank=True, choices=[("", "ไม่กำหนด"), ("this_fiscal_year", "เป็นการดำเนินการในปีงบประมาณปัจจุบัน"), ("last_fiscal_year", "ผลการดำเนินการของปีงบประมาณที่ผ่านมา"), ("quarterly", "รายไตรมาส"), ("six_monthly", "รอบ ๖ เดือน")], db_default="", default="", max_length=20, verbose_name="ช่วงเวลาของหลักฐาน"),
        ),
        migrations.AddConstraint(
            model_name="oititem",
            constraint=models.UniqueConstraint(condition=models.Q(("role", "analysis")), fields=("framework",), name="oititem_one_analysis_item_per_framework", violation_error_message="กรอบการประเมินนี้มีข้อที่รับรายงานการวิเคราะห์ผลการประเมินและมาตรการแล้ว (ได้หนึ่งข้อ) กรุณาเปลี่ยนบทบาทของข้อนั้นก่อน"),
        ),
        migrations.AddConstraint(
            model_name="oititem",
            constraint=models.UniqueConstraint(condition=models.Q(("role", "follow_up")), fields=("framework",), name="oititem_one_follow_up_role_per_framework", violation_error_message="กรอบการประเมินนี้มีข้อที่รับรายงานผลการดำเนินการตามมาตรการแล้ว (ได้หนึ่งข้อ) กรุณาเปลี่ยนบทบาทของข้อนั้นก่อน"),
        ),
    ]
