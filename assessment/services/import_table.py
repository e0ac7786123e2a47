"""A survey tool's export as a table: CSV (any of the usual encodings and separators) or XLSX,
with one header row or two (SurveyMonkey writes the question in the first and "Response", an
option or a matrix row in the second), and each column's question and sub-label.

Nothing here knows the questionnaire; `import_columns` matches the columns to it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 2000
XLSX_UNPACKED = 80 * 1024 * 1024  # what the parts of an XLSX may unpack to, against zip bombs
DELIMITERS = (",", ";", "\t")
# the second header row of SurveyMonkey's export names no option for single answers and texts
PLACEHOLDERS = {"response", "open-ended response", "open ended response", "antwort", "offene antwort"}
BRACKETED = re.compile(r"^(?P<header>.*?\S)\s*\[(?P<sub>[^\[\]]+)\]$", re.DOTALL)


class FileRefused(ValueError):
    """The file as a whole cannot be imported (size, encoding, shape)."""

    def __init__(self, kind: str, **params: Any):
        super().__init__(kind)
        self.kind = kind
        self.params = params


@dataclass(frozen=True)
class SourceColumn:
    """One column of the file: its question-level header and the sub-label under or after it."""

    index: int
    header: str
    sub: str | None = None

    @property
    def name(self) -> str:
        """As a spreadsheet shows it: "Question [Option]" for a column with a sub-label."""
        return self.header if self.sub is None else f"{self.header} [{self.sub}]"


@dataclass
class Table:
    columns: list[SourceColumn]
    records: list[tuple[int, list[str]]]  # (spreadsheet row number, cells) of every non-empty answer row
    header_rows: int


def normal(text: str) -> str:
    """Case- and whitespace-insensitive form of a header or a value."""
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def decode_csv(data: bytes) -> str:
    encodings: tuple[str, ...]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)  # Excel's "Unicode text"
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding).replace("\x00", "\u2400")
        except UnicodeDecodeError:
            continue
    raise FileRefused("encoding")


def sniff_delimiter(text: str) -> str:
    """The delimiter used most in the header line, outside quotes; a comma when in doubt."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            break
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv_records(data: bytes, max_rows: int) -> list[tuple[int, list[str]]]:
    """(row number, cells) of the non-empty rows of a CSV file."""
    text = decode_csv(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    records = []
    try:
        for number, cells in enumerate(reader, 1):
            if any(cell.strip() for cell in cells):
                records.append((number, cells[:MAX_COLUMNS]))
            if len(records) > max_rows + 2:
                raise FileRefused("too_many_rows", limit=max_rows)
    except csv.Error as exc:
        raise FileRefused("malformed", line=reader.line_num, detail=str(exc)) from None
    return records


def is_xlsx(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def _xlsx_text(value: Any) -> str:
    """A cell's value as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def read_xlsx_records(data: bytes, max_rows: int) -> list[tuple[int, list[str]]]:
    """(row number, cells) of the non-empty rows of the first sheet of an XLSX workbook."""
    from openpyxl import load_workbook  # only imports of spreadsheets need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileRefused("not_a_spreadsheet") from None
    if unpacked > XLSX_UNPACKED:
        raise FileRefused("unpacked_too_large", limit=XLSX_UNPACKED)
    records: list[tuple[int, list[str]]] = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
                cells = [_xlsx_text(value) for value in row[:MAX_COLUMNS]]
                if any(cell.strip() for cell in cells):
                    records.append((number, cells))
                if len(records) > max_rows + 2:
                    raise FileRefused("too_many_rows", limit=max_rows)
        finally:
            book.close()
    except (InvalidFileException, zipfile.BadZipFile, KeyError, IndexError, ValueError, TypeError) as exc:
        if isinstance(exc, FileRefused):
            raise
        raise FileRefused("not_a_spreadsheet") from None
    return records


def _second_header_row(first: list[str], second: list[str]) -> bool:
    """SurveyMonkey's layout: "Response" (or "Open-Ended Response") placeholders under the questions."""
    if any(normal(cell) in PLACEHOLDERS for cell in second):
        return True
    return bool(first) and normal(first[0]) == "respondent id" and not second[0].strip()


def _columns(first: list[str], second: list[str] | None) -> list[SourceColumn]:
    columns = []
    header = ""
    width = max(len(first), len(second or []))
    for index in range(width):
        top = first[index].strip() if index < len(first) else ""
        header = top or header  # a merged question cell spans the options under it
        sub = second[index].strip() if second is not None and index < len(second) else ""
        if second is None or not sub or normal(sub) in PLACEHOLDERS:
            match = BRACKETED.match(top) if second is None else None
            if match:  # Google Forms and LimeSurvey: "Question [Row]" or "Q3[SQ001]"
                columns.append(SourceColumn(index, match["header"].strip(), match["sub"].strip()))
            else:
                columns.append(SourceColumn(index, top or (header if sub else "")))
        else:
            columns.append(SourceColumn(index, header, sub))
    return columns


def read_table(data: bytes, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> Table:
    """The file's columns and answer rows; FileRefused when it cannot be read as a table of answers."""
    if len(data) > max_bytes:
        raise FileRefused("too_large", size=len(data), limit=max_bytes)
    records = read_xlsx_records(data, max_rows) if is_xlsx(data) else read_csv_records(data, max_rows)
    if not records:
        raise FileRefused("empty")
    first = records[0][1]
    second = records[1][1] if len(records) > 1 and _second_header_row(first, records[1][1]) else None
    header_rows = 1 if second is None else 2
    rows = records[header_rows:]
    if not rows:
        raise FileRefused("no_rows")
    if len(rows) > max_rows:
        raise FileRefused("too_many_rows", limit=max_rows)
    return Table(_columns(first, second), rows, header_rows)
