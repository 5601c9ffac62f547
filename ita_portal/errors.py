"""Error pages in Thai: what happened and what to do, never a trace of the internals.

The pages (templates/400.html … 500.html, 403_csrf.html, errors/lockout.html) are one
standalone template, errors/_page.html, filled by `{% error_page "404" %}` from ERROR_PAGES:
no context processor, no `{% url %}`, no query, so the page of a failing database still
renders. The texts live here once; the templates and the tests read them from here.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template import loader
from django.views import defaults

from ita_portal.lib.thai import to_thai_digits

logger = logging.getLogger(__name__)

TITLE_BAD_REQUEST = "คำขอไม่ถูกต้อง"
TITLE_FORBIDDEN = "ไม่มีสิทธิ์เข้าถึงหน้านี้"
TITLE_CSRF = "แบบฟอร์มหมดอายุหรือไม่สมบูรณ์"
TITLE_NOT_FOUND = "ไม่พบหน้าที่ต้องการ"
TITLE_METHOD_NOT_ALLOWED = "หน้านี้ไม่รองรับการส่งข้อมูลแบบนี้"
TITLE_TOO_LARGE = "ไฟล์ใหญ่เกินกำหนด"
TITLE_TOO_MANY_REQUESTS = "มีการเรียกใช้บ่อยเกินกำหนด"
TITLE_TOO_MANY_FIELDS = "แบบฟอร์มมีช่องข้อมูลมากเกินกำหนด ข้อมูลยังไม่ถูกบันทึก"
TITLE_SERVER_ERROR = "ระบบขัดข้องชั่วคราว"
TITLE_LOCKED_OUT = "บัญชีถูกระงับการเข้าสู่ระบบชั่วคราว"
TITLE_MAINTENANCE = "ปิดปรับปรุงระบบชั่วคราว"
MESSAGE_MAINTENANCE = "ระบบกำลังอัปเกรดเป็นรุ่นใหม่ ข้อมูลของท่านไม่สูญหาย"
MESSAGE_NUL = "ข้อความที่ส่งมามีอักขระควบคุม NUL (รหัส 0) ซึ่งระบบไม่รับ"
TITLE_PDF_ALTERED = "ไฟล์รายงานไม่พร้อมให้บริการ"
MESSAGE_PDF_ALTERED = (
    "ไฟล์ PDF ของรายงานฉบับนี้ไม่ตรงกับไฟล์ที่เผยแพร่ไว้ (ค่า SHA-256 ไม่ตรง) ระบบจึงงดส่งไฟล์จนกว่าผู้ดูแลจะตรวจสอบ"
)
HOME_LINK = "กลับไปหน้าหลัก"
# The cool-off of a lockout, where axes knows none (AXES_COOLOFF_TIME unset: locked for ever).
ASK_AN_ADMINISTRATOR = "โปรดติดต่อผู้ดูแลระบบของหน่วยงานเพื่อปลดล็อกบัญชี"


@dataclass(frozen=True)
class ErrorPage:
    """One error as a user reads it: the status, a heading, what happened, what to do."""

    status: int
    title: str
    happened: str
    to_do: str


ERROR_PAGES = {
    "400": ErrorPage(
        400,
        TITLE_BAD_REQUEST,
        "ระบบไม่สามารถอ่านคำขอนี้ได้ อาจเป็นเพราะลิงก์ไม่ครบถ้วนหรือข้อมูลที่ส่งมาผิดรูปแบบ",
        "โปรดกลับไปหน้าก่อนหน้าแล้วลองใหม่อีกครั้ง หรือเริ่มจากหน้าหลัก",
    ),
    "403": ErrorPage(
        403,
        TITLE_FORBIDDEN,
        "บัญชีของท่านไม่มีสิทธิ์ดูหรือแก้ไขข้อมูลในหน้านี้",
        "หากท่านควรมีสิทธิ์ โปรดติดต่อผู้ดูแลระบบของหน่วยงาน",
    ),
    "csrf": ErrorPage(
        403,
        TITLE_CSRF,
        "ระบบไม่ได้รับการยืนยันว่าแบบฟอร์มนี้ส่งมาจากหน้าของระบบเอง"
        " มักเกิดเมื่อเปิดแบบฟอร์มทิ้งไว้นานหรือเบราว์เซอร์ปิดการใช้คุกกี้",
        "โปรดเปิดการใช้คุกกี้ของเว็บไซต์นี้ โหลดหน้าแบบฟอร์มใหม่ แล้วส่งข้อมูลอีกครั้ง",
    ),
    "404": ErrorPage(
        404,
        TITLE_NOT_FOUND,
        "ไม่พบหน้าหรือข้อมูลตามที่อยู่นี้ อาจพิมพ์ที่อยู่ผิด หรือข้อมูลยังไม่เผยแพร่",
        "โปรดตรวจสอบที่อยู่อีกครั้ง หรือค้นหาจากหน้าหลัก",
    ),
    "405": ErrorPage(
        405,
        TITLE_METHOD_NOT_ALLOWED,
        "หน้านี้ไม่รับคำขอในรูปแบบที่ส่งมา",
        "โปรดเปิดหน้านี้จากลิงก์หรือปุ่มในระบบ แทนการเรียกโดยตรง",
    ),
    "413": ErrorPage(
        413,
        TITLE_TOO_LARGE,
        "ไฟล์หรือข้อมูลที่ส่งมามีขนาดใหญ่เกินกว่าที่ระบบรับได้",
        "โปรดลดขนาดไฟล์ (เช่น ย่อรูปภาพหรือแบ่งไฟล์) แล้วส่งใหม่อีกครั้ง",
    ),
    # A form posting more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS (Django's TooManyFieldsSent).
    "too_many_fields": ErrorPage(
        400,
        TITLE_TOO_MANY_FIELDS,
        "แบบฟอร์มที่ส่งมามีจำนวนช่องข้อมูลมากกว่าที่ระบบรับได้ในการบันทึกครั้งเดียว ระบบจึงยังไม่ได้บันทึกสิ่งที่แก้ไขในครั้งนี้",
        "โปรดกดปุ่มย้อนกลับของเบราว์เซอร์ (ข้อความที่พิมพ์ไว้มักยังอยู่ในแบบฟอร์ม) คัดลอกสิ่งที่แก้ไขเก็บไว้"
        " แล้วแจ้งผู้ดูแลระบบของหน่วยงานพร้อมชื่อหน้านี้ เพื่อขยายจำนวนช่องที่ระบบรับได้",
    ),
    "429": ErrorPage(
        429,
        TITLE_TOO_MANY_REQUESTS,
        "มีการเรียกใช้จากที่อยู่นี้บ่อยเกินกว่าที่ระบบกำหนด",
        "โปรดรอสักครู่แล้วลองใหม่อีกครั้ง",
    ),
    "500": ErrorPage(
        500,
        TITLE_SERVER_ERROR,
        "ระบบเกิดข้อผิดพลาดขณะดำเนินการตามคำขอ เจ้าหน้าที่ได้รับแจ้งเหตุแล้ว",
        "โปรดลองใหม่อีกครั้งในภายหลัง หากยังพบปัญหา โปรดแจ้งผู้ดูแลระบบ",
    ),
    # Hostile input (ita_portal/input_guard.py): a NUL byte in a field, a query or the path.
    "nul_byte": ErrorPage(
        400,
        TITLE_BAD_REQUEST,
        MESSAGE_NUL,
        "โปรดลบอักขระพิเศษออก (เช่น คัดลอกข้อความใหม่จากต้นฉบับ) แล้วส่งอีกครั้ง",
    ),
    # A published PDF whose bytes no longer match the SHA-256 recorded at publication.
    "pdf_altered": ErrorPage(
        503,
        TITLE_PDF_ALTERED,
        MESSAGE_PDF_ALTERED,
        "เจ้าหน้าที่ได้รับแจ้งเหตุแล้ว โปรดลองใหม่อีกครั้งในภายหลัง",
    ),
    # The maintenance switch (ita_portal/maintenance.py) while an upgrade runs.
    "maintenance": ErrorPage(
        503,
        TITLE_MAINTENANCE,
        MESSAGE_MAINTENANCE,
        "กรุณากลับมาใหม่อีกครั้งในไม่กี่นาที",
    ),
    "locked_out": ErrorPage(
        429,
        TITLE_LOCKED_OUT,
        "มีการใส่รหัสผ่านผิดเกินจำนวนครั้งที่กำหนด ระบบจึงระงับการเข้าสู่ระบบของบัญชีนี้"
        "จากเครื่องนี้ไว้ชั่วคราวเพื่อความปลอดภัย",
        "โปรดรอ {wait} แล้วเข้าสู่ระบบอีกครั้ง หากจำรหัสผ่านไม่ได้ โปรดติดต่อผู้ดูแลระบบของหน่วยงาน",
    ),
}

# What a visitor still reads when even the template fails (the 500 handler's last resort).
LAST_RESORT_500 = (
    '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>ระบบขัดข้องชั่วคราว'
    "</title></head><body><h1>ระบบขัดข้องชั่วคราว</h1><p>โปรดลองใหม่อีกครั้งในภายหลัง</p>"
    '<p><a href="/">กลับไปหน้าหลัก</a></p></body></html>'
)


def thai_duration(delta: dt.timedelta) -> str:
    """'๑ ชั่วโมง ๓๐ นาที', '๑๕ นาที', '๔๕ วินาที' (seconds only under a minute)."""
    seconds = max(int(delta.total_seconds()), 0)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [(days, "วัน"), (hours, "ชั่วโมง"), (minutes, "นาที")]
    words = [f"{n} {unit}" for n, unit in parts if n]
    if not words:
        words = [f"{seconds} วินาที"]
    return to_thai_digits(" ".join(words))


def page_context(key: str, *, wait: dt.timedelta | None = None) -> dict[str, object]:
    """The template context of one error page (the wait fills a lockout's "what to do")."""
    page = ERROR_PAGES[key]
    to_do = page.to_do
    if key == "locked_out":
        to_do = to_do.format(wait=thai_duration(wait)) if wait else ASK_AN_ADMINISTRATOR
    return {"page": page, "to_do": to_do, "home_link": HOME_LINK}


def render_page(key: str, *, headers: dict[str, str] | None = None) -> HttpResponse:
    """The page <key>.html as a response, rendered without the request (nothing that may fail)."""
    html = loader.render_to_string(f"{key}.html")
    return HttpResponse(html, status=ERROR_PAGES[key].status, headers=headers)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a request body above DATA_UPLOAD_MAX_MEMORY_SIZE is "too large" (413); a
    form with more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS is told that nothing was saved."""
    if isinstance(exception, RequestDataTooBig):
        return render_page("413")
    if isinstance(exception, TooManyFieldsSent):
        return render_page("too_many_fields")
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the Thai page, or a fixed Thai text if even the template fails."""
    try:
        return defaults.server_error(request)
    except Exception:
        logger.exception("the 500 page itself failed to render")
        return HttpResponse(LAST_RESORT_500, status=500)


class ThaiMethodNotAllowedMiddleware:
    """Django's 405 (require_POST, require_safe, a View without the method) is an empty page:
    answer the Thai page instead, with the same Allow header. DRF's JSON 405 is left alone."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if type(response) is HttpResponseNotAllowed:
            return render_page("405", headers={"Allow": response["Allow"]})
        return response
