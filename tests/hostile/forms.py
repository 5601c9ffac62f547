"""The forms of a page, read from its HTML as a browser would send them, and their hostile twins.

A form is its method, its action and its fields with the values a browser would post when
nothing is touched (a select's chosen option, a checked box, the first named submit button).
The variants change the fields a person could type into or pick from, and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

NUL = "\x00"
HUGE = "9" * 25  # far above 2**63 - 1: any id, year, count or score
TOKEN = "csrfmiddlewaretoken"
# Typed into by a person: the text an oversize or NUL field test fills.
TEXT_TYPES = {"text", "search", "email", "url", "tel", "password", "textarea", ""}
# Read as a number or an id by a view: what the huge-number test fills.
NUMBER_TYPES = {"number", "select", "hidden", "radio", "checkbox", "range"}
NUMERIC_NAME = re.compile(r"(^|[_-])(id|pk|year|score|count|number|version|order|page)s?$")
# Never posted: a file needs a real upload, a button is chosen by `submit` below.
UNSENT_TYPES = {"file", "submit", "button", "reset", "image"}


@dataclass
class Field:
    name: str
    kind: str  # input type, "textarea" or "select"
    value: str = ""
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected)
    multiple: bool = False

    def default(self) -> list[str]:
        """What a browser sends for the field untouched ([] for an unchecked box)."""
        if self.kind in {"checkbox", "radio"}:
            return [self.value or "on"] if self.checked else []
        if self.kind == "select":
            chosen = [value for value, selected in self.options if selected]
            if chosen or self.multiple:
                return chosen
            # A required choice left on its placeholder would stop the form before any save:
            # the first real option goes further into the view.
            real = [value for value, _ in self.options if value]
            return real[:1]
        return [self.value]


@dataclass
class Form:
    page: str
    method: str
    action: str
    fields: list[Field] = field(default_factory=list)
    submit: tuple[str, str] | None = None

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        """The same form met on another page or by another user is posted once."""
        return self.action, tuple(sorted({f.name for f in self.fields}))

    def data(self, change=None) -> dict[str, list[str]]:
        """The posted fields, each changed by change(field, default) where it says so."""
        posted: dict[str, list[str]] = {}
        for entry in self.fields:
            values = entry.default()
            if change is not None and entry.name != TOKEN:
                values = change(entry, values)
            if values:
                posted.setdefault(entry.name, []).extend(values)
        if self.submit:
            posted.setdefault(self.submit[0], []).append(self.submit[1])
        return posted

    def is_text(self, entry: Field) -> bool:
        return entry.kind in TEXT_TYPES or entry.kind == "textarea"

    def is_number(self, entry: Field) -> bool:
        if entry.kind in NUMBER_TYPES:
            return True
        return bool(NUMERIC_NAME.search(entry.name)) or entry.value.strip().isdigit()


class _FormReader(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: Field | None = None
        self._select: Field | None = None
        self._option: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if self._form is None:  # a form inside a form: browsers ignore the inner tag
                action = urljoin(self.page, a.get("action") or self.page)
                self._form = Form(self.page, (a.get("method") or "get").lower(), action)
                self.forms.append(self._form)
        elif self._form is not None and "disabled" not in a:
            self._field(self._form, tag, a)

    def _field(self, form: Form, tag: str, a: dict[str, str]) -> None:
        name = a.get("name", "")
        kind = a.get("type", "submit" if tag == "button" else "text").lower()
        if tag in {"input", "button"} and kind in {"submit", "image"}:
            if name and form.submit is None:
                form.submit = (name, a.get("value", ""))
        elif tag == "input" and name and kind not in UNSENT_TYPES:
            form.fields.append(Field(name, kind, a.get("value", ""), checked="checked" in a))
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea")
            form.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = Field(name, "select", multiple="multiple" in a)
            form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value", "\x01"), "selected" in a, ""]

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag in {"option", "select"} and self._option is not None and self._select:
            value, selected, text = self._option
            # An option without a value attribute posts its text.
            self._select.options.append((text.strip() if value == "\x01" else value, selected))
            self._option = None
        if tag == "select":
            self._select = None


def forms_of(page: str, html: str) -> list[Form]:
    """Every form of the page, its action made a path of this site ([] for another site's)."""
    reader = _FormReader(page)
    reader.feed(html)
    reader.close()
    found = []
    for form in reader.forms:
        parts = urlsplit(form.action)
        if parts.netloc and parts.netloc != "testserver":
            continue
        form.action = parts.path + (f"?{parts.query}" if parts.query else "")
        found.append(form)
    return found


def with_nul(form: Form) -> dict[str, list[str]] | None:
    """A NUL byte in every field (text, choice, hidden alike) and the button: nothing may
    take one. None for a form with nothing to send but its token (a bare button)."""
    data = form.data(lambda entry, values: [f"{v}{NUL}" for v in values or [""]])
    if form.submit:
        data[form.submit[0]] = [f"{form.submit[1]}{NUL}"]
    return data if any(NUL in v for values in data.values() for v in values) else None


def with_oversize(form: Form, size: int) -> dict[str, list[str]]:
    """`size` characters of Thai text in every field a person types into."""
    text = ("ก" * size)[:size]
    return form.data(lambda entry, values: [text] if form.is_text(entry) else values)


def with_huge_numbers(form: Form) -> dict[str, list[str]]:
    """A 25-digit number in every choice, number, hidden or id-like field."""
    return form.data(lambda entry, values: [HUGE] if form.is_number(entry) else values)
