"""Readers: encodings, delimiters, title rows above the header, Excel sheets, Parquet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xlsxwriter

from tiercli.errors import InputError
from tiercli.io.readers import decode_bytes, read_any, sniff_delimiter

ROWS = [
    ["订单号", "客户编号", "下单日期", "金额"],
    ["SO-1", "C001", "2026-03-05", "1234.50"],
    ["SO-2", "C002", "2026/3/6", "￥800"],
]


def _csv(rows: list[list[str]], sep: str = ",") -> str:
    return "\n".join(sep.join(r) for r in rows) + "\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16"],
)
def test_encodings_are_sniffed(tmp_path: Path, encoding: str, expected: str) -> None:
    rows = [*ROWS, *([["SO-3", "C003", "2026-03-07", "中文客户备注"]] * 20)]
    path = tmp_path / "orders.csv"
    path.write_bytes(_csv(rows, ",").encode(encoding))
    (sheet,) = read_any(path)
    assert list(sheet.frame.columns) == ROWS[0]
    assert sheet.frame.iloc[0].tolist() == ROWS[1]
    assert sheet.encoding == expected


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"], ids=["comma", "semicolon", "tab", "pipe"])
def test_delimiters_are_sniffed(tmp_path: Path, sep: str) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(_csv(ROWS, sep), encoding="utf-8")
    (sheet,) = read_any(path)
    assert list(sheet.frame.columns) == ROWS[0]
    assert sniff_delimiter(path.read_text()) == sep


def test_title_rows_above_header_are_skipped_and_row_numbers_kept(tmp_path: Path) -> None:
    path = tmp_path / "erp.csv"
    text = "销售订单明细表,,,\n导出日期: 2026-11-01,,,\n,,,\n" + _csv(ROWS)
    path.write_text(text, encoding="utf-8")
    (sheet,) = read_any(path)
    assert sheet.header_row == 4
    assert sheet.rows.tolist() == [5, 6]  # as the user sees them in Excel
    assert list(sheet.frame.columns) == ROWS[0]


def test_blank_rows_inside_data_are_not_rows(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_text(_csv([ROWS[0], ROWS[1], ["", "", "", ""], ROWS[2]]), encoding="utf-8")
    (sheet,) = read_any(path)
    assert sheet.rows.tolist() == [2, 4]


def test_explicit_header_row(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_text("x,y,z,w\n" + _csv(ROWS), encoding="utf-8")
    (sheet,) = read_any(path, header_row=2)
    assert list(sheet.frame.columns) == ROWS[0]


def test_excel_every_sheet_with_real_dates_and_row_numbers(tmp_path: Path) -> None:
    import datetime as dt

    path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("订单")
    ws.write_row(0, 0, ["报表标题"])
    ws.write_row(2, 0, ROWS[0])
    ws.write_row(3, 0, ["SO-1", "C001"])
    ws.write_datetime(3, 2, dt.datetime(2026, 3, 5), book.add_format({"num_format": "yyyy-mm-dd"}))
    ws.write_number(3, 3, 1234.5)
    book.add_worksheet("empty")
    book.add_worksheet("客户").write_row(0, 0, ["客户编号", "客户名称"])
    book.close()
    sheets = read_any(path)
    assert [s.sheet for s in sheets] == ["订单", "客户"]
    orders = sheets[0]
    assert orders.header_row == 3 and orders.rows.tolist() == [4]
    assert orders.frame.iloc[0, 2] == dt.date(2026, 3, 5)  # calamine: a date-only cell


def test_parquet(tmp_path: Path) -> None:
    path = tmp_path / "o.parquet"
    pd.DataFrame({"order_id": ["1"], "customer_id": ["C1"]}).to_parquet(path)
    (sheet,) = read_any(path)
    assert sheet.rows.tolist() == [2]


def _arrow_codes(values: pd.Series) -> tuple[list[int], list[str]]:
    """Arrow's own encoding of a text column (codes with -1 for missing, distinct texts)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(pa.chunked_array(values.array.__arrow_array__()))
    encoded = encoded.combine_chunks()
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).tolist()
    return codes, encoded.dictionary.to_pylist()


