"""Foreign-trade classification (DESIGN classifier 3): every dimension by hand, keyword rules,
config validation, and the two copies of the sample data."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tiercli.classifiers import trade
from tiercli.classifiers.base import Classified
from tiercli.config import default_config_text, load_config
from tiercli.config.trade import TradeConfig, fold_text, keyword_regex
from tiercli.errors import ConfigError
from tiercli.pipeline import segment

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
NA = None
NINE = [
    "profit_class",
    "region",
    "main_product_line",
    "inquiry_channel",
    "deal_status",
    "size_class",
    "batch_class",
    "reorder_class",
    "buyer_type",
]

# The block handed over for configs/default.yaml; test_yaml_block_is_the_defaults keeps it true.
YAML_BLOCK = """
# Foreign-trade classification: nine columns, each switched on and tuned here.
# 外贸客户九维分类：利润贡献、地区、产品线、询盘来源、成交情况、企业规模、
# 采购批量、返单频率、客户身份。
# Values are English codes (the workbook shows them in your language); "unknown" means the column
# that decides it is missing; columns built from orders are empty for prospects (no order yet).
# 输出为英文代码（工作簿按所选语言显示）；unknown 表示缺少判断依据；
# 按订单计算的列对潜在客户（尚无订单）留空。
# Keyword rules are tried top to bottom and the first match wins. Case, full/half width, accents
# and punctuation are ignored. Latin keywords match whole words; end one with * to match longer
# words too (manufactur* matches Manufacturing). Chinese keywords match anywhere in the text.
# A rules/labels list you write replaces the whole default list: copy it and edit.
# 关键词规则自上而下，首个匹配生效；忽略大小写、全角/半角、重音和标点。
# 英文关键词按整词匹配，末尾加 * 也匹配更长的词（manufactur* 匹配 Manufacturing）；
# 中文关键词在任意位置匹配。自己填写的规则列表会整体替换默认列表：请复制后修改。
trade:
  enabled: true

  # 1. Profit contribution → profit_class: high / mid / low (customers with orders only).
  # 按利润贡献 → profit_class：高 / 中 / 低利润（仅有订单的客户）。
  profit_class:
    enabled: true
    # profit 利润 | revenue 销售额. Without any profit in the orders, revenue is used (warning).
    # 订单中没有利润数据时自动改用销售额（并给出警告）。
    value: profit
    # quantile: the top high_share of customers are high, the next mid_share mid, the rest low
    # (customers tied with the last one taken join it). thresholds: value ≥ high → high,
    # ≥ mid → mid, in the base currency.
    # quantile 按客户占比：前 high_share 为高，其后 mid_share 为中，其余为低
    # （与分界客户数值相同者同类）；thresholds 按金额（本位币）：≥ high 为高，≥ mid 为中。
    method: quantile
    high_share: 0.2
    mid_share: 0.3
    high: null                # e.g. 50000
    mid: null                 # e.g. 10000

  # 2. Region → region, subregion (UN M49), market (developed / emerging, IMF list),
  #    country_iso2, country_en. Countries not recognised → unknown (and a warning).
  # 按地理位置 → region 地区、subregion 联合国 M49 次区域、market 发达/新兴市场
  # （IMF 名单）、国家代码和英文名；无法识别的国家为 unknown（并给出警告）。
  region:
    enabled: true
    # continent: Asia, Europe, North America, South America, Africa, Oceania;
    # market_group: North America, Latin America, Western Europe, Middle East, Southeast Asia …
    # continent 按大洲（亚洲、欧洲、北美洲、南美洲、非洲、大洋洲）；
    # market_group 按外贸市场（北美、拉美、西欧、中东、东南亚…）。
    level: continent
    # Country spellings tiercli does not recognise: your value → ISO code or country name.
    # tiercli 无法识别的国家写法：你的写法 → ISO 代码或国家名称。
    overrides: {}             # e.g. {Channel Islands: JE}

  # 3. Product line → main_product_line: the product line holding at least min_share of the
  #    customer's order value, else multi-line.
  # 按产品线 → main_product_line：占客户订单金额不少于 min_share 的产品线，
  # 否则为 multi-line（多产品线）。
  main_product_line:
    enabled: true
    min_share: 0.5

  # 4. Inquiry source → inquiry_channel, from the source column (customer source, else the
  #    first inquiry's source). A source no rule matches → unmatched; blank → unknown.
  #    outbound = email campaigns, cold emails and calls, customs-data prospecting; Google and
  #    other search traffic counts as website (its own rule: rename its channel to split it).
  # 按询盘来源 → inquiry_channel（客户来源，没有则取首次询盘的来源）。
  # 没有规则匹配的来源归入 unmatched，空白为 unknown。outbound 主动开发 = 邮件营销、
  # 开发信、电话、海关数据；谷歌等搜索流量计入 website 官网（单独一条规则，改名即可拆分）。
  # Your own channel, with its Chinese label: {channel: customs_data, zh: 海关数据, keywords: [...]}
  # 自定义渠道并给出中文名：{channel: customs_data, zh: 海关数据, keywords: [...]}
  inquiry_channel:
    enabled: true
    unmatched: other
    rules:
      - channel: referral
        keywords: [推荐, 介绍, 口碑, refer*, recommend*, word of mouth, introduc*]
      - channel: trade_show
        keywords: [展, 广交会, 交易会, trade show*, tradeshow*, trade fair*, fair, fairs, expo,
                   expos, exhibit*, messe, canton, booth]
      - channel: b2b_platform
        keywords: [阿里, "1688", 中国制造网, 环球资源, 敦煌, 平台, 国际站, alibaba*,
                   made in china*, madeinchina*, global sources, globalsources*, dhgate*, ec21*,
                   tradekey*, indiamart*, tradeindia*, europages*, kompass*, thomasnet*, ecplaza*,
                   b2b*, platform*]
      - channel: social_media
        keywords: [领英, 脸书, 社交, 社媒, 油管, 抖音, 微信, 推特, linkedin*, facebook*, fb,
                   instagram*, twitter*, youtube*, tiktok*, whatsapp*, wechat*, vk, vkontakte*,
                   pinterest*, social*, sns, telegram*]
      - channel: website
        keywords: [官网, 网站, 独立站, 自建站, 主页, website*, web site*, web, official site*,
                   company site*, own site*, homepage*, home page*, www, contact form*, web form*]
      - channel: website
        keywords: [谷歌, 必应, 百度, 搜索, google*, adwords*, seo, sem, ppc, bing, yandex*,
                   search*]
      - channel: outbound
        keywords: [开发信, 邮件, 电邮, 邮箱, 海关数据, 主动开发, 电话, email*, e mail*, mail,
                   mailing*, edm, cold*, customs data, outbound*, newsletter*, telemarketing*]
      - channel: offline_event
        keywords: [线下, 拜访, 到访, 来访, 地推, 陌拜, 研讨会, 会议, 路演, offline*, visit*,
                   walk in*, walkin*, roadshow*, road show*, seminar*, conference*, meeting*,
                   event*, showroom*, in person]

  # 5. Deal status → deal_status. The rules in `order` are tried in turn, the first true one
  #    wins, and what is left is small_order; customers with no order are prospect.
  #    large_order: `value` ≥ threshold (or, when null, the `quantile` of it among buyers);
  #    new: fewer than repeat_orders orders, the first within new_days; repeat: at least
  #    repeat_orders orders; small_order: the rest (one small order, long ago).
  # 按购买成交情况 → deal_status：按 order 顺序判断，首个成立者生效，其余为
  # small_order 小额订单客户；没有订单为 prospect 潜在客户。large_order 大额订单：
  # value ≥ threshold（为 null 时取有订单客户中该值的 quantile 分位数）；new 新客户：
  # 订单少于 repeat_orders 且首单在 new_days 天内；repeat 复购：订单不少于 repeat_orders。
  deal_status:
    enabled: true
    order: [large_order, new, repeat]
    large_order:
      # avg_order_value 平均单值 | median_order_value 单值中位数 | max_order_value 最大单值
      value: avg_order_value
      quantile: 0.8
      threshold: null         # e.g. 20000 in the base currency 本位币
    new_days: 365
    repeat_orders: 2

  # 6. Company size → size_class: large / medium / small / individual, from the company_size
  #    label (keywords below, first match), else a number in it (51-200 → 125.5 employees,
  #    1000+ → 1000) when read_numbers, else the employees column, in the employee bands.
  # 按企业规模 → size_class：大型 / 中型 / 小型 / 个人。先看公司规模标签
  # （下方关键词，首个匹配），其次标签中的人数（read_numbers：51-200 → 125.5 人，
  # 1000+ → 1000 人），再次员工人数列，按人数分档。
  size_class:
    enabled: true
    labels:
      - size: individual
        keywords: [个人, 个体, individual*, solo, freelance*, self employed, personal,
                   private person, sole trader*, sole proprietor*]
      - size: small
        keywords: [小, 微, small*, sme, smes, smb, micro*, startup*, start up*]
      - size: medium
        keywords: [中, medium*, mid*, middle*]
      - size: large
        keywords: [大, 集团, 跨国, 上市, large*, big*, enterprise*, corporat*, multinational*,
                   listed, group]
    read_numbers: true
    # Employees ≥ large → large, ≥ medium → medium, ≥ small → small, fewer → individual.
    # 员工人数 ≥ large 为大型，≥ medium 为中型，≥ small 为小型，更少为个人。
    employees: {large: 500, medium: 50, small: 2}

  # 7. Order batch → batch_class: large / medium / small batch by the typical (median) order.
  # 按单次采购量 → batch_class：大 / 中 / 小批量（按客户订单的中位数）。
  batch_class:
    enabled: true
    # auto: quantity when the orders carry quantities, else order value; quantity | value.
    # auto 有数量列时按数量，否则按金额；quantity 数量 | value 金额。
    by: auto
    # quantile: top large_share large, next medium_share medium, rest small; thresholds:
    # typical order ≥ large → large, ≥ medium → medium (needs by: quantity or value).
    # quantile 按客户占比；thresholds 按阈值：≥ large 为大批量，≥ medium 为中批量
    # （须指定 by: quantity 或 by: value）。
    method: quantile
    large_share: 0.2
    medium_share: 0.3
    large: null
    medium: null

  # 8. Reorder frequency → reorder_class: high / mid / low; one order is always low.
  # 按返单频率 → reorder_class：高频 / 中频 / 低频；只下过一单为低频。
  reorder_class:
    enabled: true
    # orders_per_year = orders / max(tenure_days, min_tenure_days) × 365: ≥ high → high,
    # ≥ mid → mid; median_gap_days: median days between orders ≤ high_gap_days → high,
    # ≤ mid_gap_days → mid.
    # orders_per_year 年均订单数 = 订单数 / max(首单至今天数, min_tenure_days) × 365：
    # ≥ high 高频，≥ mid 中频；median_gap_days 下单间隔天数中位数：≤ high_gap_days 高频，
    # ≤ mid_gap_days 中频。
    by: orders_per_year
    high: 6
    mid: 2
    min_tenure_days: 30
    high_gap_days: 60
    mid_gap_days: 180

  # 9. Buyer type → buyer_type: manufacturer / trader / retailer / end_user, from the
  #    customer_type label (labels), else ordered rules on the customer name and industry
  #    (rules; fields: name, industry). Nothing matches → unknown.
  # 按客户身份 → buyer_type：制造商 / 贸易商 / 零售商 / 终端用户。先看客户类型标签
  # （labels），否则按客户名称、行业的关键词规则（rules；fields: name 名称, industry 行业）；
  # 都不匹配为 unknown。
  buyer_type:
    enabled: true
    labels:
      - type: manufacturer
        keywords: [制造, 工厂, 厂, 生产, 工贸, manufactur*, factory, factories, oem, odm,
                   producer*, maker*, mfg, fabricat*]
      - type: trader
        keywords: [贸易, 进口, 出口, 批发, 分销, 经销, 代理, 中间商, trade, trader*, trading*,
                   import*, export*, wholesal*, distribut*, dealer*, agent*, agency, reseller*,
                   re seller*, broker*, merchant*, stockist*, sourcing*, buying office*, middlem*]
      - type: retailer
        keywords: [零售, 门店, 商店, 超市, 网店, 电商, 店, retail*, shop*, store*, supermarket*,
                   e commerce*, ecommerce*, online seller*, amazon*, dropship*]
      - type: end_user
        keywords: [终端, 用户, 业主, 工程, 承包, 项目, 使用, end user*, enduser*, contractor*,
                   project*, installer*, user*, owner*, consumer*, utility, utilities, epc]
    rules:
      - type: manufacturer
        fields: [name]
        keywords: [制造, 工厂, 厂, 工贸, manufactur*, factory, factories, fabricat*, fabrica*,
                   mfg, maschinenbau*, pumpenwerk*, anlagenbau*, fertigung*, machinefabriek*,
                   productie*, usine*]
      - type: trader
        fields: [name]
        keywords: [贸易, 进出口, 商贸, 批发, 分销, 经销, trading*, trade, traders, import*,
                   export*, distribut*, distribuid*, wholesal*, supply, supplier*, dealer*,
                   merchant*, sourcing*, handel*, vertrieb*, groothandel*, negoce*, commerce,
                   commerciale*, comercial*, forniture*, suministros*]
      - type: retailer
        fields: [name]
        keywords: [五金店, 商店, 超市, 零售, 门店, hardware*, store, stores, shop, shops, retail*,
                   depot, mart, supermarket*, farm supply, farm supplies, baumarkt*, fachhandel*,
                   werkzeughandel*, bouwmarkt*, winkel*, ijzerwaren*, quincaillerie*, magasin*,
                   bricolage*, ferramenta*, negozio*, emporio*, ferreteria*, almacen*, tienda*,
                   loja*, ferragens*]
      - type: manufacturer
        fields: [name]
        keywords: [实业, 工业, 机械, industries, industrie, industria, industrias, industry,
                   engineering, machinery, works, mecanique, ateliers, officine, meccanica,
                   metalurgica, talleres]
      - type: end_user
        fields: [name]
        keywords: [农场, 矿, 建设, 建筑, 工程, 水务, 电力, 酒店, 医院, 市政, farm, farms, farming,
                   mining, mine, mines, minera*, mineracao, construction*, constructora*,
                   construtora*, contractor*, contracting, utilities, utility, services,
                   plantation*, agro*, dairy, dairies, hotel*, resort*, hospital*, municipal*,
                   council, stadtwerke*, agrar*, bau, bergbau*, landtechnik*, waterbeheer*, bouw,
                   tuinbouw*, agricol*, eaux, travaux, btp, costruzioni*, acque, cantieri*, aguas,
                   agropecuaria*, saneamento*]
      - type: trader
        fields: [industry]
        keywords: [批发, 分销, 贸易, 进出口, wholesal*, distribut*, trading*, trade, import*]
      - type: retailer
        fields: [industry]
        keywords: [零售, retail*]
      - type: manufacturer
        fields: [industry]
        keywords: [制造, machinery, manufactur*]
      - type: end_user
        fields: [industry]
        keywords: [采矿, 矿, 市政, 建筑, 农业, 灌溉, mining, municipal*, construction*,
                   agricultur*, irrigation*, farm*]
