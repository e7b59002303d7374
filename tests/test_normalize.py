"""Normalization: header aliases, line-level orders, returns, cancellations, currencies."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from tiercli.config.loader import parse_config
from tiercli.errors import InputError
from tiercli.features import build_customer_table
from tiercli.io.aliases import alias_index, header_key
from tiercli.io.loader import load_inputs
from tiercli.io.normalize import Tables, map_headers, normalize, status_kinds
from tiercli.io.readers import RawSheet
from tiercli.pipeline import segment

CFG = parse_config({}, "test")


def sheet(rows: list[list[object]], headers: list[str], name: str = "o.csv") -> RawSheet:
    frame = pd.DataFrame(rows, columns=headers, dtype=object)
    return RawSheet(name, None, frame, pd.Series(range(2, len(rows) + 2)), 1)


def run(
    rows: list[list[object]],
    headers: list[str],
    cfg: dict | None = None,
    as_of: dt.date | None = None,
) -> Tables:
    return normalize({"orders": [sheet(rows, headers)]}, parse_config(cfg or {}, "t"), as_of)


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("Order No.", "order_id"),
        ("ORDER_NO", "order_id"),
        ("order  number", "order_id"),
        ("InvoiceNo", "order_id"),
        ("订单号", "order_id"),
        ("订单编号", "order_id"),
        ("Customer ID", "customer_id"),
        ("customer-id", "customer_id"),
        ("客户编号", "customer_id"),
        ("CustomerID", "customer_id"),
        ("Order Date", "order_date"),
        ("下单日期", "order_date"),
        ("InvoiceDate", "order_date"),
        ("日期", "order_date"),
        ("Amount (USD)", None),
        ("金额", "amount"),
        ("Total Amount", "amount"),
        ("币种", "currency"),
        ("Qty", "quantity"),
        ("Unit Price", "unit_price"),
        ("UnitPrice", "unit_price"),
        ("毛利", "profit"),
        ("产品线", "product_line"),
        ("StockCode", "product_code"),
        ("Description", "product_name"),
        ("订单状态", "status"),
        ("国家/地区", "country"),
        ("Ｏｒｄｅｒ　Ｎｏ", "order_id"),
        # ERP headers: Yonyou / Kingdee tax columns, SAP billing, 店小秘
        ("无税金额", "amount"),
        ("价税合计", "amount"),
        ("含税单价", "unit_price"),
        ("Net value", "amount"),
        ("Billing Date", "order_date"),
        ("Sold-to pt", "customer_id"),
        ("买家账号", "customer_id"),
        # Kingdee / U8 material and stock-item headers
        ("物料名称", "product_name"),
        ("存货名称", "product_name"),
        ("物料代码", "product_code"),
        ("存货编码", "product_code"),
    ],
    ids=lambda v: str(v),
)
def test_order_header_aliases(header: str, canonical: str | None) -> None:
    assert alias_index("orders").get(header_key(header)) == canonical


@pytest.mark.parametrize(
    ("table", "header", "canonical"),
    [
        ("customers", "公司规模", "company_size"),
        ("customers", "Headcount", "employees"),
        ("customers", "客户类型", "customer_type"),
        ("customers", "Lead Source", "source"),
        ("customers", "行业", "industry"),
        ("inquiries", "询盘日期", "inquiry_date"),
        ("inquiries", "RFQ No.", "inquiry_id"),
        ("inquiries", "询盘来源", "source"),
    ],
)
def test_customer_and_inquiry_aliases(table: str, header: str, canonical: str) -> None:
    assert alias_index(table)[header_key(header)] == canonical


def test_config_columns_override_aliases() -> None:
    s = sheet([["A", "C1", "2026-01-01", "5", "7"]], ["单号", "客户", "出货日", "金额", "发票金额"])
    mapping = map_headers(s, "orders", {"order_date": "出货日", "amount": "发票金额"})
    assert mapping["order_date"] == "出货日" and mapping["amount"] == "发票金额"


def test_override_naming_a_missing_header_is_an_input_error() -> None:
    s = sheet([["A", "C1", "2026-01-01", "5"]], ["单号", "客户编号", "日期", "金额"])
    with pytest.raises(InputError, match="names '出货日', which is not a column"):
        map_headers(s, "orders", {"order_date": "出货日"})


def test_missing_amount_suggests_closest_header() -> None:
    s = sheet([["A", "C1", "2026-01-01", "5"]], ["单号", "客户编号", "日期", "Amout"])
    with pytest.raises(InputError) as info:
        map_headers(s, "orders", {})
    assert "missing column 'amount' (or quantity and unit_price)" in str(info.value)
    assert "The closest header is 'Amout'" in str(info.value)
    # each name once (it said "amount, amount"), Chinese ones too
    assert str(info.value).endswith(
        "Recognised names include: amount, total, order amount, order value, order total, "
        "revenue, 金额, 订单金额, 总金额, 销售额"
    )


def test_line_level_export_sums_to_orders_with_quantity_times_price() -> None:
    headers = ["Invoice", "Customer", "Date", "Qty", "Price", "Category"]
    rows = [
        ["I1", "Acme", "2026-01-05", "2", "10.5", "Pumps"],
        ["I1", "Acme", "2026-01-05", "1", "4", "Valves"],
        ["I2", "Acme", "2026-02-05", "3", "1,000", "Pumps"],
    ]
    tables = run(rows, headers)
    table = build_customer_table(tables, tables.as_of)
    row = table.loc["acme"]  # no id column: the customer name, folded, is the id
    assert row["orders"] == 2 and row["revenue"] == pytest.approx(3025.0)
    assert row["avg_order_value"] == pytest.approx(3025.0 / 2)
    assert row["product_lines"] == 2
    assert any("identified by 'Customer'" in w for w in map(str, tables.warnings))


def test_an_exact_duplicate_is_listed_with_the_row_it_repeats() -> None:
    """Duplicates were counted but not listed: a reader could not find which rows were dropped."""
    rows = [
        ["S1", "C1", "2026-01-05", "10"],
        ["S2", "C1", "2026-01-06", "20"],
        ["S1", "C1", "2026-01-05", "10"],
        ["S3", "", "2026-01-07", "30"],
        ["S2", "C1", "2026-01-06", "20"],
        ["S1", "C1", "2026-01-05", "10"],
    ]
    tables = run(rows, ["订单号", "客户编号", "日期", "金额"])
    assert tables.reconciliation.loc[0, "duplicates"] == 3
    assert tables.reconciliation.loc[0, "rejected"] == 1
    shown = tables.rejects[["row", "value", "reason", "category"]]
    duplicate = "exact duplicate of an earlier row (its row number is the value)"
    assert shown.astype(object).values.tolist() == [
        [4, "2", duplicate, "duplicate"],
        [5, "", "blank customer id", "invalid"],
        [6, "3", duplicate, "duplicate"],
        [7, "2", duplicate, "duplicate"],
    ]


def test_rows_without_order_id_that_repeat_are_kept_with_a_warning() -> None:
    rows = [["C1", "2026-01-05", "10"], ["C1", "2026-01-05", "10"]]
    tables = run(rows, ["客户编号", "日期", "金额"])
    assert len(tables.lines) == 2
    assert tables.reconciliation.loc[0, "duplicates"] == 0
    assert any("1 row(s) repeat another row exactly" in w for w in map(str, tables.warnings))


def test_order_id_prefix_and_negative_amounts_are_returns() -> None:
    rows = [
        ["S1", "C1", "2026-01-05", "100"],
        ["C9", "C1", "2026-01-09", "-30"],
        ["S2", "C1", "2026-01-10", "-20"],
        ["X1", "C1", "2026-01-11", "50"],
    ]
    tables = run(
        rows,
        ["Order No", "Customer ID", "Date", "Amount"],
        {"orders": {"id_prefix": {"C": "return", "X": "cancelled"}}},
    )
    assert tables.lines["is_return"].tolist() == [False, True, True]
    assert tables.lines["amount"].tolist() == [100.0, -30.0, -20.0]
    assert tables.rejects["reason"].tolist() == ["cancelled order (order id prefix)"]
    table = build_customer_table(tables, tables.as_of)
    assert table.loc["C1", "orders"] == 1 and table.loc["C1", "revenue"] == 50.0


def test_return_status_with_positive_amount_counts_negative() -> None:
    rows = [["S1", "C1", "2026-01-05", "100", "已完成"], ["S2", "C1", "2026-01-07", "40", "退货"]]
    tables = run(rows, ["订单号", "客户编号", "日期", "金额", "订单状态"])
    assert tables.lines["amount"].tolist() == [100.0, -40.0]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_a_status_in_decomposed_unicode_is_matched() -> None:
    """A Mac export writes Đã hủy as D-stroke, a + combining tilde, … u + combining hook: it
    was no cancellation, nor devolución (o + combining acute) a return."""
    values = pd.Series(
        [nfd("Đã hủy"), nfd("Devolución"), "Đã hủy", nfd("Hoàn thành"), None], dtype="string"
    )
    returned, cancelled, partly = status_kinds(values, CFG.orders)
    assert returned.tolist() == [False, True, False, False, False]
    assert cancelled.tolist() == [True, False, True, False, False]
    assert not partly.any()


def test_status_words_configured_in_decomposed_unicode_match_composed_cells() -> None:
    """Words typed on a Mac into the config (NFD) did not match the cells (NFC), nor the
    reverse: the lines were sales."""
    rows = [["S1", "C1", "2026-01-05", "100", "Đã hủy"],
            ["S2", "C1", "2026-01-06", "40", "DEVOLUCIÓN"],
            ["S3", "C1", "2026-01-07", "70", nfd("Anulación")],
            ["S4", "C1", "2026-01-08", "30", "Completado"]]  # fmt: skip
    words = {"cancelled_status": [nfd("hủy"), "anulación"], "return_status": [nfd("devolución")]}
    tables = run(rows, ["订单号", "客户编号", "日期", "金额", "状态"], {"orders": words})
    assert tables.lines["order_id"].tolist() == ["S2", "S4"]
    assert tables.lines["amount"].tolist() == [-40.0, 30.0]


def test_negative_amount_can_be_rejected() -> None:
    rows = [["S1", "C1", "2026-01-05", "100"], ["S2", "C1", "2026-01-07", "-40"]]
    tables = run(
        rows, ["订单号", "客户编号", "日期", "金额"], {"orders": {"negative_amount": "reject"}}
    )
    assert tables.rejects["reason"].tolist() == ["negative amount"]


def test_exclude_products_by_code() -> None:
    rows = [["S1", "C1", "2026-01-05", "100", "PU-1"], ["S1", "C1", "2026-01-05", "15", "post"]]
    tables = run(
        rows,
        ["订单号", "客户编号", "日期", "金额", "货号"],
        {"orders": {"exclude_products": ["POST"]}},
    )
    assert tables.rejects[["row", "value", "category"]].values.tolist() == [[3, "post", "excluded"]]


def test_exclude_products_by_code_and_by_name() -> None:
    """A code found in one column stopped the look at the others: the freight line named
    运费 stayed in the revenue because another line's code was POST."""
    rows = [
        ["S1", "C1", "2026-01-05", "100", "PU-1", "水泵"],
        ["S1", "C1", "2026-01-05", "15", "POST", "邮费"],
        ["S2", "C1", "2026-01-06", "20", "F1", "运费"],
    ]
    tables = run(
        rows,
        ["订单号", "客户编号", "日期", "金额", "货号", "产品名称"],
        {"orders": {"exclude_products": ["运费", "POST"]}},
    )
    assert tables.rejects[["row", "column", "value"]].values.tolist() == [
        [3, "货号", "POST"],
        [4, "产品名称", "运费"],
    ]
    assert tables.lines["amount"].sum() == 100


