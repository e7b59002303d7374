"""Shops' and marketplaces' order exports (Shopify, Amazon, eBay, WooCommerce): their headers
(tiercli.io.aliases: a second choice, Shopify's Name), the lines of an order that name its
customer on another line only, an order total written on an order's first line only, and the
status words they use — read end to end through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tiercli.cli import app
from tiercli.config.loader import parse_config
from tiercli.io.aliases import SECOND_CHOICE, TABLE_ALIASES, alias_index, header_key
from tiercli.io.normalize import Tables, map_headers, normalize, status_kinds
from tiercli.io.readers import RawSheet

CFG = parse_config({}, "test")
FIXED = "currency: {source: fixed, base: EUR, rates: {USD: 0.9, GBP: 1.2}}\n"


def sheet(rows: list[list[object]], headers: list[str], name: str = "o.csv") -> RawSheet:
    frame = pd.DataFrame(rows, columns=headers, dtype=object)
    return RawSheet(name, None, frame, pd.Series(range(2, len(rows) + 2)), 1)


def run(rows: list[list[object]], headers: list[str], cfg: dict | None = None) -> Tables:
    return normalize({"orders": [sheet(rows, headers)]}, parse_config(cfg or {}, "t"), None)


def segment(tmp_path: Path, name: str, text: str) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """The --json summary, the customer table and the rejects of a run on one export."""
    export = tmp_path / name
    export.write_text(text, encoding="utf-8")
    cfg = tmp_path / "c.yaml"
    cfg.write_text(FIXED, encoding="utf-8")
    out = tmp_path / "out.csv"
    args = ["segment", str(export), "-c", str(cfg), "-o", str(out), "--as-of", "2024-04-30"]
    result = CliRunner().invoke(app, [*args, "--lang", "en", "-q", "--json"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, encoding="utf-8-sig", dtype={"customer_id": str})
    rejects = pd.read_csv(tmp_path / "out_rejects.csv", encoding="utf-8-sig")
    return json.loads(result.stdout), table.set_index("customer_id"), rejects


def io_warnings(summary: dict) -> list[str]:
    return [w["text"] for w in summary["warnings"] if w["code"].startswith("io.")]


# Shopify's order export (Admin → Orders → Export), one row per line item: the order's own
# fields (Email aside) on its first line only.
SHOPIFY = """\
Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,\
Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,\
Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,\
Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,\
Billing Street,Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,\
Shipping Name,Shipping Country,Notes,Cancelled at,Payment Method,Refunded Amount,Vendor,Id,Tags,\
Risk Level,Source,Phone
#1001,anna@example.de,paid,2024-03-01 10:15:00 +0100,fulfilled,2024-03-02 09:00:00 +0100,yes,\
EUR,120.00,10.00,0.00,130.00,,0.00,Standard,2024-03-01 10:14:00 +0100,2,Valve DN50,40.00,,V-50,\
true,true,fulfilled,Anna Schmidt,Hauptstr. 1,Berlin,10115,,DE,+49 30 1234567,Anna Schmidt,DE,,,\
Stripe,0.00,Acme,5001,,Low,web,
#1001,anna@example.de,,,,,,,,,,,,,,2024-03-01 10:14:00 +0100,1,Pipe 2m,40.00,,P-2,true,true,\
fulfilled,,,,,,,,,,,,,,Acme,,,,,
#1002,bob@example.com,refunded,2024-03-03 12:00:00 -0500,fulfilled,,no,USD,55.00,5.00,0.00,\
60.00,,0.00,Standard,2024-03-03 11:59:00 -0500,1,Flange,55.00,,F-1,true,true,fulfilled,Bob Lee,\
1 Main St,Boston,02101,MA,US,,Bob Lee,US,,,PayPal,60.00,Acme,5002,,Low,web,
#1003,anna@example.de,paid,2024-04-10 08:00:00 +0200,unfulfilled,,yes,EUR,80.00,0.00,0.00,80.00,\
,0.00,Standard,2024-04-10 07:59:00 +0200,4,Valve DN50,20.00,,V-50,true,true,,Anna Schmidt,\
Hauptstr. 1,Berlin,10115,,DE,,Anna Schmidt,DE,,,Stripe,0.00,Acme,5003,,Low,web,
#1004,carl@example.fr,voided,,unfulfilled,,no,EUR,30.00,0.00,0.00,30.00,,0.00,Standard,\
2024-04-11 08:00:00 +0200,1,Flange,30.00,,F-1,true,true,,Carl Dupont,,Paris,,,FR,,,FR,,\
2024-04-11 09:00:00 +0200,,0.00,Acme,5004,,Low,web,
"""


def test_a_shopify_order_export_is_read_end_to_end(tmp_path: Path) -> None:
    """It stopped with "missing column 'customer_id' … The closest header is 'Source'". Anna
    (her e-mail her id) bought #1001 — 2 × 40 and 1 × 40: 120 EUR, not its Subtotal 120 on the
    first line plus 40 — and #1003 (80 EUR); Bob's #1002 was refunded (a return of 55 USD at
    0.9); Carl's #1004 was voided (left out)."""
    summary, table, rejects = segment(tmp_path, "orders_export.csv", SHOPIFY)
    assert summary["rows"]["rows_read"] == 5 and summary["rows"]["used"] == 4
    assert summary["excluded_by_reason"] == {"cancelled order": 1}
    assert summary["errors_by_reason"] == {}
    assert rejects[["row", "column", "value", "reason"]].values.tolist() == [
        [6, "Financial Status", "voided", "cancelled order"]
    ]
    expected = pd.DataFrame(
        {
            "name": ["Anna Schmidt", "Bob Lee"],
            "orders": [2, 0],
            "revenue": [200.0, -49.5],
        },
        index=pd.Index(["anna@example.de", "bob@example.com"], name="customer_id"),
    )
    got = table[["name", "orders", "revenue"]].sort_index()
    pd.testing.assert_frame_equal(got, expected)
    assert io_warnings(summary) == [
        "orders_export.csv: columns Subtotal, Total all mean amount; 'Subtotal' is used. To use "
        "another, set columns -> orders -> amount: <header> in your config",
        "orders_export.csv: 1 line(s) are of orders that name their customer on another line "
        "only (e.g. order #1001, row 3): they take that customer, and the order's currency, "
        "status and country where theirs are blank",
        "orders_export.csv: 1 order(s) write their order total (Subtotal: with shipping and "
        "taxes where the export adds them, e.g. order #1001) on their first line only and leave "
        "it blank on the others, 2 lines in all; each line is taken as its quantity × unit price",
    ]


