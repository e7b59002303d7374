"""Every column tiercli produces or shows, once: name, dtype, display kind, zh/en header, the
step that produces it, a one-line definition and, for label columns, the zh/en label of each
canonical value.

This is a leaf module (it imports nothing of tiercli). The columns of the reading and feature
steps and of the report tables are listed here; each classifier declares its own columns in its
module (``provides`` of its registry record), and the registry adds them here with
:func:`register`. Writers (workbook formats and widths, terminal, CSV/Parquet, ``--json``),
``explain`` and the generated column list in ``docs/columns.md`` read this table and nothing
else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

Kind = Literal[
    "text",  # free text from the data (names, countries)
    "label",  # a canonical code with a zh/en label (tiers, classes, stages)
    "money",  # an amount in the base currency
    "percent",  # a share 0..1
    "integer",  # a count or whole number of days
    "row",  # a row number (no thousands separator)
    "decimal",  # a measured number with a fraction (gaps, expected orders)
    "score",  # a 0..100 score
    "date",
]
Lang = Literal["zh", "en"]

_DTYPES: dict[str, str] = {
    "text": "string",
    "label": "string",
    "money": "float64",
    "percent": "float64",
    "integer": "Int64",
    "row": "int64",
    "decimal": "float64",
    "score": "float64",
    "date": "datetime64[ns]",
}


@dataclass(frozen=True)
class Column:
    """One column: what it is called, holds and means, and who makes it.

    *values* gives the zh and en label of each canonical value of a label column; *open* label
    columns may also hold values that come from the data or the config (product lines, tier
    names), shown as they are unless the run supplies labels for them.
    """

    name: str
    kind: Kind
    zh: str
    en: str
    producer: str
    definition: str
    dtype: str = ""
    values: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    open: bool = False

    def __post_init__(self) -> None:
        if not self.dtype:
            object.__setattr__(self, "dtype", _DTYPES[self.kind])

    def header(self, lang: Lang | str, currency: str | None = None) -> str:
        """The header a person reads; money columns say the currency when it is given."""
        text = self.zh if lang == "zh" else self.en
        return f"{text} ({currency})" if currency and self.kind == "money" else text


def _c(
    name: str,
    kind: Kind,
    zh: str,
    en: str,
    producer: str,
    definition: str,
    **more: object,
) -> Column:
    return Column(name, kind, zh, en, producer, definition, **more)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# The customer table before the classifiers (features.build_customer_table)
# --------------------------------------------------------------------------------------------

FEATURES = "features"
ATTRIBUTES: tuple[Column, ...] = (
    _c("customer_id", "text", "客户编号", "Customer ID", FEATURES, "The customer's id as exported"),
    _c("name", "text", "客户名称", "Name", FEATURES, "Company or person name"),
    _c("country", "text", "国家", "Country", FEATURES, "Country as written in the data"),
    _c("industry", "text", "行业", "Industry", FEATURES, "Industry as written in the data"),
    _c("company_size", "text", "公司规模", "Company size", FEATURES, "Size label from the data"),
    _c("employees", "integer", "员工人数", "Employees", FEATURES, "Employee count from the data",
       dtype="float64"),
    _c("customer_type", "text", "客户类型", "Customer type", FEATURES,
       "Customer type label from the data (manufacturer, trader …)"),
    _c("source", "text", "客户来源", "Source", FEATURES,
       "Where the customer came from, as written (trade show, Alibaba …)"),
    _c("cost_to_serve", "money", "服务成本(12个月)", "Cost to serve (12 months)", FEATURES,
       "What serving the customer cost in the last 12 months, from the customer list"),
    _c("owner", "text", "业务员", "Salesperson", FEATURES,
       "Who owns the account: the customer list's, else the most frequent on the orders, "
       "else on the inquiries, else on the follow-up records"),
)  # fmt: skip
METRICS: tuple[Column, ...] = (
    _c("first_order_date", "date", "首单日期", "First order", FEATURES, "Date of the first kept order"),
    _c("last_order_date", "date", "末单日期", "Last order", FEATURES, "Date of the last kept order"),
    _c("recency_days", "integer", "距今天数", "Recency (days)", FEATURES,
       "Days from the last order date to the as-of date"),
    _c("orders", "integer", "订单数", "Orders", FEATURES,
       "Distinct order ids of kept orders (one row, one order without an order id)"),
    _c("order_days", "integer", "下单天数", "Order days", FEATURES, "Distinct order dates"),
    _c("revenue", "money", "销售额", "Revenue", FEATURES,
       "Kept order amounts in the base currency, net of returns"),
    _c("profit", "money", "利润", "Profit", FEATURES, "Profit of kept orders, when the data has it"),
    _c("avg_order_value", "money", "平均订单额", "Avg order value", FEATURES, "Revenue / orders"),
    _c("max_order_value", "money", "最大订单额", "Max order value", FEATURES,
       "The largest single order"),
    _c("revenue_12m", "money", "近12个月销售额", "Revenue last 12m", FEATURES,
       "Revenue in the 365 days up to the as-of date"),
    _c("revenue_prev_12m", "money", "前12个月销售额", "Revenue prev 12m", FEATURES,
       "Revenue in the 365 days before that"),
    _c("revenue_growth", "percent", "同比增长", "Revenue growth", FEATURES,
       "revenue_12m / revenue_prev_12m − 1 (empty without a previous year)"),
    _c("median_gap_days", "decimal", "下单间隔中位数(天)", "Median gap (days)", FEATURES,
       "Median days between order dates (two or more order days)"),
    _c("tenure_days", "integer", "合作天数", "Tenure (days)", FEATURES,
       "Days from the first order to the as-of date"),
    _c("product_lines", "integer", "产品线数", "Product lines", FEATURES,
       "Distinct product lines bought"),
    _c("inquiries", "integer", "询盘数", "Inquiries", FEATURES, "Inquiries up to the as-of date"),
    _c("inquiry_conversion", "percent", "询盘转化率", "Inquiry conversion", FEATURES,
       "Share of inquiries followed by an order within the conversion window"),
    _c("top_product_line", "text", "主要产品线", "Top product line", FEATURES,
       "The product line with the most order value"),
    _c("top_product_line_share", "percent", "主要产品线占比", "Top line share", FEATURES,
       "Its share of the customer's order value"),
    _c("median_order_value", "money", "订单金额中位数", "Median order value", FEATURES,
       "Median value of the customer's orders"),
    _c("median_order_quantity", "decimal", "订单数量中位数", "Median order quantity", FEATURES,
       "Median quantity per order, when the data has quantities"),
    _c("inquiries_12m", "integer", "近12个月询盘数", "Inquiries last 12m", FEATURES,
       "Inquiries in the 365 days up to the as-of date"),
)  # fmt: skip

ACTIVITY_TYPES: dict[str, tuple[str, str]] = {
    "email": ("邮件", "E-mail"),
    "call": ("电话", "Call"),
    "meeting": ("会议", "Meeting"),
    "visit": ("拜访", "Visit"),
    "sample": ("寄样", "Sample"),
    "quote": ("报价", "Quote"),
    "trade_show": ("展会", "Trade show"),
    "other": ("其他", "Other"),
}
"""The canonical follow-up types (io.normalize maps the type column onto them): (zh, en)."""

ACTIVITY_METRICS: tuple[Column, ...] = (
    _c("last_contact_date", "date", "最近联系日期", "Last contact", FEATURES,
       "Date of the latest follow-up record (any type or direction) up to the as-of date"),
    _c("last_contact_type", "label", "最近联系方式", "Last contact type", FEATURES,
       "Type of that follow-up (e-mail, call, meeting, visit, sample, quote, trade show)",
       values=ACTIVITY_TYPES),
    _c("days_since_contact", "integer", "距上次联系天数", "Days since contact", FEATURES,
       "Days from the last contact to the as-of date (empty: never contacted)"),
    _c("contacts_90d", "integer", "近90天联系次数", "Contacts last 90d", FEATURES,
       "Follow-up records in the 90 days up to the as-of date"),
    _c("quotes_12m", "integer", "近12个月报价次数", "Quotes last 12m", FEATURES,
       "Quotes sent (outbound follow-ups of type quote) in the 365 days up to the as-of date"),
    _c("samples_12m", "integer", "近12个月寄样次数", "Samples last 12m", FEATURES,
       "Samples sent (outbound follow-ups of type sample) in the 365 days up to the as-of date"),
    _c("reply_rate", "percent", "外联回复率", "Reply rate", FEATURES,
       "Share of outbound follow-ups whose outcome says the customer answered (empty without "
       "an outbound one)"),
)  # fmt: skip
"""Follow-up metrics: in the customer table only when the run has follow-up records."""

# --------------------------------------------------------------------------------------------
# Tables the writers show besides the customer table
# --------------------------------------------------------------------------------------------

REASONS: dict[str, tuple[str, str]] = {
    "blank customer id": (
        "客户编号为空",
        "blank customer id",
    ),
    "blank order date": (
        "下单日期为空",
        "blank order date",
    ),
    "blank follow-up date": (
        "跟进日期为空",
        "blank follow-up date",
    ),
    "unparseable date": (
        "无法识别的日期",
        "unparseable date",
    ),
    "blank amount": (
        "金额为空",
        "blank amount",
    ),
    "amount is not a number": (
        "金额不是数字",
        "amount is not a number",
    ),
    "blank quantity": (
        "数量为空",
        "blank quantity",
    ),
    "quantity is not a number": (
        "数量不是数字",
        "quantity is not a number",
    ),
    "blank unit price": (
        "单价为空",
        "blank unit price",
    ),
    "unit price is not a number": (
        "单价不是数字",
        "unit price is not a number",
    ),
    "percentage, not an amount": (
        "百分比，不是金额",
        "percentage, not an amount",
    ),
    "unknown currency: no exchange rate (add one under currency.rates in the config)": (
        "未知币种：没有汇率（请在配置 currency.rates 中添加）",
        "unknown currency: no exchange rate (add one under currency.rates in the config)",
    ),
    "no exchange rate for this date": (
        "该日期没有汇率",
        "no exchange rate for this date",
    ),
    "cancelled order": (
        "已取消订单",
        "cancelled order",
    ),
    "cancelled order (order id prefix)": (
        "已取消订单（订单号前缀规则）",
        "cancelled order (order id prefix)",
    ),
    "non-product line (orders.exclude_products)": (
        "非商品行（orders.exclude_products）",
        "non-product line (orders.exclude_products)",
    ),
    "negative amount": (
        "负金额",
        "negative amount",
    ),
    "cancelled order (in another export: that file and row are the value)": (
        "已取消订单（在另一导出文件中取消：该文件与行号见“值”列）",
        "cancelled order (in another export: that file and row are the value)",
    ),
    "the same line as in an earlier file (that file and row are the value)": (
        "与之前文件中的一行相同（该文件与行号见“值”列）",
        "the same line as in an earlier file (that file and row are the value)",
    ),
    "exact duplicate of an earlier row (its row number is the value)": (
        "与前面某行完全相同（该行行号见“值”列）",
        "exact duplicate of an earlier row (its row number is the value)",
    ),
    "row has more cells than the header (a separator inside an unquoted value?)": (
        "该行单元格多于表头（未加引号的值中含分隔符？）",
        "row has more cells than the header (a separator inside an unquoted value?)",
    ),
    "customer id listed again (its first row is used)": (
        "客户编号重复（使用首次出现的行）",
        "customer id listed again (its first row is used)",
    ),
    "date out of range (1900-01-01 to 2200-12-31)": (
        "日期超出范围（1900-01-01 至 2200-12-31）",
        "date out of range (1900-01-01 to 2200-12-31)",
    ),
    "amount is more than 1e15 (not a plausible amount)": (
        "金额超过 1e15（不是合理的金额）",
        "amount is more than 1e15 (not a plausible amount)",
    ),
    "quantity is more than 1e15 (not a plausible amount)": (
        "数量超过 1e15（不是合理的数值）",
        "quantity is more than 1e15 (not a plausible amount)",
    ),
    "unit price is more than 1e15 (not a plausible amount)": (
        "单价超过 1e15（不是合理的金额）",
        "unit price is more than 1e15 (not a plausible amount)",
    ),
    "amount in the base currency is more than 1e15 (not a plausible amount)": (
        "折算为本位币后金额超过 1e15（不是合理的金额）",
        "amount in the base currency is more than 1e15 (not a plausible amount)",
    ),
    "formula error in the cell": (
        "公式错误",
        "formula error in the cell",
    ),
    "subtotal or total row": (
        "小计或合计行",
        "subtotal or total row",
    ),
    "below the table (a report's footer)": (
        "表格下方的页脚（制表人、打印日期等）",
        "below the table (a report's footer)",
    ),
}
"""Why a row is set aside (the rejects' ``reason``), as io.normalize writes it: (zh, en)."""

FACT_REASONS: frozenset[str] = frozenset(
    {
        "blank order date",
        "blank follow-up date",
        "unparseable date",
        "date out of range (1900-01-01 to 2200-12-31)",
        "blank amount",
        "amount is not a number",
        "negative amount",
        "percentage, not an amount",
        "amount is more than 1e15 (not a plausible amount)",
        "amount in the base currency is more than 1e15 (not a plausible amount)",
        "blank quantity",
        "quantity is not a number",
        "quantity is more than 1e15 (not a plausible amount)",
        "blank unit price",
        "unit price is not a number",
        "unit price is more than 1e15 (not a plausible amount)",
        "unknown currency: no exchange rate (add one under currency.rates in the config)",
        "no exchange rate for this date",
        "exact duplicate of an earlier row (its row number is the value)",
        "the same line as in an earlier file (that file and row are the value)",
        "cancelled order (in another export: that file and row are the value)",
    }
)
"""The reasons whose value is a date, a number, a currency or a row reference — never a
name, an e-mail or a phone — which pseudonymised sharing leaves as the user needs them to fix
the row (a bad date 2025-02-30 looks like a phone number). Any other reason's value is free
text, whose contacts are replaced."""

NORMALIZE = "normalize"
REPORT = "report"
BACKTEST = "backtest"
TABLES: tuple[Column, ...] = (
    # rejects and reconciliation (io.normalize)
    _c("source_file", "text", "文件", "File", NORMALIZE, "Input file a row came from"),
    _c("source_sheet", "text", "工作表", "Sheet", NORMALIZE, "Sheet of a workbook input"),
    _c("row", "row", "行号", "Row", NORMALIZE, "Row number in the file (header = row 1)"),
    _c("column", "text", "列", "Column", NORMALIZE, "The column that decided the verdict"),
    _c("value", "text", "值", "Value", NORMALIZE, "The cell as read"),
    _c("reason", "label", "原因", "Reason", NORMALIZE, "Why the row is not used",
       values=REASONS),
    _c("category", "label", "类别", "Category", NORMALIZE,
       "invalid (an error to fix), excluded (left out by rule) or duplicate (an exact repeat "
       "of an earlier row)",
       values={"invalid": ("无效", "Invalid"), "excluded": ("排除", "Excluded"),
               "duplicate": ("重复", "Duplicate")}),
    _c("table", "label", "表", "Table", NORMALIZE,
       "orders, customers, inquiries or activities (follow-up records)",
       values={"orders": ("订单", "Orders"), "customers": ("客户", "Customers"),
               "inquiries": ("询盘", "Inquiries"), "activities": ("跟进记录", "Follow-ups")}),
    _c("rows_read", "integer", "读取行数", "Rows read", NORMALIZE, "Data rows in the sheet"),
    _c("used", "integer", "使用", "Used", NORMALIZE, "Rows that went into the tables"),
    _c("rejected", "integer", "未使用", "Set aside", NORMALIZE,
       "Rows in the rejects: errors + excluded"),
    _c("errors", "integer", "错误待修正", "Errors to fix", NORMALIZE,
       "Rows with a bad or missing value (category invalid): fix them in the export"),
    _c("excluded", "integer", "按规则排除", "Left out by rule", NORMALIZE,
       "Cancelled orders and non-product lines (category excluded): nothing to fix"),
    _c("duplicates", "integer", "重复", "Duplicates", NORMALIZE,
       "Exact repeats of an order line with an order id"),
    _c("after_as_of", "integer", "晚于截止日", "After as-of", NORMALIZE,
       "Orders dated after the as-of date (left out, not rejected)"),
    # count-and-share tables of a label column (classifiers.summaries)
    _c("customers", "integer", "客户数", "Customers", REPORT, "Customers with the label"),
    _c("customer_share", "percent", "客户占比", "Customer share",
       REPORT, "Their share of labelled customers"),
    _c("revenue_share", "percent", "销售额占比", "Revenue share", REPORT,
       "Their share of the labelled customers' revenue"),
    _c("avg_score", "score", "平均综合分", "Avg composite", REPORT, "Mean composite score"),
    # the scoring block of the Config sheet
    _c("dimension", "label", "维度", "Dimension", REPORT, "A scoring dimension", open=True),
    _c("dimension_weight", "decimal", "维度权重", "Dimension weight", REPORT,
       "The dimension's weight in the composite (as used)"),
    _c("metric", "label", "指标", "Metric", REPORT, "A metric of the customer table", open=True),
    _c("metric_weight", "decimal", "指标权重", "Metric weight", REPORT,
       "The metric's weight in its dimension (as used)"),
    _c("direction", "label", "方向", "Direction", REPORT, "Whether higher is better",
       values={"higher": ("越高越好", "Higher is better"),
               "lower": ("越低越好", "Lower is better")}),
    _c("normalize", "label", "标准化", "Normalization", REPORT, "How raw values become 0..1",
       values={"percentile": ("百分位", "Percentile"), "minmax": ("最小-最大", "Min-max"),
               "zscore": ("Z 分数", "Z-score"), "robust": ("稳健 Z 分数", "Robust z-score")},
       open=True),
    _c("missing", "label", "缺失值", "Missing values", REPORT, "How an empty metric is scored",
       values={"zero": ("记为 0", "Counted as 0"), "median": ("记为中位数", "Median"),
               "min": ("记为最低", "Lowest"), "worst": ("记为最差", "Worst"),
               "exclude": ("不计入", "Left out")}, open=True),
    # backtest
    _c("future_revenue", "money", "后续销售额", "Future revenue", BACKTEST,
       "Revenue in the horizon after the cut-off"),
    _c("future_revenue_share", "percent", "后续销售额占比", "Share of future revenue",
       BACKTEST, "The tier's share of it"),
    _c("retention", "percent", "复购率", "Bought again", BACKTEST,
       "Share of the tier's buyers who ordered again in the horizon"),
    _c("lift", "decimal", "提升倍数", "Lift", BACKTEST,
       "Future revenue share / customer share"),
)  # fmt: skip

INPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "orders": (
        "order_id", "customer_id", "customer_name", "order_date", "amount", "currency",
        "quantity", "unit_price", "profit", "profit_rate", "product_line", "product_code",
        "product_name", "status", "country", "owner",
    ),
    "customers": (
        "customer_id", "name", "country", "industry", "company_size", "employees",
        "customer_type", "source", "owner", "cost_to_serve", "email", "phone",
    ),
    "inquiries": (
        "inquiry_id", "customer_id", "name", "inquiry_date", "source", "product_line", "country",
        "owner", "email", "phone",
    ),
    "activities": (
        "customer_id", "name", "activity_date", "activity_type", "direction", "outcome", "owner",
    ),
}  # fmt: skip
"""The canonical columns of each input table (io.aliases maps headers onto them)."""