def test_ecb_conversion_at_the_order_date() -> None:
    rows = [["S1", "C1", "2024-03-05", "EUR 1,000.00"], ["S2", "C1", "2024-03-05", "1000"]]
    tables = run(rows, ["订单号", "客户编号", "日期", "金额"])
    # ECB reference rate on 2024-03-05: 1 EUR = 1.0849 USD; the second row has no currency.
    assert tables.lines["amount"].tolist() == pytest.approx([1084.9, 1000.0])
    assert tables.lines["currency"].tolist() == ["EUR", "USD"]


def test_fixed_rates_and_default_currency() -> None:
    rows = [["S1", "C1", "2024-03-05", "100", "AED"], ["S2", "C1", "2024-03-05", "100", ""]]
    tables = run(
        rows,
        ["订单号", "客户编号", "日期", "金额", "币种"],
        {"currency": {"base": "CNY", "default": "CNY", "rates": {"AED": 1.95}}},
    )
    assert tables.lines["amount"].tolist() == pytest.approx([195.0, 100.0])


def test_unknown_currency_spelling_is_rejected_not_defaulted() -> None:
    rows = [["S1", "C1", "2024-03-05", "100", "USDD"]]
    tables = run(
        [*rows, ["S2", "C1", "2024-03-06", "1", "USD"]],
        ["订单号", "客户编号", "日期", "金额", "币种"],
    )
    assert tables.rejects[["row", "value"]].values.tolist() == [[2, "USDD"]]


def test_rows_after_as_of_are_counted_not_rejected() -> None:
    rows = [
        ["S1", "C1", "2026-01-05", "100"],
        ["S2", "C1", "2026-02-05", "100"],
        [
            "S3",
            "C1",
            "2026-02-06",
            "100",
        ],
    ]
    tables = run(
        [[*r, "已取消" if r[0] == "S3" else ""] for r in rows],
        ["订单号", "客户编号", "日期", "金额", "状态"],
        as_of=dt.date(2026, 1, 31),
    )
    assert tables.reconciliation.loc[0, "after_as_of"] == 2  # a cancelled late order too
    assert tables.rejects.empty


def test_an_as_of_date_before_every_order_is_an_input_error() -> None:
    """It gave a workbook of zeros (exit 0) where backtest refused the same date (exit 2)."""
    rows = [["S1", "C1", "2026-01-05", "100"], ["S2", "C2", "2026-02-05", "100"]]
    with pytest.raises(InputError) as info:
        run(rows, ["订单号", "客户编号", "日期", "金额"], as_of=dt.date(2025, 12, 31))
    assert str(info.value) == (
        "as-of date 2025-12-31: all 2 usable order rows are dated after it (the first on "
        "2026-01-05), so there is nothing to segment. Give a later --as-of (or as_of: in the "
        "config)"
    )