"""


# ------------------------------------------------------------------------------------------
# The hand-made fixture: ten buyers C01..C10 and two prospects P01, P02
# ------------------------------------------------------------------------------------------


def customers() -> pd.DataFrame:
    ids = [f"C{i:02d}" for i in range(1, 11)] + ["P01", "P02"]
    ints = {
        "orders": [12, 8, 5, 1, 1, 3, 2, 1, 20, 4, NA, NA],
        "tenure_days": [700, 400, 365, 100, 800, 90, 20, NA, 1825, 1000, NA, NA],
        "product_lines": [2, 3, 4, NA, 1, 3, 2, 1, 2, 2, NA, NA],
    }
    floats = {
        "profit": [1000, 900, 800, 700, 600, 500, 400, 300, 200, -50, NA, NA],
        "revenue": [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, NA, NA],
        "avg_order_value": [1e3, 2e3, 3e3, 4e3, 5e3, 6e3, 7e3, 8e3, 9e3, 1e4, NA, NA],
        "median_order_value": [1e4, 9e3, 8e3, 7e3, 6e3, 5e3, 4e3, 3e3, 2e3, 1e3, NA, NA],
        "median_order_quantity": [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, NA, NA],
        "median_gap_days": [60, 50, 90, NA, NA, 45, 20, NA, 91, 250, NA, NA],
        "top_product_line_share": [0.9, 0.5, 0.49, NA, NA, NA, 0.6, 1.0, 0.7, 0.8, NA, NA],
        "employees": [NA, 10, NA, NA, 800, 120, 1, NA, NA, NA, NA, 10],
    }
    texts = {
        "top_product_line": [
            "Pumps", "Valves", "水泵", NA, "Motors", "Filters", "Pumps", "Pumps", "Valves",
            " Pumps ", NA, NA,
        ],
        "country": [
            "美国", "Deutschland", "U.A.E.", "Brasil", "Channel Islands", NA, "india", "南非",
            "Australia", "ＪＡＰＡＮ", "Mars", "Singapore",
        ],
        "source": [
            "展会", "Alibaba.com", "ＬｉｎｋｅｄＩｎ", "  ", "Google Ads", "老客户介绍",
            "Cold E-mail", "Sales VISIT", "Yellow Pages", "Alibaba trade show", "阿里国际站", NA,
        ],
        "company_size": [
            "大型", "Medium", "ｓｍａｌｌ", "个人", NA, "", NA, "N/A", "51-200 employees", "SME",
            "1,000+", "Partner",
        ],
        "customer_type": [
            "制造商", "Trader", "END-USER", "零售商", NA, NA, NA, NA, NA, "Partner", NA, NA,
        ],
        "name": [
            "Acme", "Beta", "Gamma", "Delta", "Lambert Import Export S.A.",
            "Bohemia Water Manufacturing a.s.", "Tasman Hardware Limited", "James Miller",
            "Acme Co.", "Summit Construction LLC", "Martin & Sons", NA,
        ],
        "industry": [
            NA, NA, NA, NA, "Construction", NA, NA, "批发分销", NA, NA, "批发分销", NA,
        ],
    }  # fmt: skip
    frame = pd.DataFrame(index=pd.Index(ids, name="customer_id"))
    for column, values in ints.items():
        frame[column] = pd.array(values, dtype="Int64")
    for column, values in floats.items():
        frame[column] = pd.array(values, dtype="float64")
    for column, values in texts.items():
        frame[column] = pd.array(values, dtype="string")
    return frame


def run(table: pd.DataFrame | None = None, **sections: Any) -> Classified:
    return trade.classify(
        customers() if table is None else table, TradeConfig.model_validate(sections)
    )


def labels(out: Classified, column: str) -> list[str | None]:
    return [None if pd.isna(v) else str(v) for v in out.columns[column]]


# ------------------------------------------------------------------------------------------
# 1. profit_class
# ------------------------------------------------------------------------------------------


def test_profit_class_top_shares() -> None:
    out = run()
    assert labels(out, "profit_class") == [
        "high", "high", "mid", "mid", "mid", "low", "low", "low", "low", "low", NA, NA,
    ]  # fmt: skip
    used = out.details["trade"]["profit_class"]
    assert (used["value"], used["high"], used["mid"]) == ("profit", 900.0, 600.0)
    assert out.columns["profit_class"].dtype == "string"
    assert not [w for w in out.warnings if "profit_class" in w]
    assert out.labels["profit_class"]["high"] == "高利润"  # also handed to the writers


def test_profit_class_thresholds() -> None:
    out = run(profit_class={"method": "thresholds", "high": 850, "mid": 450})
    assert labels(out, "profit_class") == [
        "high", "high", "mid", "mid", "mid", "mid", "low", "low", "low", "low", NA, NA,
    ]  # fmt: skip


def test_profit_class_ties_share_a_class() -> None:
    table = customers()
    table["profit"] = [5.0, 5, 5, 1, 1, 1, 1, 1, 1, 1, np.nan, np.nan]
    # Top 20% = 2 customers, but the third ties with the second: all three are high.
    assert labels(run(table), "profit_class")[:4] == ["high", "high", "high", "mid"]


def test_profit_class_falls_back_to_revenue_with_a_warning() -> None:
    table = customers()
    table["profit"] = np.nan
    out = run(table)
    assert labels(out, "profit_class") == [
        "low", "low", "low", "low", "low", "mid", "mid", "mid", "high", "high", NA, NA,
    ]  # fmt: skip
    assert out.details["trade"]["profit_class"]["value"] == "revenue"
    assert [w for w in out.warnings if "profit_class" in w] == [
        "trade: profit_class: the orders carry no profit; profit classes use revenue instead"
    ]
    # The same without a profit column at all.
    assert labels(run(table.drop(columns="profit")), "profit_class") == labels(out, "profit_class")


# ------------------------------------------------------------------------------------------
# 2. region
# ------------------------------------------------------------------------------------------


def test_region_subregion_market_country() -> None:
    out = run()
    assert labels(out, "region") == [
        "North America", "Europe", "Asia", "South America", "unknown", "unknown", "Asia",
        "Africa", "Oceania", "Asia", "unknown", "Asia",
    ]  # fmt: skip
    assert labels(out, "subregion") == [
        "Northern America", "Western Europe", "Western Asia", "Latin America and the Caribbean",
        "unknown", "unknown", "Southern Asia", "Sub-Saharan Africa", "Australia and New Zealand",
        "Eastern Asia", "unknown", "South-eastern Asia",
    ]  # fmt: skip
    assert labels(out, "market") == [
        "developed", "developed", "emerging", "emerging", "unknown", "unknown", "emerging",
        "emerging", "developed", "developed", "unknown", "developed",
    ]  # fmt: skip
    assert labels(out, "country_iso2") == [
        "US", "DE", "AE", "BR", NA, NA, "IN", "ZA", "AU", "JP", NA, "SG",
    ]  # fmt: skip
    assert labels(out, "country_en")[:2] == ["United States", "Germany"]
    details = out.details["trade"]
    assert details["region"]["unresolved"] == {"Channel Islands": 1, "Mars": 1}
    assert details["unknown"]["region"] == 3
    assert details["labels"]["country_en"]["United States"] == "美国"
    assert details["labels"]["region"]["North America"] == "北美洲"
    assert any("trade -> region -> overrides" in w and "'Mars'" in w for w in out.warnings)


def test_region_market_groups() -> None:
    out = run(region={"level": "market_group"})
    assert labels(out, "region") == [
        "North America", "Western Europe", "Middle East", "Latin America", "unknown", "unknown",
        "South Asia", "Africa", "Oceania", "East Asia", "unknown", "Southeast Asia",
    ]  # fmt: skip
    assert out.details["trade"]["labels"]["region"]["Middle East"] == "中东"


def test_region_overrides() -> None:
    out = run(region={"overrides": {"channel islands": "JE", "MARS": "United Kingdom"}})
    assert labels(out, "country_iso2")[4] == "JE"
    assert labels(out, "country_iso2")[10] == "GB"
    assert labels(out, "region")[4] == labels(out, "region")[10] == "Europe"
    assert labels(out, "market")[10] == "developed"
    assert out.details["trade"]["unknown"]["region"] == 1  # only the blank country


def test_region_bad_override_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as info:
        run(region={"overrides": {"Channel Islands": "Jersy"}})
    message = str(info.value)
    assert message.startswith("trade -> region -> overrides: ")
    assert "'Jersy' is not a known country code or name" in message
    assert "the closest valid name is 'Jersey'" in message


# ------------------------------------------------------------------------------------------
# 3. main_product_line
# ------------------------------------------------------------------------------------------


def test_main_product_line() -> None:
    out = run()
    assert labels(out, "main_product_line") == [
        "Pumps", "Valves", "multi-line", "unknown", "Motors", "multi-line", "Pumps", "Pumps",
        "Valves", "Pumps", NA, NA,
    ]  # fmt: skip
    assert out.details["trade"]["labels"]["main_product_line"]["multi-line"] == "多产品线"
    strict = run(main_product_line={"min_share": 0.95})
    assert labels(strict, "main_product_line")[:3] == ["multi-line"] * 3


# ------------------------------------------------------------------------------------------
# 4. inquiry_channel
# ------------------------------------------------------------------------------------------


def test_inquiry_channel() -> None:
    out = run()
    assert labels(out, "inquiry_channel") == [
        "trade_show", "b2b_platform", "social_media", "unknown", "website", "referral",
        "outbound", "offline_event", "other", "trade_show", "b2b_platform", "unknown",
    ]  # fmt: skip
    assert out.details["trade"]["inquiry_channel"]["unmatched_sources"] == {"Yellow Pages": 1}
    assert out.details["trade"]["labels"]["inquiry_channel"]["trade_show"] == "展会"


def test_inquiry_channel_rule_order_decides_conflicts() -> None:
    table = customers()
    show = {"channel": "trade_show", "keywords": ["trade show", "展会"]}
    platform = {"channel": "b2b_platform", "keywords": ["alibaba*", "阿里"]}
    first_show = run(table, inquiry_channel={"rules": [show, platform]})
    first_platform = run(table, inquiry_channel={"rules": [platform, show]})
    assert labels(first_show, "inquiry_channel")[9] == "trade_show"  # "Alibaba trade show"
    assert labels(first_platform, "inquiry_channel")[9] == "b2b_platform"
    # The defaults put trade_show before b2b_platform, referral before both.
    table["source"] = pd.array(["阿里巴巴展会", "展会上客户推荐"] + [NA] * 10, dtype="string")
    assert labels(run(table), "inquiry_channel")[:2] == ["trade_show", "referral"]


def test_inquiry_channel_custom_channel_and_unmatched() -> None:
    rules = [{"channel": "customs_data", "zh": "海关数据", "keywords": ["海关", "customs*"]}]
    table = customers()
    table["source"] = pd.array(["海关数据", "Customs records", "展会"] + [NA] * 9, dtype="string")
    out = run(table, inquiry_channel={"rules": rules, "unmatched": "misc"})
    assert labels(out, "inquiry_channel")[:4] == ["customs_data", "customs_data", "misc", "unknown"]
    zh = out.details["trade"]["labels"]["inquiry_channel"]
    assert zh["customs_data"] == "海关数据"
    assert out.details["trade"]["labels_en"]["inquiry_channel"]["customs_data"] == "Customs data"


# ------------------------------------------------------------------------------------------
# 5. deal_status
# ------------------------------------------------------------------------------------------


def test_deal_status() -> None:
    out = run()
    # Large: avg order value ≥ 8200 (80% quantile of 1000..10000); C08 has one order and no
    # first-order date, so new vs small_order cannot be told.
    assert labels(out, "deal_status") == [
        "repeat", "repeat", "repeat", "new", "small_order", "repeat", "repeat", "unknown",
        "large_order", "large_order", "prospect", "prospect",
    ]  # fmt: skip
    used = out.details["trade"]["deal_status"]
    assert used["large_order_threshold"] == 8200.0
    assert used["order"] == ["large_order", "new", "repeat", "small_order"]


def test_deal_status_order_and_absolute_threshold() -> None:
    large = {"threshold": 3500}
    default_order = run(deal_status={"large_order": large})
    assert labels(default_order, "deal_status")[2:5] == ["repeat", "large_order", "large_order"]
    new_first = run(deal_status={"large_order": large, "order": ["new", "repeat", "large_order"]})
    assert labels(new_first, "deal_status")[:10] == [
        "repeat", "repeat", "repeat", "new", "large_order", "repeat", "repeat", "large_order",
        "repeat", "repeat",
    ]  # fmt: skip


# ------------------------------------------------------------------------------------------
# 6. size_class
# ------------------------------------------------------------------------------------------


def test_size_class() -> None:
    out = run()
    # Label first (full-width and mixed case too), then a number in it, then employees.
    assert labels(out, "size_class") == [
        "large", "medium", "small", "individual", "large", "medium", "individual", "unknown",
        "medium", "small", "large", "small",
    ]  # fmt: skip
    details = out.details["trade"]["size_class"]
    assert details["unread_labels"] == {"Partner": 1}
    assert (details["from_label"], details["from_label_number"]) == (5, 2)
    assert details["from_employees"] == 4  # C05, C06 (blank label), C07, P02 ("Partner")
    assert any("size_class: 1 company_size value(s) match no keyword" in w for w in out.warnings)


def test_size_class_bands_are_configurable() -> None:
    out = run(size_class={"employees": {"large": 1000, "medium": 100, "small": 5}})
    assert labels(out, "size_class")[4:7] == ["medium", "medium", "individual"]
    assert labels(out, "size_class")[11] == "small"  # "Partner", 10 employees


# ------------------------------------------------------------------------------------------
# 7. batch_class
# ------------------------------------------------------------------------------------------


def test_batch_class_by_quantity_then_value() -> None:
    out = run()
    assert labels(out, "batch_class") == [
        "small", "small", "small", "small", "small", "medium", "medium", "medium", "large",
        "large", NA, NA,
    ]  # fmt: skip
    assert out.details["trade"]["batch_class"]["by"] == "quantity"
    table = customers()
    table["median_order_quantity"] = np.nan  # the export has no quantity column
    by_value = run(table)
    assert labels(by_value, "batch_class") == [
        "large", "large", "medium", "medium", "medium", "small", "small", "small", "small",
        "small", NA, NA,
    ]  # fmt: skip
    assert by_value.details["trade"]["batch_class"]["by"] == "value"


def test_batch_class_thresholds() -> None:
    out = run(batch_class={"by": "quantity", "method": "thresholds", "large": 75, "medium": 35})
    assert labels(out, "batch_class")[:10] == ["small"] * 3 + ["medium"] * 4 + ["large"] * 3


# ------------------------------------------------------------------------------------------
# 8. reorder_class
# ------------------------------------------------------------------------------------------


def test_reorder_class_orders_per_year() -> None:
    # 12/700, 8/400, 5/365, -, -, 3/90, 2/30 (min tenure), -, 20/1825, 4/1000 (× 365)
    out = run()
    assert labels(out, "reorder_class") == [
        "high", "high", "mid", "low", "low", "high", "high", "low", "mid", "low", NA, NA,
    ]  # fmt: skip


def test_reorder_class_by_median_gap() -> None:
    out = run(reorder_class={"by": "median_gap_days"})
    assert labels(out, "reorder_class") == [
        "high", "high", "mid", "low", "low", "high", "high", "low", "mid", "low", NA, NA,
    ]  # fmt: skip
    tighter = run(reorder_class={"by": "median_gap_days", "high_gap_days": 30})
    assert labels(tighter, "reorder_class")[:3] == ["mid", "mid", "mid"]


# ------------------------------------------------------------------------------------------
# 9. buyer_type
# ------------------------------------------------------------------------------------------


def test_buyer_type() -> None:
    out = run()
    # Label first; else name rules (Martin is not "mart"), then industry rules.
    assert labels(out, "buyer_type") == [
        "manufacturer", "trader", "end_user", "retailer", "trader", "manufacturer", "retailer",
        "trader", "unknown", "end_user", "trader", "unknown",
    ]  # fmt: skip
    details = out.details["trade"]["buyer_type"]
    assert (details["from_label"], details["from_rules"]) == (4, 6)
    assert details["unread_labels"] == {"Partner": 1}
    assert out.details["trade"]["labels"]["buyer_type"]["end_user"] == "终端用户"


def test_buyer_type_rules_are_ordered_and_per_field() -> None:
    rules = [
        {"type": "trader", "fields": ["industry"], "keywords": ["construction"]},
        {"type": "manufacturer", "fields": ["name", "industry"], "keywords": ["import*"]},
    ]
    out = run(buyer_type={"rules": rules})
    # C05 "Lambert Import Export", industry Construction: the industry rule comes first.
    assert labels(out, "buyer_type")[4:7] == ["trader", "unknown", "unknown"]


# ------------------------------------------------------------------------------------------
# Keywords, folding, missing inputs, details
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keyword", "text", "hit"),
    [
        ("fb", "FB", True),
        ("fb", "FBX group", False),
        ("mart", "Martin & Sons", False),
        ("mart", "Farm-Mart", True),
        ("manufactur*", "XYZ Manufacturing Co.", True),
        ("trade show", "TRADE-SHOW (Dubai)", True),
        ("trade show", "tradeshow", False),
        ("ferreteria*", "Ferretería López", True),
        ("展会", "2024展会-迪拜", True),
        ("expo", "Exporter", False),
        ("large*", "Ｌａｒｇｅ", True),
        ("b2b*", "B2B平台", True),
    ],
)
def test_keyword_matching(keyword: str, text: str, hit: bool) -> None:
    folded = trade.fold(pd.Series([text], dtype="string"))
    assert bool(folded.str.contains(keyword_regex(keyword), regex=True).iloc[0]) is hit


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"]), max_size=12))
def test_fold_matches_fold_text(text: str) -> None:
    folded = trade.fold(pd.Series([text], dtype="string")).iloc[0]
    expected = fold_text(text)
    if expected == "" or expected in trade.BLANK_VALUES:
        assert folded is pd.NA
    else:
        assert folded == expected


def test_missing_columns_give_unknown_not_errors() -> None:
    table = pd.DataFrame(
        {"orders": pd.array([3, None], dtype="Int64")},
        index=pd.Index(["C1", "P1"], name="customer_id"),
    )
    out = run(table)
    expected = {
        "profit_class": ["unknown", NA],
        "region": ["unknown", "unknown"],
        "main_product_line": ["unknown", NA],
        "inquiry_channel": ["unknown", "unknown"],
        "deal_status": ["repeat", "prospect"],
        "size_class": ["unknown", "unknown"],
        "batch_class": ["unknown", NA],
        "reorder_class": ["unknown", NA],
        "buyer_type": ["unknown", "unknown"],
    }
    assert {c: labels(out, c) for c in expected} == expected
    assert out.details["trade"]["unknown"]["region"] == 2
    assert len(out.warnings) >= 7  # one per dimension that had nothing to read
    # No columns at all, and no rows at all, are fine too.
    bare = run(pd.DataFrame(index=pd.Index(["X"], name="customer_id")))
    assert labels(bare, "deal_status") == ["unknown"]
    empty = run(customers().iloc[:0])
    assert list(empty.columns.columns) == list(run().columns.columns)
    assert len(empty.columns) == 0


def test_blank_tokens_are_missing() -> None:
    table = customers()
    table["source"] = pd.array(["N/A", "无", "-", "unknown"] + [NA] * 8, dtype="string")
    assert labels(run(table), "inquiry_channel")[:4] == ["unknown"] * 4


def test_disabled_dimensions_add_no_columns() -> None:
    out = run(region={"enabled": False}, buyer_type={"enabled": False})
    assert "region" not in out.columns and "country_iso2" not in out.columns
    assert "buyer_type" not in out.columns and "buyer_type" not in out.details["trade"]
    assert "profit_class" in out.columns


def test_labels_cover_every_value() -> None:
    out = run()
    zh = out.details["trade"]["labels"]
    en = out.details["trade"]["labels_en"]
    for column in out.columns:
        if column in ("country_iso2", "main_product_line", "country_en"):
            continue
        for value in out.columns[column].dropna().unique():
            assert value in zh[column], (column, value)
            assert column in ("region", "subregion") or value in en[column], (column, value)
    assert zh["profit_class"] == {
        "high": "高利润",
        "mid": "中利润",
        "low": "低利润",
        "unknown": "未知",
    }


def test_vectorised_on_a_large_table() -> None:
    table = pd.concat([customers()] * 2000)
    table.index = pd.Index([f"X{i}" for i in range(len(table))], name="customer_id")
    table["name"] = table["name"] + pd.Series(
        [f" {i}" for i in range(len(table))], index=table.index, dtype="string"
    )
    start = time.perf_counter()
    out = run(table)
    assert time.perf_counter() - start < 5  # ~0.3 s: no per-customer Python loop
    assert labels(out, "buyer_type")[:12] == labels(run(), "buyer_type")


# ------------------------------------------------------------------------------------------
# Config
# ------------------------------------------------------------------------------------------


def test_yaml_block_is_the_defaults() -> None:
    data = yaml.safe_load(YAML_BLOCK)
    assert TradeConfig.model_validate(data["trade"]) == TradeConfig()


def test_shipped_default_yaml_matches_the_model() -> None:
    data = yaml.safe_load(default_config_text()) or {}
    if "trade" not in data:
        pytest.skip("configs/default.yaml has no trade section yet")
    assert TradeConfig.model_validate(data["trade"]) == TradeConfig()


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"profit_class": {"method": "thresholds", "high": 100, "mid": 500}},
         "high: must be greater than mid (500), found 100"),
        ({"profit_class": {"method": "thresholds", "high": 100}},
         "mid: method is thresholds, so both high and mid must be set"),
        ({"profit_class": {"high_share": 0.6, "mid_share": 0.5}},
         "mid_share: high_share + mid_share must not exceed 1"),
        ({"batch_class": {"method": "thresholds", "large": 10, "medium": 5}},
         "by: thresholds need a unit, so set by: quantity or by: value"),
        ({"batch_class": {"by": "value", "method": "thresholds", "large": 5, "medium": 10}},
         "large: must be greater than medium (10), found 5"),
        ({"reorder_class": {"high": 2, "mid": 6}}, "high: must be greater than mid (6), found 2"),
        ({"reorder_class": {"high_gap_days": 200}},
         "high_gap_days: must be less than mid_gap_days (180), found 200"),
        ({"size_class": {"employees": {"large": 50, "medium": 500}}},
         "large: the bands must satisfy large > medium > small"),
        ({"deal_status": {"order": ["new", "new", "repeat"]}},
         "must list large_order, new and repeat once each"),
        ({"inquiry_channel": {"rules": [{"channel": "fair", "keywords": [" *"]}]}},
         "keyword ' *' is blank once punctuation is ignored"),
        ({"inquiry_channel": {"rules": [{"channel": "Trade Show", "keywords": ["x"]}]}},
         "String should match pattern"),
        ({"buyer_type": {"rules": [{"type": "trader", "fields": ["email"], "keywords": ["x"]}]}},
         "Input should be 'name' or 'industry'"),
        ({"deal_status": {"large_order": {"quantile": 1.5}}}, "less than 1"),
    ],
)  # fmt: skip
def test_config_errors_are_clear(section: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        TradeConfig.model_validate(section)
    assert message in str(info.value)


def test_unknown_keys_are_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        TradeConfig.model_validate({"region": {"overides": {"x": "DE"}}})
    error = info.value.errors()[0]
    assert (error["type"], error["loc"]) == ("extra_forbidden", ("region", "overides"))
    with pytest.raises(ValidationError):
        TradeConfig.model_validate({"inquiry_channel": {"rules": [{"channel": "x", "kw": []}]}})


def test_config_is_frozen() -> None:
    with pytest.raises(ValidationError):
        TradeConfig().profit_class.high_share = 0.5  # type: ignore[misc]


# ------------------------------------------------------------------------------------------
# The sample data, both copies
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> dict[str, tuple[pd.DataFrame, Classified]]:
    cfg = load_config(None)
    xlsx = segment([SAMPLE / "trade_export.xlsx"], cfg).customers
    csv_files = [SAMPLE / f"{name}.csv" for name in ("orders", "customers", "inquiries")]
    csv = segment(csv_files, cfg).customers
    return {
        name: (c, trade.classify(c, TradeConfig())) for name, c in (("xlsx", xlsx), ("csv", csv))
    }


@pytest.mark.parametrize("copy", ["xlsx", "csv"])
def test_sample_data_is_classified_wherever_the_data_has_the_answer(
    sample: dict[str, tuple[pd.DataFrame, Classified]], copy: str
) -> None:
    table, out = sample[copy]
    c = out.columns
    buyers = table["orders"].fillna(0) > 0
    assert buyers.sum() == 930 and (~buyers).sum() == 150
    is_unknown = c.eq("unknown")
    for column in ("profit_class", "main_product_line", "deal_status", "batch_class",
                   "reorder_class"):  # fmt: skip
        assert not is_unknown.loc[buyers, column].any(), column
    for column in ("profit_class", "main_product_line", "batch_class", "reorder_class"):
        assert c.loc[~buyers, column].isna().all(), column
    assert c.loc[~buyers, "deal_status"].eq("prospect").all()
    assert not is_unknown["region"].any() and not is_unknown["market"].any()
    assert c["country_iso2"].notna().all()
    assert (is_unknown["inquiry_channel"] == table["source"].isna()).all()
    assert (c["inquiry_channel"] != "other").all()  # every sample source is recognised
    no_size = table["company_size"].isna() & table["employees"].isna()
    assert (is_unknown["size_class"] == no_size).all()
    assert is_unknown.loc[buyers, "buyer_type"].mean() < 0.10
    assert is_unknown["buyer_type"].mean() < 0.10
    assert out.warnings == []
    assert set(c["deal_status"]) == {"large_order", "new", "repeat", "small_order", "prospect"}


def test_sample_buyer_type_and_size_agree_with_the_planted_truth(
    sample: dict[str, tuple[pd.DataFrame, Classified]],
) -> None:
    table, out = sample["csv"]
    truth = pd.read_csv(SAMPLE / "planted.csv", dtype={"customer_id": str}).set_index("customer_id")
    types = {"Manufacturer": "manufacturer", "Trader": "trader", "Retailer": "retailer",
             "End user": "end_user"}  # fmt: skip
    true_type = truth["customer_type"].map(types).reindex(table.index)
    guessed = table["customer_type"].isna() & out.columns["buyer_type"].ne("unknown")
    assert (out.columns["buyer_type"][guessed] == true_type[guessed]).mean() > 0.85
    labelled = table["customer_type"].notna()
    assert (out.columns["buyer_type"][labelled] == true_type[labelled]).all()
    size = truth["company_size"].str.lower().reindex(table.index)
    known = out.columns["size_class"].ne("unknown")
    assert (out.columns["size_class"][known] == size[known]).all()


def test_sample_copies_give_identical_labels(
    sample: dict[str, tuple[pd.DataFrame, Classified]],
) -> None:
    (x_table, x), (c_table, c) = sample["xlsx"], sample["csv"]
    assert x_table.index.equals(c_table.index)
    for column in x.columns:
        if column == "main_product_line":
            continue
        left, right = x.columns[column].fillna("<NA>"), c.columns[column].fillna("<NA>")
        assert left.equals(right), column
    # Product lines are named in Chinese in one copy and English in the other: one to one.
    lines = pd.crosstab(x.columns["main_product_line"], c.columns["main_product_line"])
    assert ((lines > 0).sum(axis=1) == 1).all() and ((lines > 0).sum(axis=0) == 1).all()
    assert lines.loc["multi-line", "multi-line"] > 0
    assert x.details["trade"]["unknown"] == c.details["trade"]["unknown"]