COLUMNS: dict[str, Column] = {
    c.name: c for c in (*ATTRIBUTES, *METRICS, *ACTIVITY_METRICS, *TABLES)
}
"""Every known column by name (the registry adds the classifiers' columns)."""

CUSTOMER_TABLE: tuple[str, ...] = tuple(c.name for c in (*ATTRIBUTES, *METRICS))
"""The customer table's columns as features builds it, in order (then, when the run has
follow-up records, :data:`ACTIVITY_COLUMNS`)."""

ACTIVITY_COLUMNS: tuple[str, ...] = tuple(c.name for c in ACTIVITY_METRICS)


def register(columns: Iterable[Column]) -> None:
    """Add a step's columns; the same name may be declared again only identically."""
    for column in columns:
        known = COLUMNS.get(column.name)
        if known is not None and known != column:
            raise ValueError(f"column '{column.name}' is declared twice, differently")
        COLUMNS[column.name] = column


def unregister(names: Iterable[str]) -> None:
    """Forget columns (a test's toy classifier)."""
    for name in names:
        COLUMNS.pop(name, None)


EACH: dict[str, Column] = {}
"""Columns a step makes once per name a run gives in a label column: label column → the
column's template, ``{}`` in its name (the name) and in its headers (the name's zh / en label).
Scoring's ``{}_score`` on ``dimension``: a dimension the config adds makes ``<name>_score``,
headed by the dimension's label. :func:`run_columns` makes a run's; the writers look a column
up there before :data:`COLUMNS`."""