def test_workbook_sheets_by_name_and_by_columns(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Sheet1").write_row(0, 0, ["Customer No", "Company", "Industry", "Size"])
    book.get_worksheet_by_name("Sheet1").write_row(1, 0, ["C1", "Acme", "Mining", "Large"])
    sales = book.add_worksheet("销售订单")
    sales.write_row(0, 0, ["订单号", "客户编号", "下单日期", "金额"])
    sales.write_row(1, 0, ["S1", "C1", "2026-01-05", 100])
    book.add_worksheet("说明").write_row(0, 0, ["本表由 ERP 导出"])
    book.close()
    inputs = load_inputs([path], CFG)
    assert [s.sheet for s in inputs.sheets["orders"]] == ["销售订单"]
    assert [s.sheet for s in inputs.sheets["customers"]] == ["Sheet1"]
    assert any(
        "Sheet1" in n and "Customers table (by its columns)" in n for n in map(str, inputs.notes)
    )
    assert any("说明" in n and "skipped" in n for n in map(str, inputs.notes))


@pytest.mark.parametrize("first", [True, False], ids=["activities first", "orders first"])
def test_follow_up_records_are_read_as_such_not_taken_as_orders(
    tmp_path: Path, first: bool
) -> None:
    """A follow-up file (by its columns) or a sheet named 跟进记录 is the activities table, even
    when it comes before the orders (``segment sample_data/*.csv``)."""
    import xlsxwriter

    activities = tmp_path / "activities.csv"
    activities.write_text(
        "activity_date,customer_id,activity_type,direction,outcome,owner\n"
        "2026-01-02,C1,Call,Outbound,Replied,Nina Li\n",
        encoding="utf-8",
    )
    orders = tmp_path / "orders.csv"
    orders.write_text("order_id,customer_id,order_date,amount\nS1,C1,2026-01-05,100\n")
    book_path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(str(book_path))
    book.add_worksheet("订单").write_row(0, 0, ["订单号", "客户编号", "下单日期", "金额"])
    book.get_worksheet_by_name("订单").write_row(1, 0, ["S1", "C1", "2026-01-05", 100])
    log = book.add_worksheet("跟进记录")
    log.write_row(0, 0, ["跟进日期", "客户编号", "跟进方式", "方向", "跟进结果", "业务员"])
    log.write_row(1, 0, ["2026-01-02", "C1", "电话", "主动", "已回复", "李娜"])
    book.close()
    files = [activities, orders] if first else [orders, activities]
    for inputs, read, where in (
        (load_inputs(files, CFG), "orders.csv", "activities.csv"),
        (load_inputs([book_path], CFG), "book.xlsx", "book.xlsx [跟进记录]"),
    ):
        assert [Path(s.file).name for s in inputs.sheets["orders"]] == [read]
        assert not inputs.sheets["customers"] and not inputs.sheets["inquiries"]
        assert [s.short_label for s in inputs.sheets["activities"]] == [where]


def test_online_retail_export(online_retail: Path) -> None:
    from tiercli.config import load_config

    root = Path(__file__).resolve().parents[1]
    cfg = load_config(root / "configs" / "examples" / "online_retail.yaml")
    result = segment([online_retail], cfg)
    recon = result.reconciliation.iloc[0]
    assert recon[["rows_read", "used", "rejected", "duplicates", "after_as_of"]].tolist() == [
        2709,
        2031,
        678,
        0,
        0,
    ]
    reasons = result.rejects["reason"].value_counts().to_dict()
    assert reasons == {"blank customer id": 668, "non-product line (orders.exclude_products)": 10}
    assert result.as_of == dt.date(2011, 12, 9)
    assert result.base_currency == "GBP"
    c = result.customers
    assert c.index.is_unique and (c["revenue"].notna()).all()
    assert c["country"].notna().all()  # from the order lines


SPANISH_EXPORT = """Informe de ventas 2026;;;;;
;;;;;
Nº Pedido;Código cliente;Cliente;Fecha;Importe;Moneda;País;Estado
P-001;000123;Ferretería López S.L.;05/03/2026;1.234,50;EUR;España;Entregado
P-002;000123;Ferretería López S.L.;12/04/2026;€ 980,00;;España;Entregado
P-003;000456;Agro Andes SpA;28/04/2026;2.500,00;USD;Chile;Anulado
P-004;000456;Agro Andes SpA;15/05/2026;3.100,00;USD;Chile;Entregado
P-005;000789;Tech Mx;;500,00;MXN;México;Entregado
P-006;000790;Devoluciones SA;20/05/2026;-120,00;EUR;España;Devolución
"""


def test_a_spanish_windows_export(tmp_path: Path) -> None:
    """cp1252, semicolons, a title above the header, Spanish headers and statuses, day-first
    dates, decimal commas, ids with leading zeros."""
    path = tmp_path / "ventas.csv"
    path.write_bytes(SPANISH_EXPORT.encode("cp1252"))
    cfg = parse_config({"currency": {"source": "fixed", "rates": {"EUR": 1.1}}}, "t")
    result = segment([path], cfg)
    c = result.customers
    assert list(c.index) == ["000123", "000456", "000790"]
    assert (
        c.loc["000123", "name"] == "Ferretería López S.L."
        and c.loc["000123", "country"] == "España"
    )
    assert c.loc["000123", "revenue"] == pytest.approx((1234.5 + 980) * 1.1)
    assert c.loc["000123", "last_order_date"] == pd.Timestamp("2026-04-12")  # 12/04: day first
    assert c.loc["000456", "orders"] == 1  # P-003 Anulado is a cancelled order
    assert c.loc["000790", "revenue"] == pytest.approx(-132.0)  # Devolución: a return
    assert result.rejects[["row", "reason"]].values.tolist() == [
        [6, "cancelled order"],
        [8, "blank order date"],
    ]


def test_quantity_or_price_that_is_not_a_number_is_named() -> None:
    rows = [
        ["A1", "C1", "2026-03-01", "10", "¥12.5"],
        ["A2", "C1", "2026-03-02", "二十", "3"],
        ["A3", "C1", "2026-03-03", "4", ""],
    ]
    tables = run(
        rows, ["单号", "客户编号", "日期", "数量", "单价"], {"currency": {"default": "CNY"}}
    )
    assert tables.rejects[["row", "column", "reason"]].values.tolist() == [
        [3, "数量", "quantity is not a number"],
        [4, "单价", "blank unit price"],
    ]


def test_amount_tbd_uses_quantity_times_unit_price_and_says_so() -> None:
    headers = ["客户编号", "日期", "金额", "数量", "单价"]
    rows = [
        ["C1", "2026-01-05", "TBD", "3", "10"],  # computed: 30
        ["C1", "2026-01-06", "", "2", "5"],  # blank amount, computed: 10
        ["C1", "2026-01-07", "100", "9", "9"],  # the amount column wins
        ["C2", "2026-01-07", "TBD", "", "5"],  # nothing to compute from: rejected
    ]
    tables = run(rows, headers)
    assert sorted(tables.lines["amount"]) == [10.0, 30.0, 100.0]
    assert tables.rejects["reason"].tolist() == ["amount is not a number"]
    notes = [w for w in tables.warnings if w.code == "io.amount_from_quantity"]
    assert [w.params["n"] for w in notes] == [2]
    assert "quantity × unit price is used" in str(notes[0])
    assert "已用数量 × 单价计算" in notes[0].render("zh")


def test_owner_from_the_customer_list_else_the_orders() -> None:
    from tiercli.config.loader import parse_config as parse

    orders = sheet(
        [
            ["C1", "2026-01-05", "10", "Wang"],
            ["C2", "2026-01-06", "10", "Li"],
            ["C2", "2026-01-07", "10", "Li"],
            ["C2", "2026-01-08", "10", "Zhao"],
        ],
        ["客户编号", "日期", "金额", "Sales Rep"],
    )
    customers = sheet([["C1", "刘"], ["C3", None]], ["Customer ID", "业务员"], "c.csv")
    tables = normalize({"orders": [orders], "customers": [customers]}, parse({}, "t"))
    table = build_customer_table(tables, tables.as_of)
    # C1: the customer list's owner wins; C2: the most frequent on its orders; C3: none
    assert table["owner"].fillna("—").tolist() == ["刘", "Li", "—"]


def test_each_line_names_its_file_and_sheet_as_one_category_a_file() -> None:
    headers = ["Order No", "Customer ID", "Order Date", "Amount"]
    first = sheet([["A1", "C1", "2026-01-05", "10"], ["A2", "C2", "2026-01-06", "x"]], headers)
    second = RawSheet(
        "book.xlsx",
        "Orders",
        pd.DataFrame([["B1", "C1", "2026-02-01", "5"]], columns=headers, dtype=object),
        pd.Series([7]),
        1,
    )
    lines = normalize({"orders": [first, second]}, CFG, None).lines
    assert isinstance(lines["source_file"].dtype, pd.CategoricalDtype)
    assert lines[["order_id", "source_file", "source_sheet", "source_row"]].astype(
        {"source_file": str, "source_sheet": str}
    ).values.tolist() == [["A1", "o.csv", "", 2], ["B1", "book.xlsx", "Orders", 7]]


@pytest.mark.parametrize(
    ("headers", "rows", "cfg"),
    [
        pytest.param(  # no amount column: the unit price's cells are the amount's to the end
            ["单号", "客户编号", "日期", "数量", "单价", "Remark"],
            [
                ["A1", "C1", "2026-03-01", "10", "12.5", "x"],
                ["A2", "C1", "2026-03-02", "二十", "3", ""],
                ["A3", "C2", "2026-03-03", "4", "", "y"],
                ["A4", "C2", "2026-03-04", "4", "-2", ""],
                ["A5", "C2", "2026-03-05", "1", "1e309", ""],
            ],
            {"orders": {"negative_amount": "reject"}},
            id="quantity-times-price",
        ),
        pytest.param(  # one header named for two columns (the id and the name)
            ["Order", "Buyer", "Date", "Amount", "Currency", "Status"],
            [
                ["A1", "Acme", "2026-03-01", "10", "USD", "Completed"],
                ["A2", "", "2026-03-02", "5", "EUR", "Cancelled"],
                ["C3", "Bolt", "2026-03-03", "7", "XYZ", ""],
                ["A4", "Bolt", "bad", "7", "USD", ""],
            ],
            {
                "columns": {"orders": {"customer_id": "Buyer", "customer_name": "Buyer"}},
                "orders": {"id_prefix": {"C": "cancelled"}},
            },
            id="one-header-two-columns",
        ),
        pytest.param(  # ids from the names; a TBD amount from quantity × price
            ["Order", "Customer Name", "Date", "Amount", "Qty", "Unit Price", "Profit"],
            [
                ["A1", "Acme Ltd", "2026-03-01", "TBD", "2", "5", "1"],
                ["A2", "acme ltd", "2026-03-02", "", "", "", "x"],
                ["A3", "", "2026-03-03", "4", "1", "4", "inf"],
            ],
            {},
            id="ids-from-names",
        ),
    ],
)
def test_consuming_the_sheet_gives_the_same_tables(
    headers: list[str], rows: list[list[object]], cfg: dict
) -> None:
    config = parse_config(cfg, "t")
    kept = normalize({"orders": [sheet(rows, headers)]}, config, None)
    given = sheet(rows, headers)
    consumed = normalize({"orders": [given]}, config, None, consume=True)
    for name in ("lines", "rejects", "reconciliation"):
        pd.testing.assert_frame_equal(getattr(consumed, name), getattr(kept, name))
    assert [str(w) for w in consumed.warnings] == [str(w) for w in kept.warnings]
    assert not kept.rejects.empty  # the rejects show the cells as found
    assert given.frame.columns.empty and given.frame.index.equals(pd.RangeIndex(len(rows)))


def test_a_long_sheets_ids_and_dates_read_on_two_threads_are_as_read_in_turn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The order ids and the dates of a sheet of many rows are read at once: the same tables,
    rejects (reasons in the same order) and warnings as one after the other."""
    import tiercli.io.normalize as normalize_module

    rows = [
        ["SO-1", "C1", "2026-01-05", "100", "USD"],
        ["SO-1.0", "C1", "5/1/2026", "20", "USD"],
        ["", "C2", "2026-02-30", "50", "USD"],
        ["SO-3", "", "not a date", "x", "EUR"],
        ["1.2E3", "C3", "2026-03-01 14:30", "70", "USD"],
        ["SO-4", "C3", "", "70", "USD"],
        ["SO-5", "C4", "13/1/2026", "10", "USD"],
        ["SO-6", "C4", "1/13/2026", "10", "USD"],
    ] * 3
    headers = ["Order No", "Customer ID", "Order Date", "Amount", "Currency"]

    def tables(threshold: int) -> Tables:
        monkeypatch.setattr(normalize_module, "_SIDE_BY_SIDE_ROWS", threshold)
        return run(rows, headers)

    in_turn, at_once = tables(10**9), tables(0)
    pd.testing.assert_frame_equal(at_once.lines, in_turn.lines)
    pd.testing.assert_frame_equal(at_once.rejects, in_turn.rejects)
    assert [w.render("en") for w in at_once.warnings] == [w.render("en") for w in in_turn.warnings]
    assert len(in_turn.rejects) and in_turn.warnings  # the case has both to compare

    # Customers known by name only (their ids made from the names, with a warning), and
    # amounts from quantity × unit price: read beside the order ids too, told in turn.
    headers = ["Order No", "Customer Name", "Order Date", "Qty", "Unit Price", "Currency"]
    rows = [[o, c.replace("C", "Buyer "), d, "2", a, cur] for o, c, d, a, cur in rows]
    in_turn, at_once = tables(10**9), tables(0)
    pd.testing.assert_frame_equal(at_once.lines, in_turn.lines)
    pd.testing.assert_frame_equal(at_once.rejects, in_turn.rejects)
    told = [w.render("en") for w in in_turn.warnings]
    assert [w.render("en") for w in at_once.warnings] == told
    assert any("name" in w for w in told) and len(in_turn.rejects)


class _Pool:
    released = 0

    def release_unused(self) -> None:
        self.released += 1


@pytest.mark.parametrize(("lines", "released"), [(999, 0), (1_000, 1), (5_000, 1)])
def test_raw_columns_let_go_are_handed_back_only_when_they_are_large(
    monkeypatch: pytest.MonkeyPatch, lines: int, released: int
) -> None:
    """A trim walks the whole heap and the next check faults the pages in again: worth it for
    a long sheet's columns (64 MiB and more), not for a few thousand cells. (The threshold
    made 8,000 bytes here: a thousand 8-byte cells, not eight million.)"""
    import pyarrow as pa

    from tiercli.io import normalize as module

    assert module._GIVE_BACK_BYTES == 64 << 20
    monkeypatch.setattr(module, "_GIVE_BACK_BYTES", 8_000)
    pool = _Pool()
    monkeypatch.setattr(pa, "default_memory_pool", lambda: pool)
    frame = pd.DataFrame({"a": pd.Series(range(lines), dtype="int64"), "b": 1})
    sheet = RawSheet("orders.csv", None, frame, pd.Series(range(2, lines + 2)), 1)
    module._let_go(sheet, ["a", "missing"])
    assert list(sheet.frame.columns) == ["b"]
    assert pool.released == released


def test_the_same_lines_in_two_exports_count_once() -> None:
    """Two monthly exports that overlap (or one export given as xlsx and as csv) summed the
    overlap twice: the orders were counted once, the revenue twice, with no word."""
    head = ["订单号", "客户编号", "日期", "金额", "产品编号"]
    rows = [[f"S{i}", f"C{i % 3}", f"2026-01-{1 + i % 28:02d}", str(10 * i), f"P{i % 4}"]
            for i in range(1, 9)]  # fmt: skip
    first = sheet(rows[:6], head, "jan.csv")  # S1–S6
    second = sheet(rows[3:], head, "feb.csv")  # S4–S8: S4–S6 again
    tables = normalize({"orders": [first, second]}, CFG, None)
    assert tables.lines["amount"].sum() == sum(10 * i for i in range(1, 9))
    recon = tables.reconciliation.set_index("source_file")
    assert recon.loc["feb.csv", ["rows_read", "used", "duplicates"]].tolist() == [5, 2, 3]
    again = tables.rejects[tables.rejects["category"] == "duplicate"]
    assert again[["source_file", "row", "value"]].values.tolist() == [
        ["feb.csv", 2, "jan.csv:5"],
        ["feb.csv", 3, "jan.csv:6"],
        ["feb.csv", 4, "jan.csv:7"],
    ]
    assert any("3 line(s) are the same lines as in the earlier file jan.csv" in str(w)
               for w in tables.warnings)  # fmt: skip
    # sheets of one workbook are named with their sheet (they were all "book.xlsx")
    from dataclasses import replace

    first_sheet = replace(sheet(rows[:6], head, "book.xlsx"), sheet="王芳")
    second_sheet = replace(sheet(rows[3:], head, "book.xlsx"), sheet="汇总")
    named = normalize({"orders": [first_sheet, second_sheet]}, CFG, None).rejects
    assert named.loc[named["category"] == "duplicate", "value"].tolist()[0] == "book.xlsx [王芳]:5"
    # a different amount, or no order ids: not the same line
    changed = sheet([[*r[:3], "999", r[4]] for r in rows[3:]], head, "feb.csv")
    assert (
        normalize({"orders": [first, changed]}, CFG, None).reconciliation["duplicates"].sum() == 0
    )
    no_ids = [["C1", "2026-01-05", "10"], ["C2", "2026-01-06", "20"]]
    pair = [sheet(no_ids, ["客户编号", "日期", "金额"], n) for n in ("a.csv", "b.csv")]
    assert len(normalize({"orders": pair}, CFG, None).lines) == 4


def test_an_order_cancelled_in_one_export_is_cancelled_in_the_others() -> None:
    """February's export says O1 was cancelled; January's copy of it (paid then) still counted
    100 for C1."""
    head = ["order id", "customer id", "order date", "amount", "status"]
    jan = sheet([["O1", "C1", "2024-01-05", "100", "paid"],
                 ["O2", "C2", "2024-01-06", "200", "paid"],
                 ["O4", "C4", "2024-01-07", "50", "paid"],
                 ["", "C5", "2024-01-08", "70", "paid"],
                 ["O6", "C6", "2024-01-09", "10", "cancelled"],  # one line of O6 cancelled:
                 ["O6", "C6", "2024-01-09", "20", "paid"]], head, "jan.csv")  # fmt: skip
    feb = sheet(
        [
            ["O1", "C1", "2024-01-05", "100", "cancelled"],
            ["O3", "C3", "2024-02-06", "300", "paid"],
            ["O4", "C9", "2024-01-07", "50", "cancelled"],  # another customer's O4
            ["", "C5", "2024-01-08", "70", "cancelled"],
            ["O6", "C6", "2024-01-09", "30", "paid"],
        ],
        head,
        "feb.csv",
    )  # not the order
    tables = normalize({"orders": [jan, feb]}, CFG, None)
    assert sorted(tables.lines["order_id"]) == ["O2", "O3", "O4", "O6", "O6", "jan.csv::5"]
    elsewhere = "cancelled order (in another export: that file and row are the value)"
    shown = tables.rejects[["source_file", "row", "value", "reason", "category"]]
    assert shown.astype(object).values.tolist() == [
        ["jan.csv", 6, "cancelled", "cancelled order", "excluded"],
        ["feb.csv", 2, "cancelled", "cancelled order", "excluded"],
        ["feb.csv", 4, "cancelled", "cancelled order", "excluded"],
        ["feb.csv", 5, "cancelled", "cancelled order", "excluded"],
        ["jan.csv", 2, "feb.csv:2", elsewhere, "excluded"],  # (after each file's own)
    ]
    recon = tables.reconciliation.set_index("source_file")
    assert recon.loc["jan.csv", ["rows_read", "used", "rejected", "excluded"]].tolist() == [
        6, 4, 2, 2,
    ]  # fmt: skip
    warning = next(w for w in tables.warnings if w.code == "io.cancelled_elsewhere")
    assert warning.render("en") == (
        "jan.csv: 1 line(s) are of orders that feb.csv says were cancelled (the same order id "
        "and customer): left out as cancelled"
    )
    table = build_customer_table(tables, tables.as_of)
    assert "C1" not in table.index and table["revenue"].sum() == 670.0
    # the cancellation in the earlier export cancels the later copy too
    later = normalize({"orders": [feb, jan]}, CFG, None)
    assert sorted(later.lines["order_id"]) == ["O2", "O3", "O4", "O6", "O6", "jan.csv::5"]


def test_two_columns_meaning_one_are_named_in_the_readers_words() -> None:
    """The warning said '列 金额、Amount 都表示 amount': the canonical key, in Chinese text."""
    tables = run(
        [["S1", "C1", "2026-01-05", "100", "100"]], ["订单号", "客户编号", "日期", "金额", "Amount"]
    )
    warning = next(w for w in tables.warnings if w.code == "io.same_column")
    assert "都表示 金额；使用“金额”" in warning.render("zh")
    assert "columns -> orders -> amount" in warning.render("zh")  # the config key, to write
    assert "all mean amount; '金额' is used" in warning.render("en")


@pytest.mark.parametrize("header", ["下单时间", "创建时间", "付款时间", "订单时间"])
def test_platform_time_headers_are_the_order_date(header: str) -> None:
    """Alibaba / Shopify-style exports head their date 下单时间 or 创建时间: not recognised."""
    tables = run(
        [["S1", "C1", "2026-01-05 10:31:00", "100"]], ["订单号", "客户编号", header, "金额"]
    )
    assert str(tables.lines.loc[0, "order_date"].date()) == "2026-01-05"


def test_dates_with_a_two_digit_year_are_said_to_be_read_day_first() -> None:
    """25-03-05 was read as the 25th of March 2005 without a word (a yy-mm-dd export)."""
    rows = [["S1", "C1", "25-03-05", "10"], ["S2", "C1", "25-04-15", "10"]]
    tables = run(rows, ["订单号", "客户编号", "日期", "金额"])
    warning = next(w for w in tables.warnings if w.code == "io.two_digit_years")
    assert warning.render("en").endswith(
        "column '日期' has 2 date(s) with a two-digit year, e.g. '25-03-05' read as 2005-03-25; "
        "if they are year-month-day, set input.date_order: YMD"
    )
    told = run(rows, ["订单号", "客户编号", "日期", "金额"], {"input": {"date_order": "YMD"}})
    assert str(told.lines["order_date"].min().date()) == "2025-03-05"
    assert not any(w.code == "io.two_digit_years" for w in told.warnings)


def test_iso_dates_beside_excel_serials_are_not_a_mix_of_date_orders() -> None:
    """An Excel date column of text 2024-03-05 and the serial 45357 warned that it mixes
    day-first and month-first dates (neither is ambiguous); 5 Mar 2026 beside Mar 6, 2026
    still does."""
    head = ["Order No", "Customer ID", "Order Date", "Amount"]
    rows = [["S1", "C1", "2024-03-05", 10], ["S2", "C1", 45357, 10]]
    tables = run(rows, head)
    assert [str(d.date()) for d in tables.lines["order_date"]] == ["2024-03-05", "2024-03-06"]
    assert not any(w.code == "io.mixed_dates" for w in tables.warnings)
    mixed = run([["S1", "C1", "5 Mar 2026", 10], ["S2", "C1", "Mar 6, 2026", 10]], head)
    assert any(w.code == "io.mixed_dates" for w in mixed.warnings)


@pytest.mark.parametrize(
    ("status", "kept"),
    [
        ("已完成（无退款）", 100.0),  # a completed order: it was made negative
        ("非退货", 100.0),
        ("No return", 100.0),
        ("Refund rejected", 100.0),  # neither a return nor (by "rejected") a cancellation
        ("退款失败", 100.0),
        ("未取消", 100.0),  # it was left out as cancelled
        ("not cancelled", 100.0),
        ("退货（非质量问题）", -100.0),  # a return, whatever follows
        ("已取消", None),
        # a refusal said with a word between, or before: the return or cancellation did not
        # happen (they were returns, or left out as cancelled)
        ("退货已拒绝", 100.0),
        ("退款申请被拒绝", 100.0),
        ("退货申请已驳回", 100.0),
        ("拒绝退款", 100.0),
        ("拒绝退货", 100.0),
        ("Refund request rejected", 100.0),
        ("Return request declined", 100.0),
        ("Cancellation rejected", 100.0),
        ("Cancellation request denied", 100.0),
        ("取消申请被拒绝", 100.0),
        ("已拒绝取消", 100.0),
        ("买家申请取消，卖家拒绝", 100.0),
        ("退货退款被拒绝", 100.0),  # what is said of the last word is said of each
        ("拒绝退货退款", 100.0),
        ("Return and refund rejected", 100.0),
        # Taobao / Alibaba: 退款关闭 is a refund that did not happen, the sale stands
        ("退款关闭", 100.0),
        ("退款已关闭", 100.0),
        # real returns and cancellations stay so
        ("已退款", -100.0),
        ("退款成功", -100.0),
        ("交易关闭，退款成功", -100.0),
        ("已退货", -100.0),
        ("Returned", -100.0),
        ("Refunded", -100.0),
        ("红字发票", -100.0),  # a red-ink invoice: a credit note
        ("Cancelled", None),
        ("Rejected", None),  # the order rejected: not a sale
        ("已关闭", None),
        ("作废", None),
        ("void", None),
        ("已取消，已关闭", None),
    ],
)
def test_a_status_that_denies_a_return_or_a_cancellation_is_neither(
    status: str, kept: float | None
) -> None:
    tables = run(
        [["S1", "C1", "2026-01-05", "100", status]], ["订单号", "客户编号", "日期", "金额", "状态"]
    )
    amounts = tables.lines["amount"].tolist()
    assert amounts == ([] if kept is None else [kept])


def test_a_partial_return_or_a_pending_refund_keeps_the_sale_and_is_warned_about() -> None:
    """ "Partially refunded" or "Shipped - refund pending" on a line of 100 made it −100: the
    whole sale taken back for a part returned, or for a refund not made yet."""
    statuses = ["Partially returned", "refunded partially", "Partially refunded", "部分退货",
                "部分退款", "Shipped - refund pending", "退货退款中", "Partially refunded"]  # fmt: skip
    rows = [[f"S{i}", f"C{i}", "2026-01-05", "100", s] for i, s in enumerate(statuses)]
    rows += [["S8", "C8", "2026-01-06", "-30", "部分退款"],  # the refunded part: a return
             ["S9", "C9", "2026-01-06", "40", "已退款"]]  # fmt: skip
    tables = run(rows, ["订单号", "客户编号", "日期", "金额", "状态"])
    lines = tables.lines
    assert lines["amount"].tolist() == [100.0] * 8 + [-30.0, -40.0]
    assert lines["is_return"].tolist() == [False] * 8 + [True, True]
    table = build_customer_table(tables, tables.as_of)
    assert table.loc["C0", "orders"] == 1 and table.loc["C0", "revenue"] == 100.0
    warning = next(w for w in tables.warnings if w.code == "io.partial_returns")
    assert warning.render("en") == (
        "o.csv: 8 line(s) have a status that says part of the line was returned or a refund "
        "is pending ('Partially refunded' 2, 'Partially returned' 1, 'Shipped - refund "
        "pending' 1, 'refunded partially' 1, '退货退款中' 1 …): they count as sales at their full "
        "amount, as the part returned is not known"
    )
    assert warning.render("zh").startswith("o.csv：8 行的状态表示部分退货或退款尚未完成")


def test_a_negative_quantity_with_a_positive_amount_is_a_return() -> None:
    """A return line written −2 × 5 = 10 counted as a sale of 10 (revenue 60, not 40) and its
    quantity went into the typical order; a blank amount was already read as −10."""
    head = ["order id", "customer id", "order date", "quantity", "unit price", "amount"]
    rows = [["O1", "C1", "2024-03-05", "10", "5", "50"],
            ["R1", "C1", "2024-03-06", "-2", "5", "10"],
            ["R2", "C2", "2024-03-06", "-2", "5", ""],
            ["R3", "C2", "2024-03-07", "-1", "5", "-5"]]  # fmt: skip
    tables = run(rows, head)
    assert tables.lines["amount"].tolist() == [50.0, -10.0, -10.0, -5.0]
    assert tables.lines["is_return"].tolist() == [False, True, True, True]
    table = build_customer_table(tables, tables.as_of)
    assert table.loc["C1", "revenue"] == 40.0 and table.loc["C1", "orders"] == 1
    assert table.loc["C1", "median_order_quantity"] == 10.0
    warning = next(w for w in tables.warnings if w.code == "io.negative_quantity")
    assert warning.render("en") == (
        "o.csv: 1 line(s) have a negative quantity and a positive amount (e.g. row 3): "
        "read as returns of that amount"
    )
    # told to reject negative amounts, it rejects these too
    told = run(rows, head, {"orders": {"negative_amount": "reject"}})
    assert told.lines["amount"].tolist() == [50.0]
    assert told.rejects["reason"].tolist() == ["negative amount"] * 3


def test_employee_counts_written_as_labels_are_read() -> None:
    """员工人数 '50-200人', '约300人', '10人以下', '1000人以上' became blank, silently."""
    head = ["客户编号", "名称", "员工人数"]
    rows = [["C1", "A", "50-200人"], ["C2", "B", "约300人"], ["C3", "C", "10人以下"],
            ["C4", "D", "1,000人以上"], ["C5", "E", "42"], ["C6", "F", "不详"]]  # fmt: skip
    orders = sheet([["S1", "C1", "2026-01-05", "10"]], ["订单号", "客户编号", "日期", "金额"])
    tables = normalize({"orders": [orders], "customers": [sheet(rows, head, "c.csv")]}, CFG, None)
    got = tables.customers.set_index("customer_id")["employees"]
    assert got.loc[["C1", "C2", "C3", "C4", "C5"]].tolist() == [125.0, 300.0, 10.0, 1000.0, 42.0]
    assert pd.isna(got.loc["C6"])


def test_the_amount_headers_currency_is_the_lines_currency_without_a_currency_column() -> None:
    """金额(人民币) with no currency column was summed as the base currency (USD)."""
    cfg = {"currency": {"source": "fixed", "rates": {"CNY": 0.14}}}
    rows = [["S1", "C1", "2026-01-05", "1000"], ["S2", "C1", "2026-01-06", "USD 50"]]
    tables = run(rows, ["订单号", "客户编号", "日期", "金额(人民币)"], cfg)
    assert tables.lines["currency"].tolist() == ["CNY", "USD"]  # a cell's own currency wins
    assert tables.lines["amount"].tolist() == pytest.approx([140.0, 50.0])
    assert any(w.code == "io.header_currency" for w in tables.warnings)
    plain = run(rows[:1], ["订单号", "客户编号", "日期", "金额"], cfg)
    assert plain.lines["currency"].tolist() == ["USD"]


def test_amounts_written_without_cents_are_not_returns() -> None:
    """A German 1.000,- (no cents) was read as a trailing minus: a return of −1000."""
    rows = [
        ["R1", "K1", "05.03.2024", "1.000,-", "EUR"],
        ["R2", "K2", "06.03.2024", "250,-", "EUR"],
        ["R3", "K3", "07.03.2024", "1.234,56", "EUR"],
    ]
    head = ["Belegnummer", "Kundennummer", "Rechnungsdatum", "Betrag", "Währung"]
    tables = run(rows, head, {"currency": {"base": "EUR"}})
    lines = tables.lines.set_index("customer_id")
    assert lines["amount"].tolist() == pytest.approx([1000.0, 250.0, 1234.56])
    assert not lines["is_return"].any()


@pytest.mark.parametrize(
    ("header", "canonical"),
    [("金额(人民币)", "amount"), ("Amount (USD)", "amount"), ("数量（件）", "quantity"),
     ("Unit Price [EUR]", "unit_price")],
)  # fmt: skip
def test_a_header_with_its_unit_in_brackets_is_recognised(header: str, canonical: str) -> None:
    other = "金额" if canonical != "amount" else "备注"  # (an amount, when it is not the one)
    s = sheet([["S1", "C1", "2026-01-05", "5", "2"]], ["订单号", "客户编号", "日期", header, other])
    assert map_headers(s, "orders", {}).get(canonical) == header


@pytest.mark.parametrize(
    ("header", "cell", "amount", "currency", "unit"),
    [
        ("金额（万元）", "1.5", 15_000.0, "CNY", "万元"),
        ("金额(千元)", "1.5", 1_500.0, "CNY", "千元"),
        ("金额（单位：万元）", "2", 20_000.0, "CNY", "万元"),
        ("金额（万美元）", "1.5", 15_000.0, "USD", "万美元"),
        ("销售额（百万美元）", "1.5", 1_500_000.0, "USD", "百万美元"),
        ("金额（亿元）", "1.5", 150_000_000.0, "CNY", "亿元"),
        ("Amount (kUSD)", "1.5", 1_500.0, "USD", "kUSD"),
        ("Amount (USD thousands)", "1.5", 1_500.0, "USD", "USD thousands"),
        ("Amount ('000 USD)", "1,250.5", 1_250_500.0, "USD", "'000 USD"),
        ("Sales (USD mn)", "1.5", 1_500_000.0, "USD", "USD mn"),
        ("Amount (in millions of EUR)", "2", 2_000_000.0, "EUR", "in millions of EUR"),
        ("Amount (k)", "2", 2_000.0, "CNY", "k"),  # no currency: the base currency, as before
        ("金额(人民币)", "1.5", 1.5, "CNY", None),  # a currency only
        ("Amount (MOP)", "1.5", 1.5, "MOP", None),  # (not m + "OP")
        ("金额（元/吨）", "1.5", 1.5, "CNY", None),  # a price per ton, not a scale
    ],
)
def test_a_unit_scale_in_the_amount_header_multiplies_its_values(
    header: str, cell: str, amount: float, currency: str, unit: str | None
) -> None:
    """金额（万元） with 1.5 was read as 1.5 yuan (0.49 USD with a rate), not 15,000."""
    rates = {"USD": 7.0, "EUR": 8.0, "MOP": 0.9}
    cfg = {"currency": {"base": "CNY", "source": "fixed", "rates": rates}}
    tables = run([["S1", "C1", "2026-01-05", cell]], ["订单号", "客户编号", "日期", header], cfg)
    assert tables.lines["amount_original"].tolist() == [amount]
    assert tables.lines["currency"].tolist() == [currency]
    notes = [w for w in tables.warnings if w.code == "io.header_unit"]
    if unit is None:
        assert not notes
    else:
        factor = f"{amount / float(cell.replace(',', '')):,.0f}"
        assert notes[0].render("en") == (
            f"o.csv: column '{header}' is in {unit}: its numbers are multiplied by {factor}"
        )
        assert notes[0].render("zh") == f"o.csv：“{header}”列的单位是“{unit}”，数值已乘以 {factor}"


def test_a_unit_scale_applies_to_prices_and_profit_not_to_quantities() -> None:
    head = ["订单号", "客户编号", "日期", "数量（千件）", "单价（万元）", "毛利（万元）"]
    rows = [["S1", "C1", "2026-01-05", "2", "1.5", "0.5"]]
    tables = run(rows, head, {"currency": {"base": "CNY"}})
    line = tables.lines.iloc[0]
    assert (line["quantity"], line["amount"], line["profit"]) == (2.0, 30_000.0, 5_000.0)
    noted = [w.params["header"] for w in tables.warnings if w.code == "io.header_unit"]
    assert noted == ["单价（万元）", "毛利（万元）"]


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("Margin %", "profit_rate"),
        ("Gross margin (%)", "profit_rate"),
        ("毛利率", "profit_rate"),
        ("利润率（%）", "profit_rate"),
        ("Margin rate", "profit_rate"),
        ("Profit %", "profit_rate"),
        ("Margin", "profit"),  # ambiguous: its cells decide
        ("毛利", "profit"),
        ("Amount %", None),  # a rate: no amount
        ("Price (%)", None),
        ("单价(含13%增值税)", "unit_price"),  # a percentage said of the price: still a price
        ("Amount (USD, excl. 13% VAT)", "amount"),
    ],
)  # fmt: skip
def test_a_header_that_names_a_rate_is_not_a_money_column(
    header: str, canonical: str | None
) -> None:
    """Margin % was mapped to profit and its 25% read as a profit of 0.25."""
    head = ["订单号", "客户编号", "日期", header, "数量", "单价"]  # (the first header wins)
    s = sheet([["S1", "C1", "2026-01-05", "5", "2", "3"]], head)
    mapping = map_headers(s, "orders", {})
    assert {c: h for c, h in mapping.items() if h == header} == (
        {canonical: header} if canonical else {}
    )


@pytest.mark.parametrize(
    ("header", "cells", "profit"),
    [
        ("Margin %", ["25%", "10 %"], [250.0, 20.0]),
        ("Margin %", ["25", "10"], [250.0, 20.0]),  # percent points
        ("毛利率", [0.25, 0.1], [250.0, 20.0]),  # an Excel cell formatted 0.00%: 0.25
        ("毛利率", ["0.25", "-0.1"], [250.0, -20.0]),  # all within ±1: fractions
        ("毛利", ["25%", "10%"], [250.0, 20.0]),  # a profit column of percentages only
        ("Margin", ["25%", None], [250.0, math.nan]),
    ],
)
def test_a_profit_rate_gives_the_profit_as_amount_times_rate(
    header: str, cells: list[object], profit: list[float]
) -> None:
    head = ["订单号", "客户编号", "日期", "金额", header]
    rows = [
        ["S1", "C1", "2026-01-05", "1000", cells[0]],
        ["S2", "C1", "2026-01-06", "200", cells[1]],
    ]
    tables = run(rows, head)
    assert tables.lines["profit"].tolist() == pytest.approx(profit, nan_ok=True)
    assert tables.has_profit
    note = next(w for w in tables.warnings if w.code == "io.profit_rate")
    read = "25%"
    assert note.render("en") == (
        f"o.csv: '{header}' is a rate, not an amount: the profit is the amount × it "
        f"('{cells[0]}' read as {read})"
    )
    assert note.render("zh") == (
        f"o.csv：“{header}”是比率而非金额：利润按金额 × 该比率计算（“{cells[0]}”读作 {read}）"
    )


def test_a_percentage_among_profit_amounts_is_left_empty_with_a_warning() -> None:
    head = ["订单号", "客户编号", "日期", "金额", "毛利"]
    rows = [["S1", "C1", "2026-01-05", "1000", "25%"], ["S2", "C1", "2026-01-06", "200", "30"]]
    tables = run(rows, head)
    assert tables.lines["profit"].tolist() == pytest.approx([math.nan, 30.0], nan_ok=True)
    warning = next(w for w in tables.warnings if w.code == "io.profit_percent")
    assert warning.render("en") == (
        "o.csv: 1 cell(s) of the profit column '毛利' are percentages, not amounts (e.g. '25%' on "
        "row 2): left empty"
    )
    assert tables.rejects.empty


def test_an_amount_or_price_written_as_a_percentage_is_rejected() -> None:
    """An amount cell of 12.5% became a revenue of 0.125."""
    head = ["订单号", "客户编号", "日期", "金额", "数量", "单价"]
    rows = [
        ["S1", "C1", "2026-01-05", "12.5%", "", ""],
        ["S2", "C1", "2026-01-06", "12.5%", "2", "5"],  # quantity × unit price instead
        ["S3", "C1", "2026-01-07", "100", "", ""],
    ]
    tables = run(rows, head)
    assert tables.lines["amount"].tolist() == [10.0, 100.0]
    assert tables.rejects[["row", "column", "value", "reason"]].values.tolist() == [
        [2, "金额", "12.5%", "percentage, not an amount"]
    ]
    rows = [["S1", "C1", "2026-01-05", "2", "5%"], ["S2", "C1", "2026-01-06", "2", "5"]]
    prices = run(rows, ["订单号", "客户编号", "日期", "数量", "单价"])
    assert prices.rejects[["column", "reason"]].values.tolist() == [
        ["单价", "percentage, not an amount"]
    ]


def test_ids_excel_shortened_to_six_digits_are_warned_about() -> None:
    """1.23457E+11 was taken as 123457000000 without a word: the last digits are gone."""
    rows = [["S1", "1.23457E+11", "2026-01-05", "10"], ["S2", "1.2488E4", "2026-01-06", "10"]]
    tables = run(rows, ["订单号", "客户编号", "日期", "金额"])
    warning = next(w for w in tables.warnings if w.code == "io.shortened_ids")
    assert "1 id(s) in '客户编号' were shortened by Excel" in warning.render("en")  # not 1.2488E4
    assert "'1.23457E+11' on row 2" in warning.render("en")


def test_a_reports_subtotal_and_total_rows_are_left_out_by_rule(tmp_path: Path) -> None:
    """A daily report's 小计 rows (the date merged over them, no customer id) became a customer
    with the day's revenue again; 合计 in the first column was an error to fix."""
    import xlsxwriter

    path = tmp_path / "daily.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("销售日报")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    ws.write(0, 0, "销售日报表")
    ws.write_row(1, 0, ["日期", "客户名称", "订单号", "币种", "金额"])
    ws.merge_range(2, 0, 4, 0, dt.datetime(2024, 3, 1), day)
    ws.write_row(2, 1, ["Alpha Co", "SO1", "USD", 100])
    ws.write_row(3, 1, ["Beta Co", "SO2", "USD", 200])
    ws.write_row(4, 1, ["小计", "", "USD", 300])
    ws.merge_range(5, 0, 6, 0, dt.datetime(2024, 3, 2), day)
    ws.write_row(5, 1, ["Alpha Co", "SO3", "USD", 50])
    ws.write_row(6, 1, ["Subtotal:", "", "USD", 50])
    ws.write_row(7, 0, ["合计", "", "", "USD", 350])
    book.close()
    from tiercli.config import load_config
    from tiercli.pipeline import segment

    result = segment([path], load_config(None))
    assert result.customers["revenue"].to_dict() == {"alpha co": 150.0, "beta co": 200.0}
    rejects = result.rejects
    assert rejects["reason"].tolist() == ["subtotal or total row"] * 3
    assert rejects["category"].tolist() == ["excluded"] * 3
    assert rejects["row"].tolist() == [5, 7, 8]


