"""Argument types for management commands: a number out of its range is the operator's mistake,
answered in Thai by the parser, never a loop of 10^25 rounds or a database overflow."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ita_portal.lib.thai import to_arabic_digits

ERROR_NOT_A_COUNT = "ต้องเป็นจำนวนเต็มตั้งแต่ {low:,} ถึง {high:,} (ได้รับ {value})"


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: an integer (Thai or Arabic digits) from low to high inclusive."""

    def parse(text: str) -> int:
        digits = to_arabic_digits(text).strip()
        shown = (text if len(text) <= 30 else f"{text[:30]}…").replace("\x00", "\\x00")
        if not digits.lstrip("-").isdigit() or len(digits) > len(str(high)) + 1:
            raise argparse.ArgumentTypeError(
                ERROR_NOT_A_COUNT.format(low=low, high=high, value=shown)
            )
        value = int(digits)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                ERROR_NOT_A_COUNT.format(low=low, high=high, value=shown)
            )
        return value

    parse.__name__ = "จำนวน"  # argparse names the type in its own "invalid … value" message
    return parse


ERROR_NUL_IN_PATH = "ชื่อแฟ้มหรือโฟลเดอร์มีอักขระควบคุม NUL (รหัส 0): {value}"
ERROR_OUTPUT_IS_FOLDER = "{path} เป็นโฟลเดอร์ ต้องระบุชื่อแฟ้มที่จะเขียน"
ERROR_OUTPUT_NO_FOLDER = "ไม่พบโฟลเดอร์ {folder} ที่จะเขียนแฟ้ม"


def path_argument(text: str) -> Path:
    """An argparse type: a file or folder name, never one holding a NUL byte (no system has)."""
    if "\x00" in text:
        raise argparse.ArgumentTypeError(
            ERROR_NUL_IN_PATH.format(value=text.replace("\x00", "\\x00"))
        )
    return Path(text)


def output_file(text: str) -> Path:
    """An argparse type: a file to write, in a folder that exists, and not a folder itself."""
    path = path_argument(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(ERROR_OUTPUT_IS_FOLDER.format(path=path))
    if not path.absolute().parent.is_dir():
        raise argparse.ArgumentTypeError(ERROR_OUTPUT_NO_FOLDER.format(folder=path.parent))
    return path


ERROR_NUL_ARGUMENT = "ค่าที่ส่งให้คำสั่งมีอักขระควบคุม NUL (รหัส 0) ซึ่งระบบไม่รับ: {value}"


class PortalCommand(BaseCommand):
    """A command of the portal: a NUL byte in any argument is refused in Thai before its work
    (PostgreSQL refuses NUL in text: a code or a user name would reach a query and fail)."""

    def execute(self, *args: Any, **options: Any) -> Any:
        for value in [*args, *options.values()]:
            for item in value if isinstance(value, list | tuple) else [value]:
                if isinstance(item, str | Path) and "\x00" in str(item):
                    shown = str(item).replace("\x00", "\\x00")[:60]
                    raise CommandError(ERROR_NUL_ARGUMENT.format(value=shown))
        return super().execute(*args, **options)
