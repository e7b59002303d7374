"""A corpus of bad inputs: each case is a few tiny files, the tiercli command to run on them
and what must happen (exit code; the words the message must contain).

tests/test_bad_inputs.py runs every case in a temporary folder and checks the exit code, the
message, that no traceback is printed, that nothing (or exactly the outputs) was written and,
for runs that succeed, that every file's rows reconcile. To look at the files by hand:

    .venv/bin/python scripts/make_bad_inputs.py /tmp/bad      # one folder per case
    cd /tmp/bad/zip-bomb && sh command.sh

Nothing here is large: the biggest file is a 50 kB zip that would inflate to 50 MB.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = "order_id,customer_id,order_date,amount"
OK_ROWS = ["A1,C1,2026-01-05,100", "A2,C1,2026-02-10,250", "A3,C2,2026-03-01,80"]


@dataclass(frozen=True)
class Case:
    """One hostile input. ``args`` run in the case's folder; ``-o`` defaults to out.csv.

    ``expect`` are texts the message must contain: the error (exit 2) or, for runs that
    succeed (exit 0), the warnings and reject reasons of the JSON summary.
    """

    name: str
    files: dict[str, bytes]
    args: tuple[str, ...]
    exit_code: int
    expect: tuple[str, ...] = ()
    setup: Callable[[Path], None] | None = None
    outputs: tuple[str, ...] = ("out.csv", "out_rejects.csv")
    options: dict[str, str] = field(default_factory=dict)

    @property
    def command(self) -> list[str]:
        args = list(self.args)
        if args[0] == "segment" and "-o" not in args:
            args += ["-o", "out.csv"]
        if args[0] == "segment" and self.exit_code == 0 and "--json" not in args:
            args += ["--json", "-q", "--lang", "en"]
        return args


def _csv(*rows: str, header: str = HEADER, newline: str = "\n") -> bytes:
    return (newline.join([header, *rows]) + newline).encode("utf-8")


def _xlsx(rows: list[list[object]], sheet: str = "orders") -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    book.close()
    return buffer.getvalue()


def _merged_block() -> bytes:
    """An ERP export that writes each customer once per block of rows (merged cells)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet("订单")
    ws.write_row(0, 0, ["客户编号", "订单号", "下单日期", "金额"])
    ws.merge_range(1, 0, 3, 0, "C1")
    ws.merge_range(4, 0, 5, 0, "C2")
    for i in range(5):
        ws.write_row(i + 1, 1, [f"A{i}", f"2026-0{i + 1}-01", 100 + i])
    book.close()
    return buffer.getvalue()