def test_an_order_total_written_on_every_line_counts_once() -> None:
    """AliExpress / 店小秘 exports write the order's total beside each SKU's Qty and Unit Price:
    an order of two SKUs (2 × 100 and 1 × 100, total 300) counted 600."""
    head = ["Order No", "Customer ID", "Order Date", "Order Total", "Currency", "SKU", "Qty",
            "Unit Price"]  # fmt: skip
    rows = [
        ["AE1", "B01", "2024-03-01", "300", "USD", "SKU-A", "2", "100"],
        ["AE1", "B01", "2024-03-01", "300", "USD", "SKU-B", "1", "100"],
        ["AE2", "B02", "2024-03-02", "50", "USD", "SKU-A", "1", "50"],
        ["AE3", "B02", "2024-03-03", "80", "USD", "SKU-A", "1", "40"],  # two lines of 80 each,
        ["AE3", "B02", "2024-03-03", "80", "USD", "SKU-B", "1", "40"],  # but 40 + 40 is 80 too
        ["AE4", "B01", "2024-03-04", "70", "USD", "SKU-A", "1", "70"],  # line amounts: as they are
        ["AE4", "B01", "2024-03-04", "30", "USD", "SKU-B", "1", "30"],
    ]
    tables = normalize({"orders": [sheet(rows, head)]}, CFG, None)
    per = tables.lines.groupby("order_id")["amount"].sum().to_dict()
    assert per == {"AE1": 300.0, "AE2": 50.0, "AE3": 80.0, "AE4": 100.0}
    said = [w for w in tables.warnings if w.code == "io.order_total_on_lines"]
    assert len(said) == 1 and said[0].params["n"] == 2 and said[0].params["lines"] == 4