def test_parquet_columns_of_few_texts_come_with_the_files_own_codes(tmp_path: Path) -> None:
    """A text column of few distinct values is read as the file's dictionary: the frame is the
    one pandas reads, and its codes (known without hashing a cell) are Arrow's encoding."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from tiercli.codes import _ENCODED, value_codes

    n = 60_000  # (in a file of a few rows, a dictionary page is a large share of any column)
    rng = np.random.default_rng(5)
    frame = pd.DataFrame(
        {
            "订单号": [f"SO-{i}" for i in range(n)],  # every value distinct: read as it is
            "状态": rng.choice(["已完成", "已取消", None], n),
            "币种": rng.choice(["USD", "EUR"], n),
            "数量": rng.integers(1, 9, n),
            "下单日期": pd.date_range("2024-01-01", periods=n, freq="h"),
        },
        index=pd.Index(np.arange(n) * 2, name="编号"),  # a stored index: dropped, as before
    )
    path = tmp_path / "o.parquet"
    # Row groups of 7,000 rows: each has its own dictionary, in its own order.
    pq.write_table(pa.Table.from_pandas(frame), path, row_group_size=7000)
    (sheet,) = read_any(path)
    expected = pd.read_parquet(path).reset_index(drop=True)
    pd.testing.assert_frame_equal(sheet.frame, expected)
    assert sheet.rows.tolist() == list(range(2, n + 2))
    for column in ("状态", "币种"):
        values = sheet.frame[column]
        held = values.array.__arrow_array__()
        assert (id(held), str(values.dtype)) in _ENCODED  # known from the file, not hashed
        codes, distinct = value_codes(values)
        assert (codes.tolist(), distinct.tolist()) == _arrow_codes(values)
    assert (id(sheet.frame["订单号"].array.__arrow_array__()), "str") not in _ENCODED


def test_parquet_dictionary_out_of_order_is_encoded_anew(tmp_path: Path) -> None:
    """A dictionary that does not number the texts as they first appear (a categorical with
    categories in another order, one of them unused) is not taken as the codes."""
    path = tmp_path / "o.parquet"
    labels = pd.Categorical(["b", "a", "b", "a"] * 5000, categories=["z", "a", "b"])
    table = pd.DataFrame({"状态": labels.astype(str)})
    import pyarrow as pa
    import pyarrow.parquet as pq

    from tiercli.codes import value_codes

    dictionary = pa.DictionaryArray.from_arrays(
        pa.array(labels.codes, pa.int32()), pa.array(["z", "a", "b"])
    )
    pq.write_table(pa.table({"状态": dictionary}), path, store_schema=False)  # read as text
    from tiercli.io.readers import _few_distinct

    assert _few_distinct(pq.ParquetFile(path)) == ["状态"]  # read as its dictionary
    (sheet,) = read_any(path)
    pd.testing.assert_frame_equal(sheet.frame, table.astype(sheet.frame.dtypes))
    codes, distinct = value_codes(sheet.frame["状态"])
    assert (codes.tolist(), distinct.tolist()) == _arrow_codes(sheet.frame["状态"])
    assert distinct.tolist() == ["b", "a"]


def test_parquet_of_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "o.parquet"
    pd.DataFrame({"状态": pd.Series([], dtype="str")}).to_parquet(path)
    (sheet,) = read_any(path)
    assert sheet.frame.empty and list(sheet.frame.columns) == ["状态"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "file not found"),
        ("empty.csv", b"", "the file is empty"),
        ("notes.docx", b"x", "unsupported file type '.docx'"),
        ("broken.xlsx", b"not a zip", "cannot open as a workbook"),
    ],
    ids=["missing", "empty", "docx", "broken-xlsx"],
)
def test_unreadable_inputs_raise_input_error(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_any(path)


def test_rows_with_surplus_cells_are_flagged_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_text(_csv([ROWS[0], ROWS[1], ["SO-2", "C002", "2026-03-06", "1", "234.50"]]))
    (sheet,) = read_any(path)
    assert sheet.rows.tolist() == [2, 3]
    assert sheet.malformed is not None and sheet.malformed.tolist() == [False, True]


def test_decode_prefers_utf8() -> None:
    assert decode_bytes("客户".encode(), "x") == ("客户", "utf-8")


def test_legacy_xls_reads_like_the_csv() -> None:
    """tests/data/mini_orders.xls is mini_orders.csv saved by LibreOffice as Excel 97-2003."""
    import datetime as dt

    from tiercli.config.loader import parse_config
    from tiercli.pipeline import segment

    data = Path(__file__).parent / "data"
    cfg = parse_config({"currency": {"source": "fixed", "rates": {"EUR": 1.1, "GBP": 1.25}}}, "t")
    xls = segment([data / "mini_orders.xls"], cfg, as_of=dt.date(2026, 6, 30))
    csv = segment([data / "mini_orders.csv"], cfg, as_of=dt.date(2026, 6, 30))
    assert xls.reconciliation.iloc[0]["rows_read"] == csv.reconciliation.iloc[0]["rows_read"]
    for column in ("orders", "revenue", "recency_days", "last_order_date"):
        assert xls.customers.loc["C001", column] == csv.customers.loc["C001", column]
    assert set(xls.rejects["row"]) >= {11, 12, 14}


LATIN_ROWS = [
    ["Inquiry No", "Customer", "Date", "Country"],
    ["INQ-1", "Comercial Ramírez S.A. de C.V.", "2026-03-05", "México"],
    ["INQ-2", "Société Générale d'Équipement", "2026-03-06", "France"],
    ["INQ-3", "Müller Pumpen GmbH", "2026-03-07", "Deutschland"],
    ["INQ-4", "São Paulo Bombas Ltda.", "2026-03-08", "Brasil"],
]


def test_a_gbk_export_of_latin_names_is_read_as_gbk(tmp_path: Path) -> None:
    """A Chinese team's export saved as GBK/GB18030 but holding foreign customers' names: few
    non-ASCII letters, no Chinese. A Western code page guess (cp775, cp1252…) would turn
    "México" into mojibake silently."""
    rows = LATIN_ROWS + [["INQ-9", "Acme Trading", "2026-03-09", "USA"]] * 20
    path = tmp_path / "inquiries.csv"
    path.write_bytes(_csv(rows).encode("gb18030"))
    (sheet,) = read_any(path)
    assert sheet.encoding == "gb18030"
    assert sheet.frame.iloc[0].tolist() == LATIN_ROWS[1]
    assert sheet.frame.iloc[3].tolist() == LATIN_ROWS[4]


def test_a_western_export_is_not_taken_for_gbk(tmp_path: Path) -> None:
    rows = LATIN_ROWS + [["INQ-9", "Acme Trading", "2026-03-09", "USA"]] * 20
    path = tmp_path / "inquiries.csv"
    path.write_bytes(_csv(rows).encode("cp1252"))
    (sheet,) = read_any(path)
    assert sheet.frame.iloc[0].tolist() == LATIN_ROWS[1]
    assert sheet.frame.iloc[1].tolist() == LATIN_ROWS[2]


TR_ORDERS = [
    ["Sipariş No", "Sipariş Tarihi", "Müşteri Kodu", "Müşteri Adı", "Tutar", "Para Birimi"],
    ["S-001", "2026-03-05", "M001", "Yılmaz Ticaret A.Ş.", "1250", "TRY"],
    ["S-002", "2026-03-06", "M002", "Doğan İnşaat Ltd. Şti.", "980", "TRY"],
    ["S-003", "2026-03-07", "M001", "Yılmaz Ticaret A.Ş.", "450", "TRY"],
    ["S-004", "2026-03-08", "M003", "Şahin Gıda ve Tarım", "300", "TRY"],
]


def test_a_turkish_windows_1254_export_is_read_as_cp1254(tmp_path: Path) -> None:
    """Turkish Excel / Logo / Netsis save CSV in Windows-1254; it was read as 1252, where its
    ş ğ ı İ Ş are þ ð ý Ý Þ: no Turkish header was known (Sipariþ No) and the names were
    garbled (Yýlmaz Ticaret A.Þ.)."""
    from typer.testing import CliRunner

    from tiercli.cli import app

    orders = tmp_path / "siparisler.csv"
    orders.write_bytes(_csv(TR_ORDERS, ";").encode("cp1254"))
    (sheet,) = read_any(orders)
    assert sheet.encoding == "cp1254"
    assert list(sheet.frame.columns) == TR_ORDERS[0]
    cfg = tmp_path / "c.yaml"
    cfg.write_text("currency: {base: TRY, source: fixed}\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    args = ["segment", str(orders), "-c", str(cfg), "-o", str(out), "--lang", "en", "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, encoding="utf-8-sig").set_index("customer_id")
    assert table["name"].to_dict() == {
        "M001": "Yılmaz Ticaret A.Ş.",
        "M002": "Doğan İnşaat Ltd. Şti.",
        "M003": "Şahin Gıda ve Tarım",
    }
    assert table["revenue"].to_dict() == {"M001": 1700.0, "M002": 980.0, "M003": 300.0}


def test_a_polish_windows_1250_export_is_read_in_the_code_page_its_header_names() -> None:
    """Comarch / Subiekt save CSV in Windows-1250; it was read as 1252 (Ilość as Iloœæ, the
    quantity and amount columns not known, Jaś as Jaœ)."""
    rows = [
        ["Numer zamówienia", "Kod klienta", "Nazwa klienta", "Data zamówienia", "Ilość", "Wartość"],
        ["1", "K1", "Hurtownia Jaś", "05.03.2026", "5", "1250,00"],
        ["2", "K2", "Piekarnia Gęś", "06.03.2026", "3", "980,50"],
    ]
    text, encoding = decode_bytes(_csv(rows, ";").encode("cp1250"), "x")
    assert (text, encoding) == (_csv(rows, ";"), "cp1250")


def test_turkish_names_under_an_english_header_are_read_as_cp1254(tmp_path: Path) -> None:
    """With no Turkish header to tell, the letters do (the file was read as cp1252)."""
    names = ["Başaran İletişim", "Polat Metal", "Özdemir Kimya", "Akın Tekstil",
             "Şimşek Nakliyat", "Bulut Yapı", "Distribuidora Gómez"]  # fmt: skip
    rows = [["Order ID", "Customer", "Date", "Amount"]]
    rows += [[f"S{i}", n, "2026-03-05", "100"] for i, n in enumerate(names)]
    path = tmp_path / "orders.csv"
    path.write_bytes(_csv(rows).encode("cp1254"))
    (sheet,) = read_any(path)
    assert sheet.encoding == "cp1254"
    assert sheet.frame["Customer"].tolist() == names


@pytest.mark.parametrize(
    "rows",
    [
        [
            ["Order ID", "Customer", "Date", "Amount"],
            ["1", "Þórður Árnason", "2026-03-05", "100"],
            ["2", "Lýsi hf.", "2026-03-06", "200"],
            ["3", "Guðrún Ólafsdóttir", "2026-03-07", "300"],
            ["4", "Björk Guðmundsdóttir", "2026-03-08", "400"],
            ["5", "Bláa Lónið hf.", "2026-03-09", "500"],
        ],
        [
            ["Bestellnr", "Kunde", "Datum", "Betrag"],
            ["1", "Müller & Söhne GmbH", "05.03.2026", "1.250,00"],
            ["2", "Größe Straße AG", "06.03.2026", "980,50"],
            ["3", "Société Générale Frères", "07.03.2026", "450,00"],
            ["4", "Hôtel Crème Brûlée", "08.03.2026", "120,00"],
        ],
        [
            ["Bestellnr", "Kunde", "Datum", "Betrag"],
            ["1", "Müller & Söhne GmbH", "05.03.2026", "1.250,00"],
            ["2", "Nový Bor s.r.o.", "06.03.2026", "980,50"],  # a Czech ý: no ş or ğ
        ],
    ],
    ids=["icelandic", "german-french", "czech-name-in-german"],
)
def test_a_western_windows_1252_export_is_not_taken_for_turkish(
    tmp_path: Path, rows: list[list[str]]
) -> None:
    """Icelandic þ ð ý are the bytes of Turkish ş ğ ı: an Icelandic file has as many á é í ó
    ú as those (and few ý), a Turkish one none, with ı the most of the six."""
    path = tmp_path / "orders.csv"
    path.write_bytes(_csv(rows, ";").encode("cp1252"))
    (sheet,) = read_any(path)
    assert sheet.encoding != "cp1254"
    assert list(sheet.frame.columns) == rows[0]
    assert sheet.frame.values.tolist() == rows[1:]


def test_a_cell_is_filled_as_strip_reads_it_over_every_code_point() -> None:
    """Arrow's test for a cell holding something other than blanks agrees with stripping the
    cell and looking for what is left, for each code point alone, padded and doubled."""
    from tiercli.io.readers import _filled_text

    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    cells = [*points, *(f" {p}\u3000" for p in points[:0x3100]), *(p * 2 for p in points[:0x3100])]
    cells += ["", None, "  ", "\t\n"]
    arrow = pd.Series(cells, dtype="str")
    general = pd.Series([*cells, 1], dtype=object).astype("string").str.strip()
    expected = (general.notna() & (general != "")).to_numpy(dtype=bool, na_value=False)[:-1]
    assert np.array_equal(_filled_text(arrow), expected)
    assert _filled_text(arrow).sum() > 1_000_000  # (most code points are text)


def _sheet_part(cells: list[bytes]) -> bytes:
    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    return head + b"".join(cells) + b"</sheetData></worksheet>"


def _one_sheet_book(path: Path, sheet: bytes) -> None:
    import zipfile

    workbook = (
        b'<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<sheets><sheet name="orders" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    rels = (
        b'<Relationships><Relationship Id="rId1" Type="worksheet" '
        b'Target="worksheets/sheet1.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)


@pytest.mark.parametrize("at", [0, 100_000, 199_999])
def test_formula_cells_without_a_value_are_found_in_a_large_sheet(tmp_path: Path, at: int) -> None:
    """A formula cell with no saved value is reported wherever it falls in a sheet of many
    inflated chunks; a formula with its value is not."""
    from tiercli.io.containers import check_zip

    cells = [b'<c r="A%d" t="n"><v>%d</v></c>' % (i + 1, i) for i in range(200_000)]
    cells[at] = b'<c r="B%d"><f>SUM(A1:A2)</f></c>' % (at + 1)
    cells[(at + 7) % len(cells)] = b'<c r="C9"><f>A1</f><v>3</v></c>'  # its value saved
    _one_sheet_book(tmp_path / "big.xlsx", _sheet_part(cells))
    assert check_zip(tmp_path / "big.xlsx", "big.xlsx").uncached == {"orders": [f"B{at + 1}"]}


def test_formula_cells_split_between_chunks_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan passes over chunks with no "f" in them (no formula starts there) keeping only
    the cell left open at their end: a formula cell cut anywhere between two chunks — its
    reference in one, its <f> in the next, after chunks free of any "f", or a chunk holding
    only a piece of it — is still found."""
    from tiercli.io import containers

    before = [b'<c r="A%d"><v>%d</v></c>' % (i + 1, i) for i in range(3_000)]
    cell = b'<c r="B7"><f>D3*E3</f></c>'
    sheet = _sheet_part([*before, cell, b'<c r="A9"><v>1</v></c>'])
    _one_sheet_book(tmp_path / "book.xlsx", sheet)
    start = sheet.index(cell)
    real = containers._chunks
    splits = [(cut // 3, cut) for cut in range(start - 2, start + len(cell) + 2)]
    splits += [(start, cut) for cut in range(start + 1, start + len(cell))]  # a piece of the cell
    for first, cut in splits:
        pieces = [sheet[:first], sheet[first:cut], sheet[cut:]]

        def chunks(raw, archive, info, pieces=pieces):
            yield from pieces if info.filename.endswith("sheet1.xml") else real(raw, archive, info)

        monkeypatch.setattr(containers, "_chunks", chunks)
        found = containers.check_zip(tmp_path / "book.xlsx", "book.xlsx").uncached
        assert found == {"orders": ["B7"]}, (first, cut)


CN_NAMES = ["上海贸易有限公司", "深圳科技有限公司", "广州机械厂", "北京国际贸易", "宁波港务物流"]


def _orders(header: str, names: list[str], lines: int) -> str:
    return header + "".join(
        f"O{i},C{i % 5},{names[i % 5]},2024-03-{i % 28 + 1:02d},{1000 + i}\n" for i in range(lines)
    )


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Order No,Customer ID,Customer Name,Order Date,Amount\n", "杭州丝绸进出口公司"),
        ("订单编号,客户编号,客户名称,订单日期,金额\n", "杭州丝绸进出口公司"),
        # (its UTF-8 bytes happen to be valid GB18030 too: 鍗椾含鍖栧伐 without a look at them)
        ("Order No,Customer ID,Customer Name,Order Date,Amount\n", "南京化工"),
    ],
    ids=["english-headers", "chinese-headers", "utf8-line-valid-as-gb18030"],
)
def test_a_gbk_export_with_an_appended_utf8_line_reads_each_line_in_its_own_encoding(
    tmp_path: Path, header: str, name: str
) -> None:
    """GBK lines with one UTF-8 line appended (a row pasted in by another program): the file is
    GBK (not cp1251 mojibake), the UTF-8 line is read as UTF-8, and a warning names it."""
    path = tmp_path / "mix.csv"
    utf8 = f"O99,C9,{name},2024-03-29,5000\n".encode()
    path.write_bytes(_orders(header, CN_NAMES, 40).encode("gbk") + utf8)
    (sheet,) = read_any(path)
    assert sheet.encoding == "gb18030"
    assert list(sheet.frame.columns) == header.strip().split(",")
    assert sheet.frame.iloc[:, 2].tolist() == [CN_NAMES[i % 5] for i in range(40)] + [name]
    assert [str(w) for w in sheet.warnings] == [
        "mix.csv: line(s) 42 (1 in all) are in UTF-8, unlike the rest of the file "
        "(GBK/GB18030), and were read as UTF-8. Save the file as UTF-8 (Excel: Save As → "
        "CSV UTF-8) and check those rows"
    ]