def test_shopify_lines_take_their_orders_fields() -> None:
    """#1001's second line has its e-mail, date and line item only: it takes the order's
    buyer name, currency, status and country, and its own quantity × price (40 EUR)."""
    frame = pd.read_csv(pd.io.common.StringIO(SHOPIFY), dtype=str, keep_default_na=False)
    tables = normalize({"orders": [sheet(frame.values.tolist(), list(frame.columns))]}, CFG, None)
    lines = tables.lines.set_index("source_row")
    columns = ["order_id", "customer_id", "customer_name", "currency", "country", "quantity",
               "amount_original", "is_return", "product_code", "product_name"]  # fmt: skip
    assert lines[columns].astype(object).values.tolist() == [
        ["#1001", "anna@example.de", "Anna Schmidt", "EUR", "DE", 2.0, 80.0, False, "V-50",
         "Valve DN50"],
        ["#1001", "anna@example.de", "Anna Schmidt", "EUR", "DE", 1.0, 40.0, False, "P-2",
         "Pipe 2m"],
        ["#1002", "bob@example.com", "Bob Lee", "USD", "US", 1.0, -55.0, True, "F-1", "Flange"],
        ["#1003", "anna@example.de", "Anna Schmidt", "EUR", "DE", 4.0, 80.0, False, "V-50",
         "Valve DN50"],
    ]  # fmt: skip
    assert lines["order_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-03-01", "2024-03-01", "2024-03-03", "2024-04-10",
    ]  # fmt: skip