def test_an_order_that_only_looks_like_it_on_the_first_lines_is_left_as_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first lines' order (one amount, quantity × price adding up) went on past them with
    other amounts: the whole sheet has no such order, and the run went on (it was an
    IndexError, exit 1)."""
    import tiercli.io.normalize as module

    monkeypatch.setattr(module, "_TOTALS_SAMPLE", 2)
    head = ["Order No", "Customer ID", "Order Date", "Amount", "Qty", "Unit Price"]
    rows = [
        ["A1", "B1", "2024-03-01", "300", "2", "100"],
        ["A1", "B1", "2024-03-01", "300", "1", "100"],
        ["A1", "B1", "2024-03-01", "50", "1", "50"],
    ]
    tables = normalize({"orders": [sheet(rows, head)]}, CFG, None)
    assert tables.lines["amount"].tolist() == [300.0, 300.0, 50.0]
    assert not [w for w in tables.warnings if w.code == "io.order_total_on_lines"]


# ERP entry lists (金蝶 K/3, 云星空, 用友 U8, 管家婆): an order's header fields on its first line only
ENTRY = ["单据编号", "日期", "客户", "币别", "物料名称", "数量", "单价", "金额"]
CNY = {"currency": {"base": "CNY"}}


def _entries(tables: Tables) -> list[tuple[object, ...]]:
    """The lines' source row, order, customer, day, currency, product and amount."""
    cols = ["source_row", "order_id", "customer_id", "customer_name", "order_date", "currency",
            "product_name", "amount"]  # fmt: skip
    frame = tables.lines.reindex(columns=cols).astype(object)
    frame["order_date"] = tables.lines["order_date"].dt.strftime("%Y-%m-%d")
    return [tuple(None if pd.isna(x) else x for x in row) for row in frame.itertuples(index=False)]


