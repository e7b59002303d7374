"""Every label a person reads, in zh and en, in one table.

Canonical column names stay English snake_case in the data; writers look up what to show here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Lang = str  # "zh" or "en"

COLUMNS: dict[str, tuple[str, str]] = {
    # canonical: (zh, en)
    "customer_id": ("客户编号", "Customer ID"),
    "name": ("客户名称", "Name"),
    "country": ("国家", "Country"),
    "industry": ("行业", "Industry"),
    "company_size": ("公司规模", "Company size"),
    "employees": ("员工人数", "Employees"),
    "customer_type": ("客户类型", "Customer type"),
    "source": ("客户来源", "Source"),
    "first_order_date": ("首单日期", "First order"),
    "last_order_date": ("末单日期", "Last order"),
    "recency_days": ("距今天数", "Recency (days)"),
    "orders": ("订单数", "Orders"),
    "order_days": ("下单天数", "Order days"),
    "revenue": ("销售额", "Revenue"),
    "profit": ("利润", "Profit"),
    "avg_order_value": ("平均订单额", "Avg order value"),
    "max_order_value": ("最大订单额", "Max order value"),
    "revenue_12m": ("近12个月销售额", "Revenue last 12m"),
    "revenue_prev_12m": ("前12个月销售额", "Revenue prev 12m"),
    "revenue_growth": ("同比增长", "Revenue growth"),
    "median_gap_days": ("下单间隔中位数(天)", "Median gap (days)"),
    "tenure_days": ("合作天数", "Tenure (days)"),
    "product_lines": ("产品线数", "Product lines"),
    "inquiries": ("询盘数", "Inquiries"),
    "inquiry_conversion": ("询盘转化率", "Inquiry conversion"),
    "inquiries_12m": ("近12个月询盘数", "Inquiries last 12m"),
    "r_score": ("R 分", "R score"),
    "f_score": ("F 分", "F score"),
    "m_score": ("M 分", "M score"),
    "rfm_code": ("RFM 代码", "RFM code"),
    "rfm_segment": ("RFM 分群", "RFM segment"),
    "abc_class": ("ABC 分类", "ABC class"),
    "lifecycle": ("生命周期", "Lifecycle"),
    "expected_gap_days": ("预期下单间隔(天)", "Expected gap (days)"),
    "days_overdue": ("逾期天数", "Days overdue"),
    "action": ("行动建议", "Action"),
    "service_level": ("服务层级", "Service level"),
    "contact_frequency": ("联系频率", "Contact frequency"),
    "channel": ("联系渠道", "Channel"),
    "p_alive": ("存活概率", "P(alive)"),
    "expected_orders": ("预期订单数", "Expected orders"),
    "predicted_revenue": ("预测销售额", "Predicted revenue"),
    "top_product_line": ("主要产品线", "Top product line"),
    "top_product_line_share": ("主要产品线占比", "Top line share"),
    "median_order_value": ("订单金额中位数", "Median order value"),
    "median_order_quantity": ("订单数量中位数", "Median order quantity"),
    "profit_class": ("利润贡献", "Profit contribution"),
    "region": ("地区", "Region"),
    "subregion": ("次区域", "Subregion"),
    "market": ("市场类型", "Market"),
    "country_iso2": ("国家代码", "Country code"),
    "country_en": ("国家(标准名)", "Country (standard name)"),
    "main_product_line": ("主营产品线", "Main product line"),
    "inquiry_channel": ("询盘来源", "Inquiry channel"),
    "deal_status": ("成交情况", "Deal status"),
    "size_class": ("企业规模", "Company size class"),
    "batch_class": ("采购批量", "Order batch size"),
    "reorder_class": ("返单频率", "Reorder frequency"),
    "buyer_type": ("客户身份", "Buyer type"),
    "value_score": ("价值分", "Value score"),
    "potential_score": ("潜力分", "Potential score"),
    "behavior_score": ("行为分", "Behavior score"),
    "relationship_score": ("关系分", "Relationship score"),
    "composite_score": ("综合分", "Composite score"),
    "tier": ("客户等级", "Tier"),
    "quadrant": ("价值潜力象限", "Value-potential quadrant"),
    "pyramid_level": ("客户金字塔", "Pyramid level"),
    "previous_tier": ("上期等级", "Previous tier"),
    "movement": ("等级变化", "Movement"),
    "future_revenue": ("后续销售额", "Future revenue"),
    "future_revenue_share": ("后续销售额占比", "Share of future revenue"),
    "retention": ("复购率", "Bought again"),
    "lift": ("提升倍数", "Lift"),
    "avg_score": ("平均综合分", "Avg composite"),
    "dimension": ("维度", "Dimension"),
    "dimension_weight": ("维度权重", "Dimension weight"),
    "explain_metric": ("指标", "Metric"),
    "metric_weight": ("指标权重", "Metric weight"),
    "direction": ("方向", "Direction"),
    "normalize": ("标准化", "Normalization"),
    "missing": ("缺失值", "Missing values"),
    "customers": ("客户数", "Customers"),
    "customer_share": ("客户占比", "Customer share"),
    "revenue_share": ("销售额占比", "Revenue share"),
    # rejects and reconciliation
    "source_file": ("文件", "File"),
    "source_sheet": ("工作表", "Sheet"),
    "row": ("行号", "Row"),
    "column": ("列", "Column"),
    "value": ("值", "Value"),
    "reason": ("原因", "Reason"),
    "category": ("类别", "Category"),
    "table": ("表", "Table"),
    "rows_read": ("读取行数", "Rows read"),
    "used": ("使用", "Used"),
    "rejected": ("拒收", "Rejected"),
    "duplicates": ("重复", "Duplicates"),
    "after_as_of": ("晚于截止日", "After as-of"),
}

TEXT: dict[str, tuple[str, str]] = {
    "sheet_summary": ("汇总", "Summary"),
    "sheet_customers": ("客户", "Customers"),
    "sheet_quality": ("数据质量", "Data quality"),
    "sheet_config": ("配置", "Config"),
    "tbl_orders": ("订单", "orders"),
    "tbl_customers": ("客户", "customers"),
    "tbl_inquiries": ("询盘", "inquiries"),
    "title": ("客户分层报告", "Customer tiers"),
    "as_of": ("截止日期", "As of"),
    "base_currency": ("本位币", "Base currency"),
    "customers": ("客户数", "Customers"),
    "buyers": ("成交客户", "Customers with orders"),
    "prospects": ("潜在客户(仅询盘)", "Prospects (inquiries only)"),
    "orders": ("订单数", "Orders"),
    "revenue": ("销售额", "Revenue"),
    "returns_only": ("仅有退货的客户", "Customers with returns only"),
    "row_count": ("行数", "Rows"),
    "inputs": ("输入文件", "Inputs"),
    "rows": ("行数核对", "Row reconciliation"),
    "rejects": ("拒收明细", "Rejected rows"),
    "warnings": ("提醒", "Warnings"),
    "no_rejects": ("没有拒收的行", "No rejected rows"),
    "effective_config": ("生效配置(YAML)", "Effective config (YAML)"),
    "file": ("文件", "File"),
    "size": ("大小(字节)", "Size (bytes)"),
    "sha256": ("SHA-256", "SHA-256"),
    "version": ("tiercli 版本", "tiercli version"),
    "columns_used": ("列映射", "Columns used"),
    "invalid": ("无效", "invalid"),
    "table_rfm_segment": ("RFM 分群", "RFM segments"),
    "table_abc_class": ("ABC 分类（帕累托）", "ABC classes (Pareto)"),
    "chart_pareto": (
        "帕累托曲线：前 x% 客户贡献的销售额",
        "Pareto curve: revenue held by the top x% of customers",
    ),
    "active": ("活跃客户", "Active customers"),
    "table_pareto": ("帕累托曲线", "Pareto curve"),
    "table_profit_class": ("利润贡献", "Profit contribution"),
    "table_region": ("地区", "Region"),
    "table_main_product_line": ("主营产品线", "Main product line"),
    "table_inquiry_channel": ("询盘来源", "Inquiry channel"),
    "table_deal_status": ("成交情况", "Deal status"),
    "table_size_class": ("企业规模", "Company size"),
    "table_batch_class": ("采购批量", "Order batch size"),
    "table_reorder_class": ("返单频率", "Reorder frequency"),
    "table_buyer_type": ("客户身份", "Buyer type"),
    "table_trade": ("外贸九维分类", "Nine foreign-trade dimensions"),
    "dimension": ("维度", "Dimension"),
    "distribution": ("分布（客户数）", "Distribution (customers)"),
    "distribution_shares": (
        "分布（客户数与销售额占比）",
        "Distribution (customers, revenue share)",
    ),
    "table_labels": ("分群与分类", "Segments and classes"),
    "explain_metrics": ("指标", "Metrics"),
    "explain_metric": ("指标", "Metric"),
    "explain_raw": ("原始值", "Raw"),
    "explain_normalized": ("标准化(0-1)", "Normalized (0-1)"),
    "explain_weight": ("权重", "Weight"),
    "explain_points": ("得分", "Points"),
    "explain_label": ("分类", "Label"),
    "explain_from": ("依据", "From"),
    "points": ("分", "points"),
    "scoring_block": (
        "评分如何构成（维度、指标与权重）",
        "How scores are built (dimensions, metrics, weights)",
    ),
    "sheet_migration": ("等级迁移", "Migration"),
    "migration_matrix": (
        "等级迁移矩阵（行：上期，列：本期）",
        "Tier migration (rows: previous run, columns: this run)",
    ),
    "movers": ("等级变化的客户", "Customers whose tier changed"),
    "gone": ("本期消失的客户", "Customers no longer in the data"),
    "table_movement": ("等级变化（对比上期）", "Movement against the previous run"),
    "cutoff": ("截止日", "Cut-off"),
    "horizon": ("观察期", "Horizon"),
    "days": ("天", "days"),
    "backtest_tiers": ("各等级在观察期内的表现", "what each tier did next"),
    "backtest_compare": ("配置对比", "Configs compared"),
    "config": ("配置", "Config"),
    "spearman": ("秩相关 ρ（综合分～后续销售额）", "Rank corr. ρ (score ~ future)"),
    "top_capture": ("最高等级销售额占比", "Top tier revenue share"),
    "top_lift": ("最高等级提升倍数", "Top tier lift"),
    "table_tier": ("客户等级（综合评分）", "Tiers (composite score)"),
    "table_quadrant": ("价值-潜力矩阵", "Value-potential matrix"),
    "table_pyramid_level": ("客户金字塔", "Customer pyramid"),
    "table_lifecycle": ("生命周期", "Lifecycle stages"),
    "sheet_reactivation": ("客户盘活", "Reactivation"),
    "reactivation": ("待盘活客户（按历史价值排序）", "Customers to reactivate (by past value)"),
    "reactivation_more": (
        "共 {n} 位，完整名单见工作簿“客户盘活”表",
        "{n} in all; the full list is on the workbook's Reactivation sheet",
    ),
    "unscored": ("未评分（无订单）", "not scored (no orders)"),
    "excluded": ("排除", "excluded"),
}


# Reasons a row is set aside (the rejects' `reason` column), as normalize writes them.
REASONS: dict[str, str] = {
    "blank customer id": "客户编号为空",
    "blank order date": "下单日期为空",
    "unparseable date": "无法识别的日期",
    "blank amount": "金额为空",
    "amount is not a number": "金额不是数字",
    "blank quantity": "数量为空",
    "quantity is not a number": "数量不是数字",
    "blank unit price": "单价为空",
    "unit price is not a number": "单价不是数字",
    "unknown currency: no exchange rate (add one under currency.rates in the config)": "未知币种：没有汇率（请在配置 currency.rates 中添加）",
    "no exchange rate for this date": "该日期没有汇率",
    "cancelled order": "已取消订单",
    "cancelled order (order id prefix)": "已取消订单（订单号前缀规则）",
    "non-product line (orders.exclude_products)": "非商品行（orders.exclude_products）",
    "negative amount": "负金额",
    "row has more cells than the header (a separator inside an unquoted value?)": "该行单元格多于表头（未加引号的值中含分隔符？）",
    "customer id listed again (its first row is used)": "客户编号重复（使用首次出现的行）",
}


# Warnings in Chinese: the common ones by pattern (the matched part is replaced, a file prefix
# such as "orders.csv: " is kept); any other warning is shown as written.
def _zh(name: str) -> str:
    return COLUMNS.get(name, (name, name))[0]


def _metric_names(text: str) -> str:
    """The metric names at the start of each "; "-separated part of a scoring warning."""
    return ", ".join(re.findall(r"(?:^|; )(\w+)", text))


_METRIC_ZH = {"recency": "最近购买天数", "frequency": "购买频次", "monetary": "购买金额"}


_WARNINGS_ZH: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"no customer id column; customers are identified by '(?P<h>[^']*)'.*"),
        lambda m: f"没有客户编号列，按“{m['h']}”识别客户（拼写不同的名称会被当作不同客户）",
    ),
    (
        re.compile(r"(?P<n>\d+) row\(s\) repeat another row exactly; without an order id.*"),
        lambda m: f"{m['n']} 行与其他行完全相同；因没有订单号，可能是真实的重复购买，已保留",
    ),
    (
        re.compile(r"column '(?P<h>[^']*)' mixes day-first and month-first dates.*"),
        lambda m: (
            f"“{m['h']}”列中日/月顺序不一致；如有日期读错，请设置 input.date_order（DMY 或 MDY）"
        ),
    ),
    (
        re.compile(
            r"(?P<c>[A-Z]{3}): ECB rates cover (?P<a>\S+) to (?P<b>\S+); (?P<n>\d+) order "
            r"day\(s\).*"
        ),
        lambda m: (
            f"{m['c']}：欧洲央行汇率覆盖 {m['a']} 至 {m['b']}，另有 {m['n']} 个下单日使用最接近的"
            "汇率（可在 currency.rates 中设置固定汇率）"
        ),
    ),
    (
        re.compile(r"rfm: many customers tie on (?P<m>\w+); (?P<k>\d+) of (?P<n>\d+) .*"),
        lambda m: (
            f"RFM：大量客户的{_METRIC_ZH.get(m['m'], m['m'])}相同，{m['n']} 档中有 {m['k']} 档"
            "为空（相同数值始终同分，各档人数见报告）"
        ),
    ),
    (
        re.compile(r"rfm: only (?P<n>\d+) customer\(s\) with orders for (?P<k>\d+) score levels.*"),
        lambda m: (
            f"RFM：只有 {m['n']} 位成交客户，却有 {m['k']} 个分档；分位数评分意义不大"
            "（请设阈值或减少档数）"
        ),
    ),
    (
        re.compile(r"rfm: every customer ties on (?P<m>\w+).*"),
        lambda m: f"RFM：所有客户的{_METRIC_ZH.get(m['m'], m['m'])}都相同，得分相同",
    ),
    (
        re.compile(r"(?P<who>rfm|abc): .*profit.*revenue instead"),
        lambda m: f"{m['who'].upper()}：订单中没有利润数据，改用销售额",
    ),
    (
        re.compile(r"trade: profit_class: the orders carry no profit.*"),
        lambda m: "外贸分类-利润贡献：订单中没有利润数据，改用销售额",
    ),
    (
        re.compile(
            r"predicted value skipped: only (?P<n>\d+) customers? bought on more than one day "
            r"\(need (?P<k>\d+)\).*"
        ),
        lambda m: (
            f"未做价值预测：只有 {m['n']} 位客户在不止一天下过单（至少需要 {m['k']} 位）；"
            "其他评分不受影响"
        ),
    ),
    (
        re.compile(
            r"trade: region: (?P<n>\d+) customer\(s\) have a country that is not "
            r"recognised \((?P<ex>.*)\); map them.*"
        ),
        lambda m: (
            f"外贸分类-地区：{m['n']} 位客户的国家无法识别（{m['ex']}），请在 trade -> region -> "
            "overrides 中映射"
        ),
    ),
    (
        re.compile(
            r"trade: (?P<d>\w+): (no |the orders carry no ).*unknown for "
            r"(every buyer|everyone|every customer)"
        ),
        lambda m: f"外贸分类-{_zh(m['d'])}：缺少判断所需的数据，全部为未知",
    ),
    (
        re.compile(
            r"trade: (?P<d>\w+): (?P<n>\d+) (?P<col>\w+) value\(s\) match no keyword "
            r"\((?P<ex>.*)\); add them.*"
        ),
        lambda m: (
            f"外贸分类-{_zh(m['d'])}：{m['n']} 个{_zh(m['col'])}的值没有匹配的关键词（{m['ex']}），"
            "可在配置中补充"
        ),
    ),
    (
        re.compile(
            r"scoring: no value in this run for (?P<m>.*?): left out of (?P<d>\w+), whose "
            r"weights are re-normalised to (?P<w>.*)"
        ),
        lambda m: (
            f"评分：本次数据中以下指标没有值，已从{_zh(m['d'] + '_score')}中剔除，其余权重重新"
            f"归一为 {m['w']}（未用：{_metric_names(m['m'])}）"
        ),
    ),
    (
        re.compile(r"scoring: only (?P<n>\d+) customer\(s\) with orders for (?P<k>\d+) tiers.*"),
        lambda m: f"评分：只有 {m['n']} 位成交客户，却有 {m['k']} 个等级，部分等级为空",
    ),
    (
        re.compile(r"migration: no earlier tiers_<date> file in (?P<d>.*); this run is the first"),
        lambda m: f"等级迁移：{m['d']} 中没有更早的 tiers_<日期> 文件，本次为第一次运行",
    ),
    (
        re.compile(r"playbook: rule (?P<i>\d+) needs column '(?P<c>[^']*)'.*"),
        lambda m: f"行动规则：第 {m['i']} 条规则需要“{_zh(m['c'])}”列，本次没有，此规则不生效",
    ),
]


def warning_label(warning: str, lang: Lang) -> str:
    """A warning as shown: Chinese for the common ones in zh, else as written."""
    if lang != "zh":
        return warning
    for pattern, render in _WARNINGS_ZH:
        found = pattern.search(warning)
        if found:
            return warning[: found.start()] + render(found) + warning[found.end() :]
    return warning


def reason_label(reason: str, lang: Lang) -> str:
    """A reject reason as shown (zh from :data:`REASONS`, the English text otherwise)."""
    return REASONS.get(reason, reason) if lang == "zh" else reason


def column_label(name: str, lang: Lang) -> str:
    """Header shown for canonical column *name* (the name itself when it has no label)."""
    pair = COLUMNS.get(name)
    if pair is None:
        return name
    return pair[0] if lang == "zh" else pair[1]


def value_label(value: str, column: str, lang: Lang, labels: dict[str, dict[str, str]]) -> str:
    """A label value as shown: the zh name from *labels* in zh; in en the canonical value made
    readable (``large_order`` → ``Large order``, ``b2b_platform`` → ``B2B platform``)."""
    if lang == "zh":
        return labels.get(column, {}).get(value, value)
    shown = value.replace("_", " ").replace("b2b", "B2B")
    return shown[:1].upper() + shown[1:]


def text(key: str, lang: Lang) -> str:
    zh, en = TEXT[key]
    return zh if lang == "zh" else en