SHOPIFY_HEADERS = {
    "Name": "order_id",
    "Email": "customer_id",
    "Billing Name": "customer_name",
    "Created at": "order_date",
    "Currency": "currency",
    "Subtotal": "amount",
    "Lineitem quantity": "quantity",
    "Lineitem price": "unit_price",
    "Lineitem sku": "product_code",
    "Lineitem name": "product_name",
    "Financial Status": "status",
    "Billing Country": "country",
}


def test_shopify_headers() -> None:
    """Name is the order number (#1001) in a sheet of line items; Email the buyer's id; Paid
    at, Fulfillment Status, Shipping Name / Country and Total are no other column."""
    headers = SHOPIFY.splitlines()[0].split(",")
    mapping = map_headers(sheet([[None] * len(headers)], headers), "orders", {})
    assert {h: c for c, h in mapping.items()} == SHOPIFY_HEADERS


def test_name_is_a_customers_name_in_a_customer_list_and_nothing_in_plain_orders() -> None:
    """Shopify's Name is no customer name; a customer list's Name still is one, and an order
    sheet without line item columns reads no Name (as before)."""
    customers = sheet([["C1", "Acme"]], ["Customer ID", "Name"])
    assert map_headers(customers, "customers", {}) == {"customer_id": "Customer ID", "name": "Name"}
    orders = sheet([["O1", "C1", "Acme", "2024-03-01", "5"]],
                   ["Order No", "Customer ID", "Name", "Date", "Amount"])  # fmt: skip
    assert "Name" not in map_headers(orders, "orders", {}).values()


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param(
            ["Order No", "Email", "Customer ID", "Date", "Amount"],
            {"customer_id": "Customer ID"},
            id="an e-mail gives way to a customer id",
        ),
        pytest.param(
            ["Order No", "Email", "Customer", "Date", "Amount"],
            {"customer_id": "Email", "customer_name": "Customer"},
            id="an e-mail is the id beside a name only",
        ),
        pytest.param(
            ["order_id", "order_date", "order_total", "customer_email", "item_name",
             "item_quantity", "item_total"],
            {"customer_id": "customer_email", "amount": "item_total", "quantity": "item_quantity"},
            id="WooCommerce: an order's total gives way to the line's",
        ),
        pytest.param(
            ["amazon-order-id", "purchase-date", "buyer-email", "buyer-name", "quantity-purchased",
             "item-price", "ship-country"],
            {"order_id": "amazon-order-id", "order_date": "purchase-date",
             "customer_id": "buyer-email", "customer_name": "buyer-name",
             "quantity": "quantity-purchased", "amount": "item-price", "country": "ship-country"},
            id="Amazon's order report",
        ),
        pytest.param(
            ["Order Number", "Buyer Username", "Buyer Name", "Buyer Email", "Buyer Country",
             "Ship To Country", "Item Title", "Custom Label", "Quantity", "Sold For",
             "Total Price", "Sale Date"],
            {"order_id": "Order Number", "customer_id": "Buyer Username",
             "customer_name": "Buyer Name", "country": "Buyer Country",
             "product_name": "Item Title", "product_code": "Custom Label",
             "quantity": "Quantity", "unit_price": "Sold For", "order_date": "Sale Date"},
            id="eBay's orders report: Total Price (with postage) is not read",
        ),
    ],
)  # fmt: skip
def test_second_choices_and_shop_headers(headers: list[str], expected: dict[str, str]) -> None:
    warnings: list = []
    mapping = map_headers(sheet([[None] * len(headers)], headers), "orders", {}, warnings)
    assert {c: h for c, h in mapping.items() if c in expected} == expected
    assert warnings == []  # (a second choice beside a first is no column named twice)