def test_lines_that_decode_in_no_encoding_are_named(tmp_path: Path) -> None:
    """A GBK export with a line of bytes that no encoding reads: the rest is read as GBK, the
    broken bytes become U+FFFD and the warning names the line."""
    path = tmp_path / "broken.csv"
    header = "订单编号,客户编号,客户名称,订单日期,金额\n"
    path.write_bytes(
        _orders(header, CN_NAMES, 20).encode("gbk") + b"O99,C9,\xff\x80\xb5\xa5,2024-03-29,5\n"
    )
    (sheet,) = read_any(path)
    assert sheet.encoding == "gb18030"
    assert sheet.frame.iloc[:20, 2].tolist() == [CN_NAMES[i % 5] for i in range(20)]
    assert sheet.frame.iloc[20, 2] == "\ufffd\ufffd单"
    assert [str(w) for w in sheet.warnings] == [
        "broken.csv: line(s) 22 (1 in all) hold bytes that decode in no encoding (the rest of "
        "the file is GBK/GB18030); they were replaced with �, so those rows may be wrong. Save "
        "the file as UTF-8 (Excel: Save As → CSV UTF-8) and check those rows"
    ]


@pytest.mark.parametrize(
    ("language", "encoding", "text"),
    [
        ("korean", "euc_kr", "주문번호,고객,금액\n" + "A1,서울무역 주식회사,100\n" * 30),
        ("japanese", "shift_jis", "注文番号,顧客,金額\n" + "A1,株式会社トヨタ商事,100\n" * 30),
        ("japanese-euc", "euc_jp", "注文番号,顧客,金額\n" + "A1,株式会社トヨタ商事,100\n" * 30),
        ("russian", "cp1251", "Order,Customer,Amount\n" + "A1,ООО Москва Торговля,100\n" * 30),
        ("spanish", "cp1252", "Order,Customer\n" + "A1,Comercial Ramírez Müller São,1\n" * 30),
    ],
    ids=["korean", "japanese", "japanese-euc", "russian", "spanish"],
)
def test_other_legacy_encodings_are_not_taken_for_chinese(
    language: str, encoding: str, text: str
) -> None:
    """Korean EUC-KR and Japanese EUC-JP read as common Chinese characters byte for byte; a
    Cyrillic or Western code page does not."""
    assert decode_bytes(text.encode(encoding), "x")[0] == text


