"""What is wrong with a score file: each problem names its line and column, the first 200 are kept."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

MAX_LISTED: Final = 200
MESSAGE_MORE = "และยังมีปัญหาอื่นอีก {count} รายการที่ไม่ได้แสดง แก้ไขรายการข้างต้นแล้วนำเข้าใหม่"


@dataclass(frozen=True)
class ImportProblem:
    line: int  # 1 is the header; 0 is the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if not self.line:
            return self.message  # the file as a whole
        where = f"บรรทัดที่ {self.line}" + (f" คอลัมน์ {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ScoreImportError(Exception):
    """The file cannot be imported: problems lists the first reasons, more counts the rest."""

    def __init__(self, problems: Sequence[ImportProblem], more: int = 0):
        self.problems = list(problems)
        self.more = more
        lines = [str(p) for p in self.problems]
        if more:
            lines.append(MESSAGE_MORE.format(count=more))
        super().__init__("\n".join(lines))

    @property
    def count(self) -> int:
        return len(self.problems) + self.more


def refuse(message: str, line: int = 0, column: str = "") -> ScoreImportError:
    """The error of a file refused as a whole (one problem; line 0: no line in particular)."""
    return ScoreImportError([ImportProblem(line, column, message)])


Report = Callable[[str, str], None]


class Problems:
    """Collects problems in the order found; keeps the first MAX_LISTED and counts the rest."""

    def __init__(self, limit: int = MAX_LISTED):
        self.limit = limit
        self.listed: list[ImportProblem] = []
        self.more = 0

    def __len__(self) -> int:
        return len(self.listed) + self.more

    def add(self, line: int, column: str, message: str) -> None:
        if len(self.listed) < self.limit:
            self.listed.append(ImportProblem(line, column, message))
        else:
            self.more += 1

    def at(self, line: int) -> Report:
        """A reporter of problems of one line: report(column, message)."""
        return lambda column, message: self.add(line, column, message)

    def raise_if_any(self) -> None:
        if self:
            listed = sorted(self.listed, key=lambda p: (p.line, p.column))
            raise ScoreImportError(listed, self.more)