def test_a_second_choice_names_no_other_column_of_its_table() -> None:
    index = {table: alias_index(table) for table in TABLE_ALIASES}
    clashes = [
        (table, alias, index[table].get(header_key(alias)))
        for table, columns in SECOND_CHOICE.items()
        for column, aliases in columns.items()
        for alias in aliases
        if index[table].get(header_key(alias)) != column
    ]
    assert clashes == []


# Amazon's order report (tab-delimited .txt): item-price is the line's, not a unit's.
AMAZON = "\n".join(
    "\t".join(row)
    for row in [
        ["amazon-order-id", "merchant-order-id", "purchase-date", "order-status", "product-name",
         "sku", "item-status", "quantity", "currency", "item-price", "item-tax", "shipping-price",
         "ship-city", "ship-country", "buyer-email", "buyer-name"],
        ["302-1111111-1111111", "", "2024-03-01T10:00:00+00:00", "Shipped", "Valve DN50", "V-50",
         "Shipped", "2", "EUR", "80.00", "15.20", "4.99", "Berlin", "DE",
         "abc123@marketplace.amazon.de", "Anna Schmidt"],
        ["302-1111111-1111111", "", "2024-03-01T10:00:00+00:00", "Shipped", "Pipe 2m", "P-2",
         "Shipped", "1", "EUR", "40.00", "7.60", "0.00", "Berlin", "DE",
         "abc123@marketplace.amazon.de", "Anna Schmidt"],
        ["302-2222222-2222222", "", "2024-03-05T09:00:00+00:00", "Cancelled", "Flange", "F-1",
         "Cancelled", "1", "EUR", "30.00", "5.70", "0.00", "Lyon", "FR",
         "xyz789@marketplace.amazon.fr", "Carl Dupont"],
        ["302-3333333-3333333", "", "2024-04-10T08:00:00+00:00", "Shipped", "Valve DN50", "V-50",
         "Shipped", "1", "GBP", "50.00", "10.00", "0.00", "Leeds", "GB",
         "bob456@marketplace.amazon.co.uk", "Bob Lee"],
    ]
) + "\n"  # fmt: skip


def test_an_amazon_order_report_is_read_end_to_end(tmp_path: Path) -> None:
    """Anna (buyer-email) bought 80 + 40 EUR in one order; Carl's order was Cancelled; Bob
    bought for 50 GBP at 1.2: item-price counted as the line's amount (2 × 40 is 80, not
    160)."""
    summary, table, rejects = segment(tmp_path, "All Orders.txt", AMAZON)
    assert summary["rows"]["rows_read"] == 4 and summary["rows"]["used"] == 3
    assert rejects[["row", "column", "value", "reason"]].values.tolist() == [
        [4, "order-status", "Cancelled", "cancelled order"]
    ]
    got = table[["name", "country", "orders", "revenue"]].sort_index()
    expected = pd.DataFrame(
        {
            "name": ["Anna Schmidt", "Bob Lee"],
            "country": ["DE", "GB"],
            "orders": [1, 1],
            "revenue": [120.0, 60.0],
        },
        index=pd.Index(
            ["abc123@marketplace.amazon.de", "bob456@marketplace.amazon.co.uk"],
            name="customer_id",
        ),
    )
    pd.testing.assert_frame_equal(got, expected)
    assert io_warnings(summary) == []