TW_NAMES = [
    "台北貿易有限公司",
    "高雄機械股份有限公司",
    "香港國際貿易",
    "新竹科技公司",
    "台中進出口商行",
]


@pytest.mark.parametrize(
    "header",
    [
        "訂單編號,客戶編號,客戶名稱,訂單日期,金額\n",
        "Order No,Customer ID,Customer Name,Order Date,Amount\n",
    ],
    ids=["chinese-headers", "english-headers"],
)
def test_a_big5_export_is_read_as_big5(tmp_path: Path, header: str) -> None:
    """A Taiwan/Hong Kong export saved as Big5 reads as Big5, not as GBK (璹虫絪腹 for 訂單編號):
    in GBK its bytes give as many rare and private-use characters as common ones."""
    path = tmp_path / "tw.csv"
    path.write_bytes(_orders(header, TW_NAMES, 60).encode("big5"))
    (sheet,) = read_any(path)
    assert sheet.encoding == "big5"
    assert list(sheet.frame.columns) == header.strip().split(",")
    assert sheet.frame.iloc[:, 2].tolist() == [TW_NAMES[i % 5] for i in range(60)]
    assert sheet.warnings == []


@pytest.mark.parametrize(
    ("encoding", "names", "expected"),
    [
        ("cp950", [*TW_NAMES[:4], "歐元報價€"], "cp950"),  # € is Windows' Big5 only
        ("big5hkscs", [*TW_NAMES[:4], "香港茶餐廳嘢食"], "big5hkscs"),  # 嘢: Hong Kong's
        ("gbk", TW_NAMES, "gb18030"),  # traditional characters typed on a GBK system
        ("gbk", [*CN_NAMES[:4], "深圳市堃喆电子"], "gb18030"),  # 堃喆: GBK, not GB2312
    ],
    ids=["windows-big5", "hong-kong-big5", "traditional-in-gbk", "rare-characters-in-gbk"],
)
def test_big5_variants_and_gbk_with_traditional_text(
    tmp_path: Path, encoding: str, names: list[str], expected: str
) -> None:
    header = "訂單編號,客戶編號,客戶名稱,訂單日期,金額\n"
    path = tmp_path / "orders.csv"
    path.write_bytes(_orders(header, names, 30).encode(encoding))
    (sheet,) = read_any(path)
    assert sheet.encoding == expected
    assert list(sheet.frame.columns) == header.strip().split(",")
    assert sheet.frame.iloc[:, 2].tolist() == [names[i % 5] for i in range(30)]
    assert sheet.warnings == []