def test_erp_entry_lines_take_their_orders_header_fields() -> None:
    """The second entry line of XSDD001 (no 单据编号, 日期, 客户, 币别: the ERP writes them on
    the order's first line only) was rejected for a blank customer id: 50 of 90 counted."""
    rows = [
        ["XSDD001", "2024-03-01", "宁波ACME", "人民币", "阀门", 10, 5, 50],
        [None, None, None, None, "管件", 20, 2, 40],
        ["XSDD002", "2024-03-05", "杭州Beta", "人民币", "阀门", 1, 5, 5],
    ]
    tables = run(rows, ENTRY, CNY)
    assert tables.rejects.empty
    assert _entries(tables) == [
        (2, "XSDD001", "宁波acme", "宁波ACME", "2024-03-01", "CNY", "阀门", 50.0),
        (3, "XSDD001", "宁波acme", "宁波ACME", "2024-03-01", "CNY", "管件", 40.0),
        (4, "XSDD002", "杭州beta", "杭州Beta", "2024-03-05", "CNY", "阀门", 5.0),
    ]
    said = [w for w in tables.warnings if w.code == "io.entry_lines"]
    assert [w.render("en") for w in said] == [
        "o.csv: 1 line(s) without order id, customer and date were read as further lines of "
        "the order above them (as ERP entry lists write them), e.g. row 3"
    ]
    assert not [w for w in tables.warnings if w.code == "io.blank_order_id"]
    table = build_customer_table(tables, tables.as_of)
    assert table.loc["宁波acme", ["revenue", "orders"]].tolist() == [90.0, 1]
    assert table.loc["杭州beta", "revenue"] == 5.0
    recon = tables.reconciliation.iloc[0]
    assert (recon["rows_read"], recon["used"], recon["rejected"]) == (3, 3, 0)