def _uncached_formula() -> bytes:
    """A workbook written by a program that stores formulas but not their results."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "orders"
    ws.append(["order_id", "customer_id", "order_date", "quantity", "unit_price", "amount"])
    ws.append(["A1", "C1", "2026-01-05", 2, 50, 100])
    ws.append(["A2", "C1", "2026-02-05", 3, 50, "=D3*E3"])
    ws.append(["A3", "C2", "2026-03-05", 1, 80, 80])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_BOMB_SHEET = b"<worksheet><sheetData>" + b" " * (50 << 20) + b"</sheetData></worksheet>"


def _bomb() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": _BOMB_SHEET})


def _lying_bomb() -> bytes:
    """A zip whose headers claim the sheet is small (and a plausible ratio); it inflates to 5 MB."""
    sheet = b"<worksheet><sheetData>" + b" " * (5 << 20) + b"</sheetData></worksheet>"
    data = bytearray(_zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": sheet}))
    name = b"xl/worksheets/sheet1.xml"
    local = 0
    while True:
        local = data.index(b"PK\x03\x04", local)
        (name_len,) = struct.unpack("<H", data[local + 26 : local + 28])
        if data[local + 30 : local + 30 + name_len] == name:
            break
        local += 4
    (compressed,) = struct.unpack("<L", data[local + 18 : local + 22])
    lie = struct.pack("<L", compressed * 3)
    data[local + 22 : local + 26] = lie
    central = 0
    while True:
        central = data.index(b"PK\x01\x02", central)
        (name_len,) = struct.unpack("<H", data[central + 28 : central + 30])
        if data[central + 46 : central + 46 + name_len] == name:
            break
        central += 4
    data[central + 24 : central + 28] = lie
    return bytes(data)


def _ole(encrypted: bool) -> bytes:
    """An OLE compound file header; an encrypted .xlsx has an EncryptedPackage stream."""
    body = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    if encrypted:
        body += "EncryptionInfo".encode("utf-16-le") + bytes(50)
        body += "EncryptedPackage".encode("utf-16-le") + bytes(46)
    return bytes(body + bytes(2048))


def _html() -> bytes:
    return (
        '<html><head><meta charset="utf-8"><title>销售订单</title></head><body>'
        "<table border=1><tr><th>订单号</th><th>客户编号</th><th>下单日期</th><th>金额</th></tr>"
        "<tr><td>A1</td><td rowspan=2>C1</td><td>2026-01-05</td><td>1,200.50</td></tr>"
        "<tr><td>A2</td><td>2026-02-05</td><td>300</td></tr>"
        "<tr><td>A3</td><td>C2</td><td>2026-03-05</td><td>80</td></tr>"
        "</table></body></html>"
    ).encode()


def _xml2003(extra: str = "") -> bytes:
    def cell(value: str, kind: str = "String") -> str:
        return f'<Cell><Data ss:Type="{kind}">{value}</Data></Cell>'

    header = "".join(cell(h) for h in HEADER.split(","))
    rows = [
        cell("A1")
        + cell("C1")
        + cell("2026-01-05T00:00:00.000", "DateTime")
        + cell("100", "Number"),
        cell("A2")
        + cell("C2")
        + cell("2026-02-05T00:00:00.000", "DateTime")
        + cell("80", "Number"),
    ]
    body = "".join(f"<Row>{r}</Row>" for r in [header, *rows])
    return (
        f'<?xml version="1.0"?>{extra}<?mso-application progid="Excel.Sheet"?>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        f'<Worksheet ss:Name="orders"><Table>{body}</Table></Worksheet></Workbook>'
    ).encode()


_BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def _big5_in_gbk() -> bytes:
    head = "订单号,客户编号,下单日期,金额,备注\n".encode("gbk")
    simplified = "A1,C1,2026-01-05,100,广州展会老客户\n".encode("gbk")
    traditional = "A2,C2,2026-02-05,80,臺灣進口商聯絡窗口變更\n".encode("big5")
    return head + simplified * 3 + traditional


def _legacy_xls() -> bytes:
    return (ROOT / "tests" / "data" / "mini_orders.xls").read_bytes()


def _previous_with_other_tiers(folder: Path) -> None:
    (folder / "last.csv").write_text("customer_id,tier\nC1,Gold\nC2,Silver\n", encoding="utf-8")


def _read_only(folder: Path) -> None:
    (folder / "out.csv").write_text("last month", encoding="utf-8")
    (folder / "out.csv").chmod(0o444)


def _symlink(folder: Path) -> None:
    (folder / "link.csv").symlink_to("orders.csv")


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "orders.csv")  # reading it would wait for a writer forever


def _history_with_odd_names(folder: Path) -> None:
    (folder / "runs").mkdir()
    (folder / "runs" / "tiers_2026-13-45.xlsx").write_bytes(b"not ours")


def cases() -> list[Case]:
    ok = _csv(*OK_ROWS)
    seg = ("segment", "orders.csv")
    return [
        # ---------------------------------------------------------------- outputs
        Case(
            "output-is-the-input",
            {"orders.csv": ok},
            ("segment", "orders.csv", "-o", "orders.csv"),
            2,
            ("-o orders.csv", "input of the run", "another output name"),
        ),
        Case(
            "output-is-a-link-to-the-input",
            {"orders.csv": ok},
            ("segment", "orders.csv", "-o", "link.csv"),
            2,
            ("link.csv", "same file as orders.csv"),
            setup=_symlink,
        ),
        Case(
            "output-type-unsupported",
            {"orders.csv": ok},
            ("segment", "orders.csv", "-o", "out.txt"),
            2,
            ("out.txt", "is not an output type", ".xlsx, .csv or .parquet"),
        ),
        Case(
            "output-is-a-device",
            {},
            ("init", "/dev/full", "--force"),
            2,
            ("/dev/full", "not a regular file", "give a file name"),
        ),
        Case(
            "output-read-only",
            {"orders.csv": ok},
            seg,
            2,
            ("out.csv", "read-only", "chmod u+w"),
            setup=_read_only,
            outputs=("out.csv",),
        ),
        Case(
            "output-open-in-excel",
            {"orders.csv": ok, "~$out.xlsx": b"x"},
            ("segment", "orders.csv", "-o", "out.xlsx"),
            2,
            ("out.xlsx", "open in Excel", "Close it"),
        ),
        Case(
            "output-under-a-file",
            {"orders.csv": ok},
            ("segment", "orders.csv", "-o", "orders.csv/out.xlsx"),
            2,
            ("orders.csv is a file, not a folder", "another output path"),
        ),
        Case(
            "output-is-a-folder",
            {"orders.csv": ok, "out.xlsx/keep": b""},
            ("segment", "orders.csv", "-o", "out.xlsx"),
            2,
            ("out.xlsx is a folder", "give a file name"),
        ),
        # ---------------------------------------------------------------- containers
        Case(
            "zip-bomb",
            {"orders.xlsx": _bomb()},
            ("segment", "orders.xlsx"),
            2,
            ("orders.xlsx", "zip bomb", "docs/errors.md"),
        ),
        Case(
            "zip-bomb-lying-header",
            {"orders.xlsx": _lying_bomb()},
            ("segment", "orders.xlsx"),
            2,
            ("orders.xlsx", "more than", "declares"),
        ),
        Case(
            "encrypted-xlsx",
            {"orders.xlsx": _ole(encrypted=True)},
            ("segment", "orders.xlsx"),
            2,
            ("orders.xlsx", "password-protected", "remove the password"),
        ),
        Case(
            "damaged-ole-xls",
            {"orders.xls": _ole(encrypted=False)},
            ("segment", "orders.xls"),
            2,
            ("orders.xls", "cannot open as a workbook", "save it"),
        ),
        Case(
            "zip-that-is-not-a-workbook",
            {"orders.xlsx": _zip({"orders.csv": ok})},
            ("segment", "orders.xlsx"),
            2,
            ("orders.xlsx", "zip archive", "Unzip it"),
        ),
        Case(
            "truncated-xlsx",
            {"orders.xlsx": _xlsx([HEADER.split(","), ["A1", "C1", "2026-01-05", 100]])[:900]},
            ("segment", "orders.xlsx"),
            2,
            ("orders.xlsx", "damaged", "again"),
        ),
        Case(
            "pdf-named-xls",
            {"orders.xls": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"},
            ("segment", "orders.xls"),
            2,
            ("orders.xls", "PDF", "Export the data"),
        ),
        Case(
            "binary-named-csv",
            {"orders.csv": bytes(range(256)) * 8},
            seg,
            2,
            ("orders.csv", "binary data", "Export the data"),
        ),
        Case(
            "xml-named-xls",
            {"orders.xls": b'<?xml version="1.0"?><orders><o id="1"/></orders>'},
            ("segment", "orders.xls"),
            2,
            ("orders.xls", "XML file", "Export the data"),
        ),
        Case(
            "html-without-table",
            {"orders.xls": b"<html><body><p>Session expired</p></body></html>"},
            ("segment", "orders.xls"),
            2,
            ("orders.xls", "web page", "no table"),
        ),
        Case(
            "xml2003-entity-expansion",
            {"orders.xls": _xml2003(_BILLION_LAUGHS)},
            ("segment", "orders.xls"),
            2,
            ("orders.xls", "cannot be read", "save it as .xlsx"),
        ),
        Case(
            "text-named-parquet",
            {"orders.parquet": ok},
            ("segment", "orders.parquet"),
            2,
            ("orders.parquet", "not a Parquet file", "name it .csv"),
        ),
        Case(
            "text-named-xlsx-without-table",
            {"orders.xlsx": b"not a workbook at all"},
            ("segment", "orders.xlsx"),
            2,
            ("orders.xlsx", "plain text", "Export the data again"),
        ),
        Case(
            "unsupported-suffix",
            {"orders.docx": b"PK"},
            ("segment", "orders.docx"),
            2,
            ("orders.docx", "unsupported file type", ".csv"),
        ),
        Case("file-not-found", {}, ("segment", "nope.csv"), 2, ("nope.csv", "file not found")),
        # ---------------------------------------------------------------- text files
        Case("empty-file", {"orders.csv": b""}, seg, 2, ("orders.csv", "the file is empty")),
        Case(
            "bom-only",
            {"orders.csv": b"\xef\xbb\xbf"},
            seg,
            2,
            ("orders.csv", "the file is empty"),
        ),
        Case(
            "input-is-a-pipe",
            {},
            ("segment", "--orders", "orders.csv"),
            2,
            ("orders.csv", "not a regular file", "save the export to a file"),
            setup=_fifo,
        ),
        Case(
            "blank-lines-only",
            {"orders.csv": b" \r\n\r\n \n"},
            seg,
            2,
            ("orders.csv", "the file is empty"),
        ),
        Case(
            "header-only",
            {"orders.csv": _csv()},
            seg,
            2,
            ("orders.csv", "header on row 1", "no data rows"),
        ),
        Case(
            "all-rows-rejected",
            {
                "orders.csv": _csv(
                    "A1,C1,,100", "A2,,2026-02-05,80", "A3,,2026-02-06,90", "A4,C2,someday,10"
                )
            },
            seg,
            2,
            (
                "orders.csv",
                "all 4 row(s) were rejected",
                "blank customer id: 2 row(s), e.g. row 3",
                "blank order date: 1 row(s), e.g. row 2",
            ),
        ),
        Case(
            "unclosed-quote",
            {
                "orders.csv": _csv(
                    "A1,C1,2026-01-05,100", 'A2,"C1,2026-02-05,80', "A3,C2,2026-03-05,90"
                )
            },
            seg,
            2,
            ("orders.csv", "line 3", "never closed", "Remove that quote"),
        ),
        Case(
            "too-many-columns",
            {"orders.csv": _csv("A1,C1,2026-01-05,100," + ",".join(["x"] * 17_000))},
            seg,
            2,
            ("orders.csv", "17,004 cells", "at most 16,384 columns"),
        ),
        Case(
            "missing-date-column",
            {"orders.csv": _csv("A1,C1,100", header="order_id,customer_id,amount")},
            seg,
            2,
            ("orders.csv", "missing column 'order_date'", "Add columns:"),
        ),
        Case(
            "header-row-past-the-end",
            {"orders.csv": ok, "c.yaml": b"input: {header_row: 50}\n"},
            ("segment", "orders.csv", "-c", "c.yaml"),
            2,
            ("orders.csv", "header_row 50 is past the last row", "input.header_row"),
        ),
        # ---------------------------------------------------------------- options and config
        Case(
            "as-of-far-future",
            {"orders.csv": ok},
            ("segment", "orders.csv", "--as-of", "2999-01-01"),
            2,
            ("--as-of", "2999-01-01", "1900-01-01 to 2200-12-31"),
        ),
        Case(
            "as-of-before-1900",
            {"orders.csv": ok},
            ("segment", "orders.csv", "--as-of", "1800-01-01"),
            2,
            ("--as-of", "out of range"),
        ),
        Case(
            "as-of-impossible-day",
            {"orders.csv": ok},
            ("segment", "orders.csv", "--as-of", "2026-02-30"),
            2,
            ("--as-of", "not a date", "YYYY-MM-DD"),
        ),
        Case(
            "as-of-in-config-out-of-range",
            {"orders.csv": ok, "c.yaml": b"as_of: 2999-01-01\n"},
            ("segment", "orders.csv", "-c", "c.yaml"),
            2,
            ("c.yaml: invalid config", "as_of: 2999-01-01 is out of range"),
        ),
        Case(
            "as-of-before-every-order",
            {"orders.csv": ok},
            ("segment", "orders.csv", "--as-of", "2000-01-01"),
            2,
            ("as-of date 2000-01-01", "dated after it", "later --as-of"),
        ),
        Case(
            "as-of-in-config-impossible-day",
            {"orders.csv": ok, "c.yaml": b"as_of: 2026-02-30\n"},
            ("segment", "orders.csv", "-c", "c.yaml"),
            2,
            ("c.yaml", "not a date (line 1, column 8)", "as_of: 2026-02-30"),
        ),
        Case(
            "cutoff-out-of-range",
            {"orders.csv": ok},
            ("backtest", "orders.csv", "--cutoff", "3000-01-01"),
            2,
            ("--cutoff", "out of range"),
        ),
        Case(
            "horizon-out-of-range",
            {"orders.csv": ok},
            ("backtest", "orders.csv", "--cutoff", "2026-02-01", "--horizon", "99999999"),
            2,
            ("--horizon", "1 to 36500 days"),
        ),
        Case(
            "explain-unknown-customer",
            {"orders.csv": ok},
            ("explain", "orders.csv", "--customer", "C"),
            2,
            ("--customer 'C'", "no customer with that id or name", "Did you mean"),
        ),
        Case(
            "previous-and-history",
            {"orders.csv": ok},
            ("segment", "orders.csv", "--previous", "a.xlsx", "--history", "runs"),
            2,
            ("--previous or --history, not both",),
        ),
        Case(
            "previous-without-tiers",
            {"orders.csv": ok, "last.csv": b"id,x\n1,2\n"},
            ("segment", "orders.csv", "--previous", "last.csv"),
            2,
            ("last.csv", "no customer table with a tier column"),
        ),
        Case(
            "config-not-yaml",
            {"orders.csv": ok, "c.yaml": b"rfm: [\n"},
            ("segment", "orders.csv", "-c", "c.yaml"),
            2,
            ("c.yaml", "not valid YAML", "line 2"),
        ),
        Case(
            "config-unknown-key",
            {"orders.csv": ok, "c.yaml": b"rfm: {levles: 3}\n"},
            ("segment", "orders.csv", "-c", "c.yaml"),
            2,
            ("c.yaml", "levles", "levels"),
        ),
        # ---------------------------------------------------------------- read, with a warning
        Case(
            "china8-segment-map-with-prospects",
            {
                "orders.csv": ok,
                "inquiries.csv": b"customer_id,inquiry_date\nC9,2026-01-01\n",
                "c.yaml": b"rfm: {segment_map: china8}\n",
            },
            ("segment", "orders.csv", "--inquiries", "inquiries.csv", "-c", "c.yaml"),
            0,
        ),
        Case(
            "huge-amounts",
            {
                "orders.csv": _csv(
                    "A1,C1,2026-01-05,1e308",
                    "A2,C1,2026-02-05,1e308",
                    "A3,C2,2026-03-05,80",
                    "A4,C2,2026-03-06,inf",
                )
            },
            seg,
            0,
            ("amount is more than 1e15",),
        ),
        Case(
            "date-times",
            {
                "orders.csv": _csv(
                    "A1,C1,2026-01-05 23:59:59,100",
                    "A2,C1,2026-03-01 11:30,80",
                    "A3,C2,2026-03-01T08:00:00,90",
                )
            },
            ("segment", "orders.csv", "--as-of", "2026-03-01"),
            0,
        ),
        Case(
            "dates-out-of-range-in-cells",
            {"orders.csv": _csv("A1,C1,1850-01-05,100", "A2,C1,2250-01-05,80", *OK_ROWS)},
            seg,
            0,
            ("date out of range (1900-01-01 to 2200-12-31)",),
        ),
        Case(
            "blank-order-id",
            {"orders.csv": _csv(",C1,2026-01-05,100", "A2,C2,2026-02-05,80", ",C2,2026-02-05,80")},
            seg,
            0,
            ("blank order id", "counted as an order of its own"),
        ),
        Case(
            "blank-quantity",
            {
                "orders.csv": _csv(
                    "A1,C1,2026-01-05,110000,", "A2,C2,2026-02-05,80,5", header=HEADER + ",quantity"
                )
            },
            seg,
            0,
        ),
        Case(
            "inquiries-without-dates",
            {
                "orders.csv": ok,
                "inquiries.csv": b"customer_id,source\nC1,Website\nC3,Canton Fair\n",
            },
            ("segment", "orders.csv", "--inquiries", "inquiries.csv"),
            0,
        ),
        Case(
            "cr-only-line-ends-ragged",
            {
                "orders.csv": _csv(
                    "A1,C1,2026-01-05,100",
                    "A2,C1,2026-02-05,80,extra",
                    "A3,C2,2026-03-05,90",
                    newline="\r",
                )
            },
            seg,
            0,
            ("row has more cells than the header",),
        ),
        Case(
            "crlf-with-bom",
            {"orders.csv": b"\xef\xbb\xbf" + _csv(*OK_ROWS, newline="\r\n")},
            seg,
            0,
        ),
        Case(
            "200k-character-field-ragged",
            {
                "orders.csv": _csv(
                    "A1,C1,2026-01-05,100",
                    "A2,C1,2026-02-05,80," + "x" * 200_000,
                    "A3,C2,2026-03-05,90",
                )
            },
            seg,
            0,
            ("row has more cells than the header",),
        ),
        Case(
            "utf16-odd-length",
            {"orders.csv": _csv(*OK_ROWS).decode().encode("utf-16") + b"A"},
            seg,
            0,
            ("ends in the middle of a character",),
        ),
        Case(
            "utf16-without-bom", {"orders.csv": _csv(*OK_ROWS).decode().encode("utf-16-le")}, seg, 0
        ),
        Case(
            "nul-characters",
            {"orders.csv": _csv("A1,C1,2026-01-05,1\x0000", *OK_ROWS[1:])},
            seg,
            0,
            ("NUL characters",),
        ),
        Case("big5-inside-gbk", {"orders.csv": _big5_in_gbk()}, seg, 0, ("line(s) 5", "Big5")),
        Case(
            "zero-padded-ids-across-files",
            {
                "orders.csv": _csv("A1,00042,2026-01-05,100", "A2,C2,2026-02-05,80"),
                "customers.csv": b"customer_id,name\n42,Lima SAC\nC2,Nordic\n",
            },
            ("segment", "orders.csv", "--customers", "customers.csv"),
            0,
            ("00042 / 42", "leading zeros"),
        ),
        Case(
            "duplicate-headers",
            {
                "orders.csv": _csv(
                    "A1,C1,2026-01-05,100,999", "A2,C2,2026-02-05,80,999", header=HEADER + ",amount"
                )
            },
            seg,
            0,
            ("2 columns are headed 'amount'", "column D", "is used"),
        ),
        Case(
            "html-saved-as-xls",
            {"orders.xls": _html()},
            ("segment", "orders.xls"),
            0,
            ("web page (HTML table)",),
        ),
        Case(
            "tab-text-saved-as-xls",
            {"orders.xls": _csv(*OK_ROWS).replace(b",", b"\t")},
            ("segment", "orders.xls"),
            0,
            ("is text, not a workbook", "tabs"),
        ),
        Case(
            "xml-spreadsheet-2003-saved-as-xls",
            {"orders.xls": _xml2003()},
            ("segment", "orders.xls"),
            0,
            ("XML Spreadsheet 2003",),
        ),
        Case(
            "workbook-named-csv",
            {"orders.csv": _xlsx([HEADER.split(","), ["A1", "C1", "2026-01-05", 100]])},
            seg,
            0,
            ("is a workbook whatever its name says",),
        ),
        Case(
            "legacy-xls-named-xlsx",
            {"orders.xlsx": _legacy_xls()},
            ("segment", "orders.xlsx", "-c", "c.yaml"),
            0,
            ("is a workbook whatever its name says",),
            options={"c.yaml": "currency: {source: fixed, rates: {EUR: 1.1, GBP: 1.25}}\n"},
        ),
        Case(
            "merged-cells",
            {"orders.xlsx": _merged_block()},
            ("segment", "orders.xlsx"),
            0,
            ("2 merged cell block(s) were filled down",),
        ),
        Case(
            "formula-without-saved-value",
            {"orders.xlsx": _uncached_formula()},
            ("segment", "orders.xlsx"),
            0,
            ("formula cell(s) F3 have no saved value", "Open the file in Excel or WPS and save it"),
        ),
        Case(
            "previous-run-with-other-tier-names",
            {"orders.csv": ok},
            ("segment", "orders.csv", "--previous", "last.csv"),
            0,
            ("tier(s) Gold, Silver that this config does not have",),
            setup=_previous_with_other_tiers,
        ),
        Case(
            "history-with-odd-file-names",
            {"orders.csv": ok},
            ("segment", "orders.csv", "--history", "runs"),
            0,
            setup=_history_with_odd_names,
        ),
        Case(
            "one-of-two-order-files-header-only",
            {"orders.csv": ok, "more.csv": _csv()},
            ("segment", "orders.csv", "--orders", "more.csv"),
            0,
        ),
    ]


def write(case: Case, folder: Path) -> None:
    """Create the case's files (and links, modes) in *folder*."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in {**case.files, **{k: v.encode() for k, v in case.options.items()}}.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if case.setup is not None:
        case.setup(folder)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    root = Path(argv[1])
    for case in cases():
        folder = root / case.name
        if folder.exists():
            shutil.rmtree(folder)
        write(case, folder)
        command = " ".join(["tiercli", *case.command])
        (folder / "command.sh").write_text(
            f"# expect exit {case.exit_code}; message with: {'; '.join(case.expect)}\n{command}\n"
        )
    print(f"{len(cases())} cases in {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