@pytest.mark.parametrize(
    ("body", "line", "expected", "warning"),
    [
        ("utf-8", "gbk", "utf-8", "are in GBK/GB18030, unlike the rest of the file (UTF-8)"),
        ("big5", "utf-8", "big5", "are in UTF-8, unlike the rest of the file (Big5)"),
    ],
    ids=["utf8-export-with-a-gbk-line", "big5-export-with-a-utf8-line"],
)
def test_a_line_in_another_encoding_than_the_rest(
    tmp_path: Path, body: str, line: str, expected: str, warning: str
) -> None:
    path = tmp_path / "mix.csv"
    header = "訂單編號,客戶編號,客戶名稱,訂單日期,金額\n"
    path.write_bytes(
        _orders(header, TW_NAMES, 30).encode(body) + "O99,C9,广州贸易,2024-03-29,5\n".encode(line)
    )
    (sheet,) = read_any(path)
    assert sheet.encoding == expected
    assert sheet.frame.iloc[:, 2].tolist() == [TW_NAMES[i % 5] for i in range(30)] + ["广州贸易"]
    assert [str(w) for w in sheet.warnings] == [
        f"mix.csv: line(s) 32 (1 in all) {warning}, and were read as "
        f"{'GBK/GB18030' if line == 'gbk' else 'UTF-8'}. Save the file as UTF-8 (Excel: Save "
        "As → CSV UTF-8) and check those rows"
    ]


def _book_with_hidden_sheets(path: Path, hide: tuple[str, ...] = ("旧数据", "密")) -> None:
    """一月 and 二月 visible; 旧数据 hidden and 密 very hidden (an old order each)."""
    book = xlsxwriter.Workbook(path)
    header = ["订单号", "客户编号", "下单日期", "金额"]
    for name, row in [
        ("一月", ["O1", "C1", "2024-01-05", 100]),
        ("二月", ["O2", "C2", "2024-02-05", 200]),
        ("旧数据", ["O9", "C9", "2023-06-05", 9999]),
        ("密", ["O8", "C8", "2023-06-05", 8888]),
    ]:
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, header)
        sheet.write_row(1, 0, row)
        if name in hide:
            sheet.hide() if name == "旧数据" else sheet.very_hidden()
    book.close()


def test_hidden_sheets_are_left_out_with_a_note(tmp_path: Path) -> None:
    """A hidden sheet (an old order kept out of sight) is not data: it is left out, and a note
    says so, hidden or very hidden alike."""
    from tiercli.config.loader import parse_config
    from tiercli.io.loader import load_inputs

    path = tmp_path / "book.xlsx"
    _book_with_hidden_sheets(path)
    assert [(s.sheet, s.hidden) for s in read_any(path)] == [
        ("一月", False),
        ("二月", False),
        ("旧数据", True),
        ("密", True),
    ]
    inputs = load_inputs([path], parse_config({}, "t"))
    assert [s.sheet for s in inputs.sheets["orders"]] == ["一月", "二月"]
    assert [str(n) for n in inputs.notes] == [
        "book.xlsx [旧数据]: the sheet is hidden in the workbook, so it is left out; to use it, "
        "name it under input.sheets in the config",
        "book.xlsx [密]: the sheet is hidden in the workbook, so it is left out; to use it, "
        "name it under input.sheets in the config",
        "book.xlsx [一月]: read as the Orders table (by its columns)",
        "book.xlsx [二月]: read as the Orders table (by its columns)",
    ]


def test_a_hidden_sheet_named_in_the_config_is_read(tmp_path: Path) -> None:
    from tiercli.config.loader import parse_config
    from tiercli.io.loader import load_inputs

    path = tmp_path / "book.xlsx"
    _book_with_hidden_sheets(path)
    inputs = load_inputs([path], parse_config({"input": {"sheets": {"orders": "旧数据"}}}, "t"))
    assert [s.sheet for s in inputs.sheets["orders"]] == ["一月", "二月", "旧数据"]
    assert [n.params["where"] for n in inputs.notes if n.code == "io.sheet_hidden"] == [
        "book.xlsx [密]"
    ]


def test_a_workbook_whose_sheets_with_data_are_all_hidden_is_refused(tmp_path: Path) -> None:
    from tiercli.config.loader import parse_config
    from tiercli.io.loader import load_inputs

    path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(path)
    book.add_worksheet("封面")
    sheet = book.add_worksheet("订单")
    sheet.write_row(0, 0, ["订单号", "客户编号", "下单日期", "金额"])
    sheet.write_row(1, 0, ["O1", "C1", "2024-01-05", 100])
    sheet.hide()
    book.close()
    with pytest.raises(InputError) as caught:
        load_inputs([path], parse_config({}, "t"))
    assert str(caught.value) == (
        f"{path}: every sheet with data is hidden (订单), so none is read. Unhide the one to "
        "read (Excel: right-click a sheet tab → Unhide) or name it under input.sheets in the "
        "config"
    )