def register_each(label: str, template: Column) -> None:
    """Declare the column a step makes per name of label column *label* (see :data:`EACH`)."""
    known = EACH.get(label)
    if known is not None and known != template:
        raise ValueError(f"the columns made per '{label}' are declared twice, differently")
    EACH[label] = template


def run_columns(labels: Mapping[str, Mapping[str, tuple[str, str]]]) -> dict[str, Column]:
    """The :data:`EACH` columns a run makes, by name, from its value labels (a Labels' ``run``
    table or a step's own): one per name, but for names whose column the step declares itself
    (the shipped dimensions' ``value_score``)."""
    out: dict[str, Column] = {}
    for label, template in EACH.items():
        for value, (zh, en) in labels.get(label, {}).items():
            name = template.name.format(value)
            declared = COLUMNS.get(name)
            if declared is None or declared.producer != template.producer:
                out[name] = replace(
                    template, name=name, zh=template.zh.format(zh), en=template.en.format(en)
                )
    return out


def get(name: str) -> Column | None:
    return COLUMNS.get(name)


def header(
    name: str,
    lang: Lang | str,
    currency: str | None = None,
    extra: Mapping[str, Column] | None = None,
) -> str:
    """The header shown for column *name* (the name itself when the schema does not know it);
    *extra*: a table's own columns, looked up first."""
    column = (extra or {}).get(name) or COLUMNS.get(name)
    return column.header(lang, currency) if column else name


def kind(name: str, extra: Mapping[str, Column] | None = None) -> Kind | None:
    column = (extra or {}).get(name) or COLUMNS.get(name)
    return column.kind if column else None


def value_label(name: str, value: str, lang: Lang | str) -> str | None:
    """The catalogued label of *value* in column *name*, or None when the schema has none."""
    column = COLUMNS.get(name)
    if column is None:
        return None
    pair = column.values.get(value)
    if pair is None:
        return None
    return pair[0] if lang == "zh" else pair[1]