def test_entry_lines_are_filled_in_a_copy_the_callers_sheet_is_read_again_the_same() -> None:
    """tune and backtest normalize the same sheets twice: the second read finds the entry
    lines as the first did (filled cells would make two equal lines of an order duplicates)."""
    rows = [
        ["XSDD001", "2024-03-01", "宁波ACME", "人民币", "阀门", 10, 5, 50],
        [None, None, None, None, "管件", 20, 2, 40],
        [None, None, None, None, "管件", 20, 2, 40],
    ]
    sheets = {"orders": [sheet(rows, ENTRY)]}
    cfg = parse_config(CNY, "t")
    first, second = (normalize(sheets, cfg, None) for _ in range(2))
    pd.testing.assert_frame_equal(first.lines, second.lines)
    assert second.rejects.empty and second.lines["amount"].sum() == 130.0
    assert sheets["orders"][0].frame.iloc[1:, :4].isna().all().all()


def test_entry_lines_keep_their_own_cells_and_share_their_orders_status() -> None:
    """A continuation line's own currency is its own; the order's status (作废: cancelled) and
    salesperson are the order's, so its lines are left out with it."""
    head = ["单据编号", "单据状态", "日期", "客户编码", "客户名称", "币别", "业务员", "物料编码",
            "数量", "单价", "金额"]  # fmt: skip
    rows = [
        ["XS1", "已审核", "2024-03-01", "C1", "宁波ACME", "人民币", "王芳", "P1", 10, 5, 50],
        ["", "", "", "", "", "美元", "", "P2", 1, 7, 7],
        ["XS2", "已作废", "2024-03-02", "C2", "杭州Beta", "人民币", "李雷", "P1", 1, 5, 5],
        ["", "", "", "", "", "", "", "P3", 2, 2, 4],
        ["XS3", "已审核", "2024-03-03", "C2", "杭州Beta", "人民币", "李雷", "P1", 3, 5, 15],
    ]
    cfg = {"currency": {"base": "CNY", "source": "fixed", "rates": {"USD": 7}}}
    tables = run(rows, head, cfg)
    lines = tables.lines
    assert lines["source_row"].tolist() == [2, 3, 6]
    assert lines["order_id"].tolist() == ["XS1", "XS1", "XS3"]
    assert lines["customer_id"].tolist() == ["C1", "C1", "C2"]
    assert lines["currency"].tolist() == ["CNY", "USD", "CNY"]
    assert lines["amount"].tolist() == [50.0, 49.0, 15.0]
    assert lines["owner"].tolist() == ["王芳", "王芳", "李雷"]
    rejects = tables.rejects
    assert rejects["row"].tolist() == [4, 5]
    assert rejects["reason"].tolist() == ["cancelled order"] * 2
    said = [w for w in tables.warnings if w.code == "io.entry_lines"]
    assert len(said) == 1 and said[0].params["n"] == 2 and said[0].params["row"] == 3