def _book_with_error_cells(path: Path) -> None:
    """Formulas saved with an error as their value, as Excel saves them (t="e")."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("订单")
    sheet.write_row(0, 0, ["订单号", "客户编号", "下单日期", "金额", "利润"])
    sheet.write_row(1, 0, ["O1", "C1", "2024-01-05"])
    sheet.write_formula(1, 3, "=1/0", None, "#DIV/0!")
    sheet.write_row(2, 0, ["O2"])
    sheet.write_formula(2, 1, "=NA()", None, "#N/A")
    sheet.write_row(2, 2, ["2024-01-06", 5])
    sheet.write_row(3, 0, ["O3", "C3", "2024-01-07"])
    sheet.write_formula(3, 3, "=Z99+", None, "#REF!")
    sheet.write_row(4, 0, ["O4", "C4", "2024-01-08", 40])
    sheet.write_formula(4, 4, "=1/0", None, "#DIV/0!")  # profit: not a reason to set a row aside
    sheet.write_row(5, 0, ["O5", "C5", "2024-01-09", ""])
    for row, error in enumerate(["#VALUE!", "#NAME?", "#NUM!", "#NULL!"], start=6):
        sheet.write_row(row, 0, [f"O{row}", f"C{row}", "2024-01-10"])
        sheet.write_formula(row, 3, "=A1", None, error)
    book.close()


def test_excel_error_cells_are_rejected_as_formula_errors(tmp_path: Path) -> None:
    """An error cell (#DIV/0!, #N/A…) reads as blank, as calamine gives it; a row set aside for
    it shows the error and says it is a formula error, not a blank cell."""
    from tiercli.config.loader import parse_config
    from tiercli.io.loader import load_inputs
    from tiercli.io.normalize import normalize

    path = tmp_path / "book.xlsx"
    _book_with_error_cells(path)
    (sheet,) = read_any(path)
    assert sheet.frame.iloc[:3, 1:4].values.tolist() == [
        ["C1", "2024-01-05", ""],
        ["", "2024-01-06", 5.0],
        ["C3", "2024-01-07", ""],
    ]
    assert {h: e.to_dict() for h, e in sheet.errors.items()} == {
        "客户编号": {1: "#N/A"},
        "金额": {0: "#DIV/0!", 2: "#REF!", 5: "#VALUE!", 6: "#NAME?", 7: "#NUM!", 8: "#NULL!"},
        "利润": {3: "#DIV/0!"},
    }
    cfg = parse_config({}, "t")
    tables = normalize(load_inputs([path], cfg).sheets, cfg, dt.date(2024, 2, 1))
    formula = "formula error in the cell"
    assert tables.rejects[["row", "column", "value", "reason"]].values.tolist() == [
        [2, "金额", "#DIV/0!", formula],
        [3, "客户编号", "#N/A", formula],
        [4, "金额", "#REF!", formula],
        [6, "金额", "", "blank amount"],
        [7, "金额", "#VALUE!", formula],
        [8, "金额", "#NAME?", formula],
        [9, "金额", "#NUM!", formula],
        [10, "金额", "#NULL!", formula],
    ]
    assert tables.lines["order_id"].tolist() == ["O4"]


def test_error_cells_split_between_chunks_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error cell (t="e", no formula, no "f" near it) cut anywhere between two chunks of
    its sheet is still found, with its error."""
    from tiercli.io import containers

    before = [b'<c r="A%d"><v>%d</v></c>' % (i + 1, i) for i in range(3_000)]
    cell = b'<c r="B7" s="2" t="e"><v>#N/A</v></c>'
    sheet = _sheet_part([*before, cell, b'<c r="A9"><v>1</v></c>'])
    _one_sheet_book(tmp_path / "book.xlsx", sheet)
    start = sheet.index(cell)
    real = containers._chunks
    for cut in range(start - 2, start + len(cell) + 2):
        pieces = [sheet[: cut // 3], sheet[cut // 3 : cut], sheet[cut:]]

        def chunks(raw, archive, info, pieces=pieces):
            yield from pieces if info.filename.endswith("sheet1.xml") else real(raw, archive, info)

        monkeypatch.setattr(containers, "_chunks", chunks)
        found = containers.check_zip(tmp_path / "book.xlsx", "book.xlsx").errors
        assert found == {"orders": [("B7", "#N/A")]}, cut


def test_a_tab_separated_excel_export_with_a_title_is_read_as_text(tmp_path: Path) -> None:
    """Kingdee's "Excel" export is tab-separated text with a title and a print date above the
    header; only a first line with a separator was looked for, and it was refused."""
    rows = ["销售出库单序时簿", "打印日期：2024-04-01", "",
            "单据编号\t日期\t客户编码\t客户名称\t币别\t金额",
            "XSCK001\t2024-01-05\tC001\t华为技术有限公司\t人民币\t1,000.00"]  # fmt: skip
    path = tmp_path / "kingdee.xls"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("gbk"))
    sheets = read_any(path)
    assert len(sheets) == 1 and sheets[0].frame.shape[0] >= 1
    assert any(w.code == "io.text_as_workbook" for w in sheets[0].warnings)


def test_a_text_files_rows_above_the_header_are_kept_as_its_preamble(tmp_path: Path) -> None:
    """The rows above a CSV's header (币别：人民币) are its preamble, as a workbook's are; the
    CSV reader rebuilt the sheet without them."""
    path = tmp_path / "erp.csv"
    path.write_text("销售明细表,,,\n币别：人民币,,金额单位：元,\n" + _csv(ROWS), encoding="utf-8")
    (sheet,) = read_any(path)
    assert sheet.header_row == 3
    assert sheet.preamble == "销售明细表\n币别：人民币 金额单位：元"


@pytest.mark.parametrize(
    ("filters", "header"),
    [
        (["客户：", "全部", "日期：", "2024-01-01 至 2024-12-31", ""], ["凭证号", "日期", "客户", "摘要", "借方"]),
        (["客户：", "全部", "日期：", "2024-01-01 至 2024-12-31"], ["订单号", "日期", "客户编号", "金额"]),
        (["Customer:", "All", "Date:", "2024-01-01 to 2024-12-31"], ["Voucher", "Date", "Client", "Debit"]),
        (["Customer", "All", "Date from", "2024-01-01", "Date to", "2024-12-31"], ["Order No", "Date", "Customer ID", "Amount", "", ""]),
    ],
    ids=["zh-as-many-names", "zh-fewer-names", "en-as-many-names", "en-fewer-names"],
)  # fmt: skip
def test_a_filter_row_of_labels_and_values_above_the_header_is_not_the_header(
    tmp_path: Path, filters: list[str], header: list[str]
) -> None:
    """A report's filter row (客户：| 全部 | 日期：| …) names known columns as its labels; with as
    many known names as the header below it, it was taken for the header (the first wins)."""
    width = len(filters)
    data = ["V1", "2024-03-01", "C001", "100", *[""] * (width - 4)]
    path = tmp_path / "report.csv"
    path.write_text(_csv([filters, header + [""] * (width - len(header)), data]), "utf-8")
    (sheet,) = read_any(path)
    assert sheet.header_row == 2
    assert list(sheet.frame.columns) == [h for h in header if h]
    assert sheet.rows.tolist() == [3]
    assert sheet.preamble == " ".join(f for f in filters if f)


_GROUPED = {
    "zh": (
        [["订单号", "日期", "客户", "", "金额"], ["", "", "编号", "名称", ""]],
        ["订单号", "日期", "客户编号", "客户名称", "金额"],
    ),
    "en": (
        [["Order ID", "Date", "Customer", "", "Amount"], ["", "", "ID", "Name", ""]],
        ["Order ID", "Date", "Customer ID", "Customer Name", "Amount"],
    ),
    "merged-down": (  # rowspan / merged cells filled down into the lower row
        [["订单号", "日期", "客户", "", "金额"], ["订单号", "日期", "编号", "名称", "金额"]],
        ["订单号", "日期", "客户编号", "客户名称", "金额"],
    ),
    "group-over-part": (  # 订单信息 names no column: the lower row is found, the upper joined
        [["订单信息", "", "客户", ""], ["订单号", "日期", "编号", "名称"]],
        ["订单号", "日期", "客户编号", "客户名称"],
    ),
}
_SO1 = ["SO-1", "2024-03-01", "C001", "ACME", "100"]


@pytest.mark.parametrize("case", list(_GROUPED))
@pytest.mark.parametrize("title", [False, True], ids=["plain", "title"])
def test_a_two_row_grouped_header_is_read_as_one(tmp_path: Path, case: str, title: bool) -> None:
    """An ERP report groups columns under a merged cell (客户 over 编号 | 名称): the group row
    was the header (编号, 名称 lost, the lower row a bad data row), or the lower row was
    (订单号, 日期, 金额 lost)."""
    rows, columns = _GROUPED[case]
    above = [["销售订单明细表"] + [""] * (len(columns) - 1)] if title else []
    path = tmp_path / "report.csv"
    path.write_text(_csv([*above, *rows, _SO1[: len(columns)]]), encoding="utf-8")
    (sheet,) = read_any(path)
    top = len(above) + 1
    assert list(sheet.frame.columns) == columns
    assert sheet.frame.values.tolist() == [_SO1[: len(columns)]]
    assert (sheet.header_row, sheet.rows.tolist()) == (top, [top + 2])
    assert sheet.notes == [f"header on rows {top}–{top + 1}"]
    assert sheet.preamble == ("销售订单明细表" if title else "")


def test_a_group_row_over_a_full_header_is_above_the_header(tmp_path: Path) -> None:
    """订单信息 | | 客户信息 | over a header that names every column: that header is the one."""
    rows = [["订单信息", "", "客户信息", ""], ["订单号", "日期", "客户编号", "客户名称"]]
    path = tmp_path / "report.csv"
    path.write_text(_csv([*rows, _SO1[:4]]), encoding="utf-8")
    (sheet,) = read_any(path)
    assert list(sheet.frame.columns) == rows[1]
    assert (sheet.header_row, sheet.rows.tolist()) == (2, [3])
    assert sheet.notes == ["header found on row 2"]
    assert sheet.preamble == "订单信息 客户信息"


@pytest.mark.parametrize("header_row", [1, 2], ids=["group-row", "lower-row"])
def test_a_grouped_header_is_read_as_one_at_the_configured_header_row(
    tmp_path: Path, header_row: int
) -> None:
    """input.header_row may name either row of a grouped header."""
    rows, columns = _GROUPED["zh"]
    path = tmp_path / "report.csv"
    path.write_text(_csv([*rows, _SO1]), encoding="utf-8")
    (sheet,) = read_any(path, header_row=header_row)
    assert list(sheet.frame.columns) == columns
    assert (sheet.header_row, sheet.rows.tolist()) == (1, [3])


@pytest.mark.parametrize(
    "rows",
    [
        ROWS,
        [["销售订单明细表", "", "", ""], ["", "", "", ""], *ROWS],
        [["订单号", "客户", "备注", ""], ["SO-A", "编号", "名称", "加急"]],
        [["Order ID", "Customer", "", "Amount"], ["SO-A", "ID", "Name", "n/a"]],
        [["订单号", "客户编号", "客户名称", ""], ["SO-A", "C001", "ACME", "加急"], ["SO-B", "C002", "", ""]],
        [["客户：", "全部", "", ""], ["订单号", "客户", "", "金额"], ["SO-A", "编号", "名称", "n/a"]],
    ],
    ids=["one-row", "title", "text-row", "text-row-en", "text-rows", "filters"],
)  # fmt: skip
def test_a_header_and_a_row_of_text_are_not_taken_for_a_grouped_header(
    tmp_path: Path, rows: list[list[str]]
) -> None:
    """Only two rows of text whose groups each head two columns or more, and which name more
    known columns together than the header row alone, are one header."""
    path = tmp_path / "report.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    (sheet,) = read_any(path)
    at = next(i for i, r in enumerate(rows) if r[0] in ("订单号", "Order ID"))
    assert list(sheet.frame.columns) == [h for h in rows[at] if h]
    assert sheet.header_row == at + 1
    assert sheet.rows.tolist() == list(range(at + 2, len(rows) + 1))
    assert all(n.startswith("header found") for n in sheet.notes)


def test_an_xlsx_with_a_merged_grouped_header_is_read_into_customers(tmp_path: Path) -> None:
    """End to end: merged cells as Excel writes them (客户 across two columns, 订单号 / 日期 /
    金额 down two rows), under a report title."""
    import openpyxl

    from tiercli.config.loader import load_config
    from tiercli.pipeline import segment

    path = tmp_path / "report.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["销售订单明细表"])
    ws.append(["订单号", "日期", "客户", None, "金额"])
    ws.append([None, None, "编号", "名称", None])
    ws.append(["SO-1", dt.date(2024, 3, 1), "C001", "ACME", 100])
    for cells in ("A1:E1", "A2:A3", "B2:B3", "C2:D2", "E2:E3"):
        ws.merge_cells(cells)
    book.save(path)
    (sheet,) = read_any(path)
    assert list(sheet.frame.columns) == ["订单号", "日期", "客户编号", "客户名称", "金额"]
    assert (sheet.header_row, sheet.rows.tolist()) == (2, [4])
    result = segment([path], load_config(None))
    assert result.customers["revenue"].to_dict() == {"C001": 100.0}
    assert result.customers.loc["C001", "name"] == "ACME"
    assert result.rejects.empty


def test_an_html_export_with_a_grouped_header_is_read_as_one(tmp_path: Path) -> None:
    """An HTML "xls" export spans its header cells (rowspan fills the cell down, colspan keeps
    the text in the first column)."""
    html = (
        "<html><body><table>"
        '<tr><th rowspan="2">订单号</th><th rowspan="2">日期</th><th colspan="2">客户</th>'
        '<th rowspan="2">金额</th></tr>'
        "<tr><th>编号</th><th>名称</th></tr>"
        "<tr><td>SO-1</td><td>2024-03-01</td><td>C001</td><td>ACME</td><td>100</td></tr>"
        "</table></body></html>"
    )
    path = tmp_path / "report.xls"
    path.write_text(html, encoding="utf-8")
    (sheet,) = read_any(path)
    assert list(sheet.frame.columns) == ["订单号", "日期", "客户编号", "客户名称", "金额"]
    assert sheet.frame.values.tolist() == [_SO1]
    assert (sheet.header_row, sheet.rows.tolist()) == (1, [3])


def _merged_book(path: Path, data_merges: tuple[str, ...] = ()) -> Path:
    """A title, a grouped header (客户 over 编号 | 名称; 订单号 / 日期 / 金额 down two rows) and
    three lines, with the data cells *data_merges* merged."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["销售订单明细表"])
    ws.append(["订单号", "日期", "客户", None, "金额"])
    ws.append([None, None, "编号", "名称", None])
    ws.append(["SO-1", dt.date(2024, 3, 1), "C001", "ACME", 100])
    ws.append(["SO-2", dt.date(2024, 3, 2), None, None, 200])
    ws.append(["SO-3", dt.date(2024, 3, 3), "C002", "Beta", 300])
    for cells in ("A1:E1", "A2:A3", "B2:B3", "C2:D2", "E2:E3", *data_merges):
        ws.merge_cells(cells)
    book.save(path)
    return path


def test_merged_header_cells_are_not_said_to_be_filled(tmp_path: Path) -> None:
    """Merged blocks in the title and the header rows are the header's business: no
    io.merged_filled warning (it said "5 merged cell block(s) were filled down")."""
    (sheet,) = read_any(_merged_book(tmp_path / "report.xlsx"))
    assert list(sheet.frame.columns) == ["订单号", "日期", "客户编号", "客户名称", "金额"]
    assert sheet.frame["客户编号"].tolist() == ["C001", "", "C002"]
    assert sheet.preamble == "销售订单明细表"
    assert [w.code for w in sheet.warnings] == []


def test_merged_data_cells_are_filled_and_counted_alone(tmp_path: Path) -> None:
    """A customer merged over two lines (C4:C5, D4:D5) is filled down, and the warning counts
    those two blocks, not the header's five."""
    (sheet,) = read_any(_merged_book(tmp_path / "report.xlsx", ("C4:C5", "D4:D5")))
    assert sheet.frame["客户编号"].tolist() == ["C001", "C001", "C002"]
    assert sheet.frame["客户名称"].tolist() == ["ACME", "ACME", "Beta"]
    assert [(w.code, w.params["n"]) for w in sheet.warnings] == [("io.merged_filled", 2)]


def test_a_workbooks_cells_right_of_its_table_are_not_part_of_it(tmp_path: Path) -> None:
    """A summary beside the orders (客户 | 合计 in H3:I6) made rows 3–6 'row has more cells than
    the header' errors — 4 of 8 orders lost — and a row of it below the orders a row of blank
    cells: in a workbook cells do not shift (that rule is a text file's), so what lies right of
    the header's last column is left out, with a warning that names it."""
    import datetime as dt

    import openpyxl

    from tiercli.config import Config
    from tiercli.io.loader import load_inputs
    from tiercli.io.normalize import normalize

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "订单"
    ws.append(["订单号", "日期", "客户编号", "金额", "币种"])
    for i in range(1, 9):
        ws.append([f"SO{i}", dt.date(2024, 3, i), f"C{i % 3}", 100 * i, "USD"])
    for row, (who, total) in enumerate([("客户", "合计"), ("C0", 900), ("C1", 1200),
                                        ("C2", 1500), ("全部", 3600), ("", "")], start=3):  # fmt: skip
        ws.cell(row, 8, who or None)
        ws.cell(row, 9, total or None)
    ws.cell(11, 9, "制表：王芳")  # below the orders, right of the table
    path = tmp_path / "side.xlsx"
    book.save(path)
    (sheet,) = read_any(path)
    assert sheet.malformed is None
    assert sheet.rows.tolist() == list(range(2, 10))
    cfg = Config()
    tables = normalize(load_inputs([path], cfg).sheets, cfg, None)
    assert tables.rejects.empty
    assert tables.lines["amount"].sum() == 3600
    said = [w.render("en") for w in tables.warnings if w.code == "readers.beside_table"]
    assert said == [
        "side.xlsx [订单]: cells right of the table (columns H–I, rows 3–11) are not part of "
        "it and were not read"
    ]


def test_a_text_files_surplus_cells_still_mark_the_row(tmp_path: Path) -> None:
    """In a CSV a cell past the header is a separator inside a value: the row is malformed."""
    path = tmp_path / "o.csv"
    path.write_text(_csv([ROWS[0], ROWS[1], ["SO-2", "C002", "2026-03-06", "1", "234.50"]]))
    (sheet,) = read_any(path)
    assert sheet.malformed is not None and sheet.malformed.tolist() == [False, True]
    assert not [w for w in sheet.warnings if w.code == "readers.beside_table"]