# eBay's orders report (Seller Hub → Orders → Download report): Sold For is a unit's price, in
# the listing's currency; Total Price adds postage.
EBAY = """\
Sales Record Number,Order Number,Buyer Username,Buyer Name,Buyer Email,Buyer Country,\
Ship To Country,Item Number,Item Title,Custom Label,Quantity,Sold For,Shipping And Handling,\
Total Price,Sale Date
1001,12-11111-11111,pumpfan77,Jane Roe,jane@example.com,United States,United States,\
1234567890,Valve DN50,V-50,2,$40.00,$5.00,$85.00,Mar-05-24
1002,12-22222-22222,pumpfan77,Jane Roe,jane@example.com,United States,United States,\
1234567891,Pipe 2m,P-2,1,$12.50,$0.00,$12.50,Apr-10-24
1003,12-33333-33333,valvebuyer,Tom Poe,tom@example.co.uk,United Kingdom,United Kingdom,\
1234567890,Valve DN50,V-50,1,£30.00,£4.00,£34.00,Apr-11-24
"""


def test_an_ebay_orders_report_is_read_end_to_end(tmp_path: Path) -> None:
    """pumpfan77 bought 2 × 40 and 1 × 12.50 USD (at 0.9: 83.25 EUR, the postage not
    counted), valvebuyer 30 GBP (at 1.2: 36 EUR)."""
    summary, table, rejects = segment(tmp_path, "eBay-OrdersReport.csv", EBAY)
    assert summary["rows"]["used"] == 3 and rejects.empty
    got = table[["name", "orders", "revenue"]].sort_index()
    expected = pd.DataFrame(
        {"name": ["Jane Roe", "Tom Poe"], "orders": [2, 1], "revenue": [83.25, 36.0]},
        index=pd.Index(["pumpfan77", "valvebuyer"], name="customer_id"),
    )
    pd.testing.assert_frame_equal(got, expected)


ORDER_LINES = ["Order No", "Customer ID", "Customer Name", "Date", "Currency", "Status",
               "Product", "Qty", "Unit Price", "Amount"]  # fmt: skip


def test_lines_of_an_order_take_the_customer_its_other_lines_name() -> None:
    """A1's second line takes C1 (and its currency and status: a return); A4's keeps its own
    currency. A2's lines name two customers and A3's none: their lines without a customer are
    rejected as before, and so is a subtotal line under A4 (小计: no line of the order)."""
    rows = [
        ["A1", "C1", "Acme", "2024-03-01", "USD", "Returned", "Valve", 1, 10, 10],
        ["A1", None, None, "2024-03-01", None, None, "Pipe", 2, 5, 10],
        ["A2", "C2", "Beta", "2024-03-02", "EUR", None, "Valve", 1, 10, 10],
        ["A2", "C3", "Gamma", "2024-03-02", "EUR", None, "Pipe", 1, 10, 10],
        ["A2", None, None, "2024-03-02", None, None, "Flange", 1, 10, 10],
        ["A3", None, None, "2024-03-03", "EUR", None, "Valve", 1, 10, 10],
        ["A3", None, None, "2024-03-03", "EUR", None, "Pipe", 1, 10, 10],
        ["A4", "C4", "Delta", "2024-03-04", "EUR", None, "Valve", 1, 10, 10],
        ["A4", None, None, "2024-03-04", "USD", None, "Pipe", 1, 10, 10],
        ["A4", None, None, "2024-03-04", None, None, "小计", None, None, 20],
    ]
    cfg = {"currency": {"base": "USD", "source": "fixed", "rates": {"EUR": 1.1}}}
    tables = run(rows, ORDER_LINES, cfg)
    columns = ["source_row", "order_id", "customer_id", "customer_name", "currency", "is_return",
               "amount_original"]  # fmt: skip
    assert tables.lines[columns].astype(object).values.tolist() == [
        [2, "A1", "C1", "Acme", "USD", True, -10.0],
        [3, "A1", "C1", "Acme", "USD", True, -10.0],
        [4, "A2", "C2", "Beta", "EUR", False, 10.0],
        [5, "A2", "C3", "Gamma", "EUR", False, 10.0],
        [9, "A4", "C4", "Delta", "EUR", False, 10.0],
        [10, "A4", "C4", "Delta", "USD", False, 10.0],
    ]
    assert tables.rejects[["row", "reason"]].values.tolist() == [
        [6, "blank customer id"],
        [7, "blank customer id"],
        [8, "blank customer id"],
        [11, "blank customer id"],
    ]
    said = [w.render("zh") for w in tables.warnings if w.code == "io.order_customer"]
    assert said == [
        "o.csv：2 行所属订单只在其他行写明客户（如订单 A1，第 3 行）：这些行沿用该客户，"
        "为空的币种、状态、国家也沿用该订单的"
    ]


