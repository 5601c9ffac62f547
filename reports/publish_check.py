"""What publishing now would change: the approver's confirmation page before a new version.

The report is built as publishing builds it (publishing.publishable_content); its digest says
whether anything changed from the live version, and a comparison of the two texts, paragraph by
paragraph, says what. Nothing is rendered to PDF and nothing is written.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from html.parser import HTMLParser

from django.core.exceptions import ValidationError

from actionplans.selectors import plan_for_report
from assessments.models import Assessment

from . import publishing
from .models import ReportPublication
from .report.builder import render_report_html

MAX_CHANGES = 60
BLOCK_TAGS = frozenset(
    {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "figcaption", "dt", "dd"}
)
SKIPPED_TAGS = frozenset({"script", "style", "title", "svg"})


@dataclass(frozen=True)
class TextChange:
    added: bool  # True: in the new version only; False: in the live version only
    text: str


@dataclass(frozen=True)
class PublishCheck:
    errors: tuple[str, ...] = ()  # why it cannot be published now (none when it can)
    warnings: tuple[str, ...] = ()
    live: ReportPublication | None = None
    unchanged: bool = False
    changes: tuple[TextChange, ...] = ()
    more_changes: int = 0  # changes beyond MAX_CHANGES, counted but not shown
    digest: str = ""  # what is confirmed: the POST publishes only a report with this digest


class _TextBlocks(HTMLParser):
    """The visible text of a document, one string per paragraph, cell, item or heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def close(self) -> None:
        super().close()
        self._flush()


def text_blocks(html: str) -> list[str]:
    parser = _TextBlocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


def text_changes(old_html: str, new_html: str) -> list[TextChange]:
    """Paragraphs removed from the old text and added in the new one, in document order."""
    old, new = text_blocks(old_html), text_blocks(new_html)
    changes: list[TextChange] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changes += [TextChange(added=False, text=text) for text in old[i1:i2]]
        changes += [TextChange(added=True, text=text) for text in new[j1:j2]]
    return changes


def publish_check(assessment: Assessment) -> PublishCheck:
    """The warnings, and what a new version would change from the live one."""
    try:
        made = publishing.publishable_content(assessment)
    except ValidationError as exc:
        return PublishCheck(errors=tuple(exc.messages))
    revision = publishing.revision_pending_warning(assessment, plan_for_report(assessment))
    warnings = ((revision,) if revision else ()) + tuple(made.pdf_report.warnings)
    live = publishing.live_version(assessment.pk)
    if live is None:
        return PublishCheck(warnings=warnings, digest=made.digest)
    if live.content_sha256 == made.digest:
        return PublishCheck(warnings=warnings, live=live, unchanged=True, digest=made.digest)
    live_html = ReportPublication.objects.values_list("html", flat=True).get(pk=live.pk)
    new_html = render_report_html(made.web_report, mode="web", draft=False)
    changes = text_changes(live_html, new_html)
    return PublishCheck(
        warnings=warnings,
        live=live,
        changes=tuple(changes[:MAX_CHANGES]),
        more_changes=max(0, len(changes) - MAX_CHANGES),
        digest=made.digest,
    )