def test_a_line_with_an_order_id_or_a_customer_or_a_date_is_no_entry_line() -> None:
    """Only a line without order id, customer and date takes its order's: one that has any of
    them and lacks another is rejected as before."""
    rows = [
        ["XSDD001", "2024-03-01", "宁波ACME", "人民币", "阀门", 10, 5, 50],
        ["XSDD001", None, None, None, "管件", 20, 2, 40],  # an id, no customer
        [None, "2024-03-01", None, None, "管件", 20, 2, 40],  # a date, no customer
        [None, None, "宁波ACME", None, "管件", 20, 2, 40],  # a customer, no date
    ]
    tables = run(rows, ENTRY, CNY)
    assert tables.lines["source_row"].tolist() == [2]
    assert tables.rejects[["row", "reason"]].values.tolist() == [
        [3, "blank customer id"],
        [4, "blank customer id"],
        [5, "blank order date"],
    ]
    assert not [w for w in tables.warnings if w.code == "io.entry_lines"]


def test_blank_lines_under_no_order_line_are_rejected_as_before() -> None:
    """A sheet's first data line without id, customer and date has no order above it; nor has
    one under a line without an order id: both rejected, as before."""
    rows = [
        [None, None, None, None, "阀门", 10, 5, 50],
        ["XSDD002", "2024-03-05", "杭州Beta", "人民币", "阀门", 1, 5, 5],
        [None, "2024-03-06", "杭州Beta", "人民币", "阀门", 1, 5, 5],  # its own order
        [None, None, None, None, "管件", 20, 2, 40],  # under a line without an order id
    ]
    tables = run(rows, ENTRY, CNY)
    assert tables.lines["order_id"].tolist() == ["XSDD002", "o.csv::4"]
    assert tables.rejects[["row", "reason"]].values.tolist() == [
        [2, "blank customer id"],
        [5, "blank customer id"],
    ]
    assert not [w for w in tables.warnings if w.code == "io.entry_lines"]
    no_id_column = run([r[1:] for r in rows], ENTRY[1:], CNY)  # no order id column: as before
    assert no_id_column.rejects["row"].tolist() == [2, 5]


def test_blank_order_ids_with_customers_and_dates_stay_orders_of_their_own() -> None:
    rows = [
        ["XSDD001", "2024-03-01", "宁波ACME", "人民币", "阀门", 10, 5, 50],
        [None, "2024-03-01", "宁波ACME", "人民币", "管件", 20, 2, 40],
        [None, "2024-03-02", "宁波ACME", "人民币", "管件", 20, 2, 40],
    ]
    tables = run(rows, ENTRY, CNY)
    assert tables.rejects.empty
    assert tables.lines["order_id"].tolist() == ["XSDD001", "o.csv::3", "o.csv::4"]
    codes = [w.code for w in tables.warnings]
    assert "io.blank_order_id" in codes and "io.entry_lines" not in codes
    table = build_customer_table(tables, tables.as_of)
    assert table.loc["宁波acme", ["revenue", "orders"]].tolist() == [130.0, 3]


def test_a_total_row_without_an_id_customer_or_date_is_no_entry_line() -> None:
    """A report's total row under the last order — no label at all, or 合计 in a column no
    name is mapped to — is not a further line of that order (its amount is the sheet's)."""
    head = ["序号", *ENTRY]
    rows = [
        [1, "XSDD001", "2024-03-01", "宁波ACME", "人民币", "阀门", 10, 5, 50],
        [2, None, None, None, None, "管件", 20, 2, 40],
        [None, None, None, None, None, None, 30, None, 90],  # unlabelled
        ["合计", None, None, None, None, None, 30, None, 90],
    ]
    tables = run(rows, head, CNY)
    assert tables.lines["amount"].tolist() == [50.0, 40.0]
    assert tables.rejects[["row", "reason"]].values.tolist() == [
        [4, "blank customer id"],
        [5, "blank customer id"],
    ]


def test_equal_entry_lines_of_one_order_are_two_lines_a_repeated_order_is_a_duplicate() -> None:
    """Two equal entry lines of one order (and one equal to its first line) are lines of that
    order, not duplicates; an order written twice (its first line and its entry lines again)
    counts once."""
    rows = [
        ["XSDD001", "2024-03-01", "宁波ACME", "人民币", "阀门", 10, 5, 50],
        [None, None, None, None, "阀门", 10, 5, 50],  # as the first line
        [None, None, None, None, "管件", 20, 2, 40],
        [None, None, None, None, "管件", 20, 2, 40],  # as the line above
        ["XSDD002", "2024-03-05", "杭州Beta", "人民币", "管件", 20, 2, 40],
        [None, None, None, None, "管件", 20, 2, 40],
        ["XSDD002", "2024-03-05", "杭州Beta", "人民币", "管件", 20, 2, 40],  # XSDD002 again
        [None, None, None, None, "管件", 20, 2, 40],
    ]
    tables = run(rows, ENTRY, CNY)
    assert tables.lines["source_row"].tolist() == [2, 3, 4, 5, 6, 7]
    dupes = tables.rejects
    assert dupes[["row", "value", "category"]].values.tolist() == [
        [8, "6", "duplicate"],
        [9, "6", "duplicate"],
    ]
    per = tables.lines.groupby("order_id")["amount"].sum().to_dict()
    assert per == {"XSDD001": 180.0, "XSDD002": 80.0}
    recon = tables.reconciliation.iloc[0]
    assert (recon["rows_read"], recon["used"], recon["duplicates"]) == (8, 6, 2)


def test_entry_lines_of_an_erp_workbook_through_the_cli(tmp_path: Path) -> None:
    import json

    import xlsxwriter
    from typer.testing import CliRunner

    from tiercli.cli import app

    path = tmp_path / "销售订单.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("销售订单序时簿")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    ws.write(0, 0, "销售订单序时簿")
    ws.write_row(2, 0, ENTRY)
    orders = [
        ("XSDD001", 1, "宁波ACME", [("阀门", 10, 5, 50), ("管件", 20, 2, 40)]),
        ("XSDD002", 5, "杭州Beta", [("阀门", 1, 5, 5)]),
    ]
    for r, (oid, d, customer, lines) in enumerate(orders):
        at = 3 + 2 * r
        ws.write(at, 0, oid)
        ws.write_datetime(at, 1, dt.datetime(2024, 3, d), day)
        ws.write_row(at, 2, [customer, "人民币"])
        for i, line in enumerate(lines):
            ws.write_row(at + i, 4, line)
    book.close()
    cfg = tmp_path / "c.yaml"
    cfg.write_text("currency: {base: CNY}\n", encoding="utf-8")
    out = tmp_path / "t.csv"
    result = CliRunner().invoke(
        app, ["segment", str(path), "-c", str(cfg), "--json", "-q", "-o", str(out), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["revenue"] == 95.0
    assert summary["rows"]["rows_read"] == 3 and summary["rows"]["used"] == 3
    assert summary["rows"]["rejected"] == 0
    texts = [w["text"] for w in summary["warnings"]]
    assert any("1 line(s) without order id, customer and date" in t for t in texts)
    customers = pd.read_csv(out).set_index("customer_id")
    assert customers.loc["宁波acme", "revenue"] == 90.0
    assert customers.loc["宁波acme", "orders"] == 1


FOOT = ["订单号", "日期", "客户编号", "金额", "币种"]


def _footed(rows: list[list[object]], numbers: list[int]) -> Tables:
    """A sheet whose rows are at the given row numbers (a gap: blank rows the reader dropped)."""
    frame = pd.DataFrame(rows, columns=FOOT, dtype=object)
    raw = RawSheet("r.xlsx", "订单", frame, pd.Series(numbers), 1)
    return normalize({"orders": [raw]}, parse_config({}, "t"), None)


ORDERS = [["SO1", "2024-03-01", "C1", 100, "USD"], ["SO2", "2024-03-02", "C2", 200, "USD"]]


def test_a_reports_footer_below_the_table_is_left_out_by_rule() -> None:
    """制表人 / 审核人 / 打印日期 / 备注 under the orders were 'blank order date' and 'blank
    customer id', errors to fix in every month's run; an unlabelled total under a blank row
    too. They are below the table, left out by rule (listed, nothing to fix)."""
    rows = [
        *ORDERS,
        ["制表人：王芳", None, "审核人：李娜", None, "打印日期：2024-04-01"],
        ["备注：以上金额均为含税金额", None, None, None, None],
        [None, None, None, 300, None],
    ]
    tables = _footed(rows, [2, 3, 5, 6, 7])
    assert tables.lines["amount"].sum() == 300
    rejects = tables.rejects
    assert rejects["row"].tolist() == [5, 6, 7]
    assert set(rejects["reason"]) == {"below the table (a report's footer)"}
    assert set(rejects["category"]) == {"excluded"}
    assert rejects["value"].tolist()[:2] == ["制表人：王芳", "备注：以上金额均为含税金额"]


def test_a_bad_order_below_the_table_is_still_an_error() -> None:
    """A row with a customer under a blank row, or a row right under the orders, is an order
    with something to fix, not a footer: rejected as before."""
    rows = [*ORDERS, ["SO3", "2024-13-45", "C3", 50, "USD"], ["SO4", None, None, 70, "USD"]]
    tables = _footed(rows, [2, 3, 5, 6])
    assert tables.rejects["reason"].tolist() == ["unparseable date", "blank customer id"]
    assert set(tables.rejects["category"]) == {"invalid"}
    labelled = [*ORDERS, ["SO3", "2024-03-03", "C3", 50, "USD"], ["Prepared by: Fiona", None,
                None, None, None]]  # fmt: skip
    tables = _footed(labelled, [2, 3, 4, 5])  # (no blank row: its label says it)
    assert tables.rejects["reason"].tolist() == ["below the table (a report's footer)"]