def test_orders_whose_every_line_names_its_customer_take_nothing() -> None:
    rows = [
        ["A1", "C1", "Acme", "2024-03-01", "USD", None, "Valve", 1, 10, 10],
        ["A1", "C1", "Acme", "2024-03-01", None, None, "Pipe", 2, 5, 10],
    ]
    tables = run(rows, ORDER_LINES)
    assert tables.lines["currency"].tolist() == ["USD", "USD"]  # (the base: as before)
    assert not [w for w in tables.warnings if w.code == "io.order_customer"]


TOTALS = ["Order No", "Customer", "Date", "Qty", "Unit Price", "Total"]


def test_an_order_total_on_the_first_line_only_is_each_lines_quantity_times_price() -> None:
    """B1's Total, 130 (with shipping), on its first line and blank on the second, counted
    130 + 40; each line is its quantity × unit price now: 80 + 40. B2, one line, keeps its
    amount."""
    rows = [
        ["B1", "Acme", "2024-03-01", 2, 40, 130],
        ["B1", "Acme", "2024-03-01", 1, 40, None],
        ["B2", "Beta", "2024-03-02", 1, 50, 55],
    ]
    tables = run(rows, TOTALS)
    assert tables.lines["amount"].tolist() == [80.0, 40.0, 55.0]
    said = [w.render("en") for w in tables.warnings if w.code.startswith("io.")]
    assert said == [
        "o.csv: 1 order(s) write their order total (Total: with shipping and taxes where the "
        "export adds them, e.g. order B1) on their first line only and leave it blank on the "
        "others, 2 lines in all; each line is taken as its quantity × unit price",
        "o.csv: no customer id column; customers are identified by 'Customer' (names that "
        "differ in spelling count as different customers)",
    ]


@pytest.mark.parametrize(
    ("amounts", "warning"),
    [
        pytest.param([80, 40], None, id="every line has its own amount"),
        pytest.param([80, None], "io.amount_from_quantity", id="the first line's is its own"),
    ],
)
def test_line_amounts_are_no_order_total(amounts: list[object], warning: str | None) -> None:
    rows = [
        ["B1", "Acme", "2024-03-01", 2, 40, amounts[0]],
        ["B1", "Acme", "2024-03-01", 1, 40, amounts[1]],
    ]
    tables = run(rows, TOTALS)
    assert tables.lines["amount"].tolist() == [80.0, 40.0]
    codes = {w.code for w in tables.warnings}
    assert "io.order_total_on_first_line" not in codes
    assert warning is None or warning in codes


def test_shop_status_words() -> None:
    """Shopify's refunded is a return, partially_refunded a part returned (a sale, warned
    about), voided cancelled; Amazon's and eBay's Cancelled cancelled, eBay's Returned a
    return."""
    said = pd.Series(
        ["refunded", "partially_refunded", "voided", "paid", "partially_paid", "Cancelled",
         "Shipped - Delivered to Buyer", "Returned"],
        dtype="string",
    )  # fmt: skip
    returned, cancelled, partly = (s.tolist() for s in status_kinds(said, CFG.orders))
    assert returned == [True, False, False, False, False, False, False, True]
    assert cancelled == [False, False, True, False, False, True, False, False]
    assert partly == [False, True, False, False, False, False, False, False]
