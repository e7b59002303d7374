"""Header aliases: the names trade exports give their columns, zh and en.

Matching is case-, space- and punctuation-insensitive (see :func:`header_key`), so
``Order No.``, ``order_no`` and ``ORDER NO`` are one alias. ``columns:`` in the YAML
config overrides or extends these per table.
"""

from __future__ import annotations

import re
import unicodedata

# Canonical column -> aliases, per table. The canonical name itself is always an alias.
_COMMON: dict[str, list[str]] = {
    "customer_id": [
        "customer id",
        "customerid",
        "customer no",
        "customer number",
        "customer code",
        "client id",
        "client code",
        "client no",
        "account id",
        "account no",
        "account number",
        "buyer id",
        "cust id",
        "cust no",
        "custno",
        "cust code",
        "客户编号",
        "客户id",
        "客户代码",
        "客户号",
        "客户编码",
        "客户代号",
        "客户ID号",
        "买家id",
    ],
    "name": [
        "customer",
        "customer name",
        "client",
        "client name",
        "company",
        "company name",
        "buyer",
        "buyer name",
        "account name",
        "account",
        "客户名称",
        "客户",
        "公司名称",
        "客户名",
        "买家",
        "买家名称",
        "公司",
        "客户公司",
    ],
    "country": [
        "country",
        "country region",
        "country/region",
        "nation",
        "destination country",
        "destination",
        "market",
        "国家",
        "国家地区",
        "国家/地区",
        "国别",
        "目的国",
        "地区",
    ],
    "product_line": [
        "product line",
        "productline",
        "category",
        "product category",
        "product group",
        "product type",
        "line",
        "产品线",
        "产品类别",
        "品类",
        "产品分类",
        "产品类型",
        "类别",
    ],
    "source": [
        "source",
        "lead source",
        "channel",
        "inquiry source",
        "enquiry source",
        "origin",
        "来源",
        "客户来源",
        "询盘来源",
        "渠道",
        "来源渠道",
        "获客渠道",
    ],
}

ORDER_ALIASES: dict[str, list[str]] = {
    "order_id": [
        "order id",
        "order no",
        "order number",
        "orderid",
        "invoice",
        "invoiceno",
        "invoice no",
        "invoice number",
        "invoice id",
        "so number",
        "so no",
        "sales order",
        "po number",
        "pi number",
        "pi no",
        "contract no",
        "document no",
        "doc no",
        "订单号",
        "订单编号",
        "单号",
        "发票号",
        "合同号",
        "pi号",
        "订单id",
        "销售单号",
        "单据编号",
    ],
    "customer_id": _COMMON["customer_id"],
    "customer_name": _COMMON["name"],
    "order_date": [
        "order date",
        "orderdate",
        "date",
        "invoice date",
        "invoicedate",
        "document date",
        "sales date",
        "transaction date",
        "created",
        "created at",
        "下单日期",
        "订单日期",
        "日期",
        "成交日期",
        "发票日期",
        "单据日期",
        "签约日期",
    ],
    "amount": [
        "amount",
        "total",
        "order amount",
        "order value",
        "order total",
        "revenue",
        "sales",
        "total amount",
        "value",
        "net amount",
        "line total",
        "line amount",
        "subtotal",
        "金额",
        "订单金额",
        "总金额",
        "销售额",
        "成交金额",
        "合计",
        "总价",
        "订单总额",
        "货值",
    ],
    "currency": ["currency", "curr", "ccy", "currency code", "币种", "货币", "币别"],
    "quantity": ["quantity", "qty", "units", "pcs", "volume", "数量", "订货数量", "件数"],
    "unit_price": ["unit price", "unitprice", "price", "单价", "价格", "售价"],
    "profit": [
        "profit",
        "gross profit",
        "margin",
        "gross margin",
        "利润",
        "毛利",
        "毛利润",
        "利润额",
    ],
    "product_line": _COMMON["product_line"],
    "product_code": [
        "sku",
        "stock code",
        "stockcode",
        "item code",
        "item no",
        "product code",
        "part no",
        "part number",
        "model",
        "产品编号",
        "货号",
        "物料编码",
        "型号",
        "产品编码",
        "料号",
    ],
    "product_name": [
        "description",
        "product",
        "product name",
        "item",
        "item name",
        "item description",
        "产品名称",
        "品名",
        "产品",
        "商品名称",
        "货物名称",
    ],
    "status": ["status", "order status", "state", "状态", "订单状态", "单据状态"],
    "country": _COMMON["country"],
}

CUSTOMER_ALIASES: dict[str, list[str]] = {
    "customer_id": _COMMON["customer_id"],
    "name": _COMMON["name"],
    "country": _COMMON["country"],
    "industry": ["industry", "sector", "vertical", "business", "行业", "所属行业", "行业类别"],
    "company_size": [
        "company size",
        "size",
        "enterprise size",
        "scale",
        "公司规模",
        "企业规模",
        "规模",
    ],
    "employees": [
        "employees",
        "employee count",
        "staff",
        "headcount",
        "number of employees",
        "员工人数",
        "员工数",
        "人数",
        "员工数量",
    ],
    "customer_type": [
        "customer type",
        "type",
        "buyer type",
        "business type",
        "client type",
        "identity",
        "客户类型",
        "客户性质",
        "类型",
        "买家类型",
        "客户身份",
        "企业类型",
    ],
    "source": _COMMON["source"],
}

INQUIRY_ALIASES: dict[str, list[str]] = {
    "inquiry_id": [
        "inquiry id",
        "inquiry no",
        "enquiry id",
        "enquiry no",
        "rfq no",
        "rfq id",
        "lead id",
        "询盘编号",
        "询盘号",
        "询盘id",
    ],
    "customer_id": _COMMON["customer_id"],
    "name": _COMMON["name"],
    "inquiry_date": [
        "inquiry date",
        "enquiry date",
        "date",
        "received",
        "received date",
        "created",
        "询盘日期",
        "日期",
        "询盘时间",
        "接收日期",
    ],
    "source": _COMMON["source"],
    "product_line": _COMMON["product_line"],
    "country": _COMMON["country"],
}

TABLE_ALIASES: dict[str, dict[str, list[str]]] = {
    "orders": ORDER_ALIASES,
    "customers": CUSTOMER_ALIASES,
    "inquiries": INQUIRY_ALIASES,
}

# Sheet names recognised as each table (compared with header_key).
SHEET_NAMES: dict[str, list[str]] = {
    "orders": ["orders", "order", "sales", "invoices", "订单", "订单明细", "销售", "销售订单"],
    "customers": ["customers", "customer", "clients", "accounts", "客户", "客户信息", "客户资料"],
    "inquiries": ["inquiries", "inquiry", "enquiries", "leads", "rfq", "询盘", "询盘记录"],
}

# What each table needs to be usable at all.
REQUIRED: dict[str, list[str]] = {
    "orders": ["customer_id", "order_date"],
    "customers": ["customer_id"],
    "inquiries": ["customer_id"],
}

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def header_key(text: object) -> str:
    """Fold a header for matching: NFKC, lower case, no spaces, underscores or punctuation."""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return _PUNCT.sub("", folded)


def alias_index(table: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Map header_key(alias) -> canonical column for *table*; *extra* is ``{canonical: header}``."""
    index: dict[str, str] = {}
    for canonical, aliases in TABLE_ALIASES[table].items():
        for alias in [canonical, *aliases]:
            index.setdefault(header_key(alias), canonical)
    for canonical, header in (extra or {}).items():
        index[header_key(header)] = canonical
    return index
