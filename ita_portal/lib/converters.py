"""`<dbint:pk>`: a URL's integer that a database column can hold (1 to 19 digits, at most
2**63 - 1). Django's `<int:…>` matches any length, and a 20-digit id reached SQLite as an
OverflowError (500); past the range this converter does not match, so the answer is 404."""

from __future__ import annotations

from django.urls import register_converter

MAX_BIGINT = 2**63 - 1


class DatabaseIntegerConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_BIGINT:
            raise ValueError(value)  # no match: the resolver goes on and ends in 404
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


register_converter(DatabaseIntegerConverter, "dbint")
