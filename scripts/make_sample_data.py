"""Generate tiercli's sample data: one Chinese exporter's customers, orders and inquiries.

The same book is written twice into OUT_DIR (normally ``sample_data``):

* ``trade_export.xlsx`` - sheets 客户 / 订单 / 询盘, Chinese headers and labels, real date cells;
* ``customers.csv`` / ``orders.csv`` / ``inquiries.csv`` - English headers and labels, ISO dates;
* ``planted.csv`` - ground truth per customer (trajectory, latent scale, rhythm, ...);
* ``planted_dirty.csv`` - every planted dirty, odd or duplicate row, with its row number as
  Excel shows it (header = row 1), once for the xlsx and once for the csv;
* ``README.md`` - what is in the files and how to regenerate them.

Rows are in the same order in both copies, so row numbers match. The script is deterministic
(numpy ``default_rng(20261124)``) and the xlsx is byte-reproducible. Usage::

    .venv/bin/python scripts/make_sample_data.py sample_data
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter

SEED = 20261124
START = date(2022, 11, 1)
END = date(2026, 10, 31)
N_DAYS = (END - START).days + 1
N_BUYERS = 930
N_PROSPECTS_SHEET = 130
N_PROSPECTS_INQ_ONLY = 20
N_HIGH_VALUE_LAPSED = 32
N_DUPLICATES = 60
BASE_ORDER_USD = 1900.0
# Rough fixed rates, USD per unit of currency (only for the summary and planted revenue).
FX_USD = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "CNY": 0.14, "JPY": 0.0068, "AUD": 0.66}

TRAJECTORY_WEIGHTS = {
    "growing": 0.16,
    "steady": 0.43,
    "declining": 0.16,
    "lapsed": 0.14,
    "one_off": 0.11,
}
STATUS = {
    "completed": ("已完成", "Completed"),
    "shipped": ("已发货", "Shipped"),
    "cancelled": ("已取消", "Cancelled"),
    "returned": ("退货", "Returned"),
}

# --------------------------------------------------------------------------- reference data


@dataclass(frozen=True)
class Country:
    """A market: canonical names, continent, book weight, naming style and label variants."""

    en: str
    zh: str
    continent: str
    weight: float
    lang: str
    forms: tuple[str, ...]
    stems: tuple[str, ...]
    en_variants: tuple[str, ...] = ()
    zh_variants: tuple[str, ...] = ()
    currencies: tuple[tuple[str, float], ...] = ()


def _c(
    en: str, zh: str, cont: str, w: float, lang: str, forms: str, stems: str, **kw: Any
) -> Country:
    """Compact Country constructor: *forms* and *stems* are ``|``-separated."""
    return Country(en, zh, cont, w, lang, tuple(forms.split("|")), tuple(stems.split("|")), **kw)


EUROZONE = (("EUR", 0.55), ("CNY", 0.03))
COUNTRIES: list[Country] = [
    _c("United States", "美国", "North America", 14, "en", "Inc.|LLC|Corp.|Co.",
       "Lakeside|Summit|Keystone|Pioneer|Atlas|Midwest|Gulf Coast|Cascade|Liberty|Redwood|"
       "Bluegrass|Harrison|Carter|Sullivan|Lone Star|Great Plains",
       en_variants=("USA", "U.S.", "US", "United States of America"), zh_variants=("美國",)),
    _c("Canada", "加拿大", "North America", 3, "en", "Inc.|Ltd.|Corp.",
       "Maple Leaf|Great Lakes|Northland|Prairie|Fraser Valley|Laurentian|Dufresne|Bow River"),
    _c("Mexico", "墨西哥", "North America", 3, "es", "S.A. de C.V.|S. de R.L. de C.V.",
       "Ramírez|Hernández|del Bajío|Monterrey|Azteca|Guzmán|Treviño|del Norte",
       en_variants=("México",)),
    _c("Brazil", "巴西", "South America", 3, "pt", "Ltda.|S.A.|Eireli",
       "Silva|Oliveira|Paulista|Santos|Mineira|Gaúcha|Ferreira|Nordeste",
       en_variants=("Brasil",)),
    _c("Chile", "智利", "South America", 1.5, "es", "SpA|Ltda.|S.A.",
       "Andes|Pacífico|Valdivia|Rojas|Muñoz|Austral"),
    _c("Argentina", "阿根廷", "South America", 1, "es", "S.R.L.|S.A.",
       "Pampa|Rioplatense|Fernández|Gómez|Cuyo|Patagonia"),
    _c("Colombia", "哥伦比亚", "South America", 1.5, "es", "S.A.S.|Ltda.",
       "Andina|Caribe|Restrepo|del Valle|Antioquia|Cárdenas"),
    _c("Peru", "秘鲁", "South America", 1.2, "es", "S.A.C.|E.I.R.L.",
       "Inca|Limeña|Quispe|Huamán|Arequipa|del Sur", en_variants=("Perú",)),
    _c("Germany", "德国", "Europe", 6, "de", "GmbH|GmbH & Co. KG|AG",
       "Müller|Schneider|Hoffmann|Becker|Weber|Rhein|Elbe|Bayern|Schwaben|Krause|Nord|Hansa",
       en_variants=("Deutschland", "GERMANY"), zh_variants=("德國",), currencies=EUROZONE),
    _c("United Kingdom", "英国", "Europe", 5, "en", "Ltd|Ltd.|Limited|PLC",
       "Thames|Pennine|Albion|Cotswold|Whitfield|Harrington|Northern|Mersey|Clyde|Ashworth",
       en_variants=("UK", "U.K.", "Great Britain"), zh_variants=("英國",),
       currencies=(("GBP", 0.6), ("CNY", 0.02))),
    _c("France", "法国", "Europe", 3, "fr", "SAS|SARL|S.A.",
       "Dubois|Lefèvre|Moreau|Rhône|Loire|Bretagne|Girard|Provence|Lambert",
       currencies=EUROZONE),
    _c("Italy", "意大利", "Europe", 3.5, "it", "S.r.l.|S.p.A.",
       "Rossi|Bianchi|Ferrari|Lombarda|Veneta|Colombo|Adriatica|Ricci|Emiliana",
       en_variants=("Italia",), currencies=EUROZONE),
    _c("Spain", "西班牙", "Europe", 3, "es", "S.L.|S.A.",
       "Ibérica|Levante|García|Martínez|Castilla|Navarro|Cantábrica|Mediterránea",
       en_variants=("España",), currencies=EUROZONE),
    _c("Netherlands", "荷兰", "Europe", 2.5, "nl", "B.V.|N.V.",
       "Van Dijk|De Vries|Bakker|Jansen|Holland|Visser|Maas|Delta",
       en_variants=("The Netherlands", "Holland"), zh_variants=("荷蘭",), currencies=EUROZONE),
    _c("Belgium", "比利时", "Europe", 1, "nl", "NV|BV|SRL",
       "Vandenberghe|Peeters|Flanders|Janssens|Wouters|Schelde", currencies=EUROZONE),
    _c("Poland", "波兰", "Europe", 2.5, "en", "Sp. z o.o.|S.A.",
       "Kowalski|Nowak|Wisła|Mazowsze|Polmet|Baltic|Hydropol|Wielkopolska"),
    _c("Russia", "俄罗斯", "Europe", 4, "en", "OOO |LLC|JSC",
       "Gidromash|Uralmash|Sibir|Volga|TechnoProm|Neva|Baltika|Promstroy|Kuban",
       en_variants=("Russian Federation",), zh_variants=("俄罗斯联邦",),
       currencies=(("CNY", 0.45),)),
    _c("Turkey", "土耳其", "Europe", 3, "en", "Ltd. Şti.|A.Ş.",
       "Anadolu|Ege|Marmara|Yılmaz|Demir|Kaya|Toros|Akdeniz",
       en_variants=("Türkiye", "Turkiye")),
    _c("Sweden", "瑞典", "Europe", 1.2, "en", "AB", "Nordic|Svea|Lindqvist|Norrland|Göta|Bergström"),
    _c("Norway", "挪威", "Europe", 0.8, "en", "AS", "Fjord|Nordkapp|Hansen|Vestland|Viking"),
    _c("Denmark", "丹麦", "Europe", 0.8, "en", "A/S|ApS", "Jylland|Nielsen|Øresund|Dansk|Fyn"),
    _c("Finland", "芬兰", "Europe", 0.6, "en", "Oy|Oyj", "Suomi|Virtanen|Lappi|Karjala",
       currencies=EUROZONE),
    _c("Czechia", "捷克", "Europe", 0.8, "en", "s.r.o.|a.s.", "Morava|Bohemia|Novák|Vltava",
       en_variants=("Czech Republic",), zh_variants=("捷克共和国",)),
    _c("Romania", "罗马尼亚", "Europe", 1, "en", "S.R.L.|S.A.",
       "Carpați|Dunărea|Popescu|Transilvania"),
    _c("Greece", "希腊", "Europe", 0.8, "en", "S.A.|Ltd", "Hellas|Aegean|Papadopoulos|Olympus",
       currencies=EUROZONE),
    _c("Portugal", "葡萄牙", "Europe", 0.9, "pt", "Lda.|S.A.",
       "Lusitana|Costa|Tejo|Douro|Pereira", currencies=EUROZONE),
    _c("Ireland", "爱尔兰", "Europe", 0.6, "en", "Ltd|Limited", "Shannon|Liffey|Murphy|Celtic|Corrib",
       currencies=EUROZONE),
    _c("United Arab Emirates", "阿联酋", "Asia", 3, "en", "LLC|FZE|FZCO|Trading LLC",
       "Al Noor|Gulf Star|Emirates|Al Falah|Desert Rose|Al Mansoori|Jebel Ali",
       en_variants=("UAE", "U.A.E."), zh_variants=("阿拉伯联合酋长国",)),
    _c("Saudi Arabia", "沙特阿拉伯", "Asia", 2.5, "en", "Co.|Est.|Trading Est.|Co. Ltd.",
       "Al Rashid|Al Zahrani|Najd|Red Sea|Al Qahtani|Arabian Gulf",
       en_variants=("KSA", "Saudi"), zh_variants=("沙特",)),
    _c("Qatar", "卡塔尔", "Asia", 0.6, "en", "W.L.L.", "Doha|Al Kuwari|Pearl|Lusail"),
    _c("Israel", "以色列", "Asia", 1, "en", "Ltd.", "Galil|Negev|Carmel|Cohen|Levi"),
    _c("India", "印度", "Asia", 4, "en", "Pvt. Ltd.|Private Limited|LLP",
       "Shree Ganesh|Bharat|Kaveri|Patel|Sharma|Deccan|Maruti|Om Sai|Gujarat"),
    _c("Pakistan", "巴基斯坦", "Asia", 1.5, "en", "(Pvt) Ltd", "Indus|Punjab|Karachi|Qureshi|Al Hamd"),
    _c("Bangladesh", "孟加拉国", "Asia", 1.2, "en", "Ltd.", "Bengal|Dhaka|Padma|Rahman|Meghna",
       zh_variants=("孟加拉",)),
    _c("Vietnam", "越南", "Asia", 3, "en", "Co., Ltd|JSC",
       "Saigon|Hanoi|Mekong|Nguyen Phat|Thanh Cong|Viet Hung|Hoang Long",
       en_variants=("Viet Nam",), currencies=(("CNY", 0.08),)),
    _c("Thailand", "泰国", "Asia", 2.5, "en", "Co., Ltd.",
       "Siam|Chao Phraya|Sukhumvit|Thai Rung|Bangkok|Lanna"),
    _c("Indonesia", "印度尼西亚", "Asia", 2.5, "en", "PT ",
       "Sinar Jaya|Maju Bersama|Nusantara|Cahaya Abadi|Mitra Sejahtera|Karya Teknik",
       zh_variants=("印尼",)),
    _c("Malaysia", "马来西亚", "Asia", 2, "en", "Sdn. Bhd.",
       "Perdana|Selangor|Sri Mutiara|Johor|Harimau|Kinabalu"),
    _c("Philippines", "菲律宾", "Asia", 2, "en", "Inc.|Corp.",
       "Manila|Visayas|Luzon|Mindanao|Santos|Cebu", en_variants=("The Philippines",)),
    _c("Singapore", "新加坡", "Asia", 1.2, "en", "Pte. Ltd.",
       "Lion City|Marina|Tan & Sons|Straits|Jurong"),
    _c("Japan", "日本", "Asia", 2.5, "en", "Co., Ltd.|K.K.|Corporation",
       "Tanaka|Kansai|Yamato|Fuji|Sakura|Chubu|Hokuriku", currencies=(("JPY", 0.5),)),
    _c("South Korea", "韩国", "Asia", 2, "en", "Co., Ltd.|Corp.",
       "Daejin|Hanbit|Saehan|Busan|Jinwoo|Dongyang",
       en_variants=("Korea", "Republic of Korea", "Korea, Republic of"), zh_variants=("南韩",)),
    _c("Kazakhstan", "哈萨克斯坦", "Asia", 1, "en", "LLP|TOO ", "Steppe|Altyn|Kaspiy|Almaty",
       currencies=(("CNY", 0.2),)),
    _c("Australia", "澳大利亚", "Oceania", 3, "en", "Pty Ltd|Pty. Ltd.",
       "Southern Cross|Outback|Murray|Coral Coast|Kookaburra|Eureka|Hunter Valley",
       en_variants=("AU",), zh_variants=("澳洲",), currencies=(("AUD", 0.55),)),
    _c("New Zealand", "新西兰", "Oceania", 1, "en", "Ltd|Limited",
       "Kiwi|Waikato|Canterbury|Tasman|Aotearoa", en_variants=("NZ",),
       currencies=(("AUD", 0.15),)),
    _c("South Africa", "南非", "Africa", 2, "en", "(Pty) Ltd",
       "Highveld|Cape|Karoo|Drakensberg|Van der Merwe|Limpopo", en_variants=("RSA",)),
    _c("Nigeria", "尼日利亚", "Africa", 2, "en", "Nigeria Ltd|Ltd",
       "Lagos|Niger Delta|Okafor|Adeyemi|Sahel|Eko"),
    _c("Egypt", "埃及", "Africa", 1.5, "en", "S.A.E.|Co.", "Nile|Delta|Cairo|El Sayed|Pharaonic"),
    _c("Kenya", "肯尼亚", "Africa", 1.2, "en", "Ltd|Limited", "Rift Valley|Nairobi|Kilima|Mombasa|Kamau"),
    _c("Morocco", "摩洛哥", "Africa", 1, "fr", "SARL|S.A.", "Maghreb|Casablanca|Souss|Benali|Atlas"),
    _c("Ghana", "加纳", "Africa", 0.8, "en", "Ltd", "Accra|Volta|Ashanti|Mensah"),
    _c("Ethiopia", "埃塞俄比亚", "Africa", 0.6, "en", "PLC", "Abyssinia|Addis|Tana|Awash"),
    _c("Tanzania", "坦桑尼亚", "Africa", 0.6, "en", "Ltd", "Kilimanjaro|Zanzibar|Msasani|Pwani"),
]  # fmt: skip

# Words per naming language. Templates use {stem}, {type} (hints the customer type),
# {generic} (product words) and {domain} (English product prefix).
NAME_WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "templates": [("{stem} {domain} {type}", 4), ("{stem} {type}", 3),
                      ("{stem} {domain} {generic}", 2)],
        "domain": "Pump|Valve|Fluid|Flow|Hydraulic|Water|Motor|Industrial|Pipe|Filtration|"
                  "Process|Aqua|Power|Irrigation",
        "generic": "Solutions|Systems|Technologies|Group|Equipment|Technics",
        "Manufacturer": "Manufacturing|Industries|Engineering|Machinery|Works|Fabrication",
        "Trader": "Trading|Traders|Distribution|Supply|Import & Export|Distributors",
        "Retailer": "Hardware|Store|Retail|Depot|Mart|Tools & Hardware|Farm Supplies",
        "End user": "Farms|Mining|Construction|Water Services|Utilities|Plantations|Agro|"
                    "Dairy|Hotels & Resorts|Irrigation Services",
        "solo_types": ("Retailer", "End user"),
    },
    "de": {
        "templates": [("{stem} {type}", 3), ("{stem} {generic}", 3), ("{stem} {generic} {type}", 2)],
        "generic": "Pumpentechnik|Armaturen|Antriebstechnik|Wassertechnik|Fluidtechnik|"
                   "Industrietechnik|Filtertechnik",
        "Manufacturer": "Maschinenbau|Pumpenwerk|Anlagenbau|Fertigung",
        "Trader": "Handels|Handelsgesellschaft|Vertrieb|Import Export",
        "Retailer": "Baumarkt|Fachhandel|Werkzeughandel",
        "End user": "Stadtwerke|Agrar|Bau|Bergbau|Landtechnik",
    },
    "nl": {
        "templates": [("{stem} {type}", 3), ("{stem} {generic}", 3)],
        "generic": "Pompen|Appendages|Techniek|Installatietechniek|Aandrijvingen",
        "Manufacturer": "Machinefabriek|Productie|Industrie",
        "Trader": "Handelsonderneming|Trading|Distributie|Groothandel",
        "Retailer": "Bouwmarkt|Winkel|IJzerwaren",
        "End user": "Waterbeheer|Agro|Bouw|Tuinbouw",
    },
    "fr": {
        "templates": [("{type} {stem}", 3), ("{generic} {stem}", 3), ("{stem} {type}", 2)],
        "generic": "Pompes|Robinetterie|Hydraulique|Technique des Fluides|Filtration",
        "Manufacturer": "Industries|Fabrication|Mécanique|Ateliers",
        "Trader": "Distribution|Négoce|Import Export|Commerce",
        "Retailer": "Quincaillerie|Magasin|Bricolage",
        "End user": "Agricole|Eaux|Travaux Publics|BTP|Mines",
    },
    "it": {
        "templates": [("{generic} {stem}", 3), ("{type} {stem}", 3), ("{stem} {generic}", 2)],
        "generic": "Idraulica|Pompe|Valvole|Tecnica|Elettromeccanica",
        "Manufacturer": "Industrie|Officine|Meccanica",
        "Trader": "Commerciale|Distribuzione|Import Export|Forniture",
        "Retailer": "Ferramenta|Negozio|Emporio",
        "End user": "Agricola|Costruzioni|Acque|Cantieri",
    },
    "es": {
        "templates": [("{type} {stem}", 3), ("{generic} {stem}", 3), ("{stem} {generic}", 1)],
        "generic": "Bombas|Hidráulica|Válvulas|Riego|Técnica Industrial",
        "Manufacturer": "Industrias|Fabricaciones|Metalúrgica|Talleres",
        "Trader": "Comercial|Distribuidora|Importadora|Suministros",
        "Retailer": "Ferretería|Almacenes|Tienda",
        "End user": "Agrícola|Constructora|Minera|Aguas",
    },
    "pt": {
        "templates": [("{type} {stem}", 3), ("{generic} {stem}", 3)],
        "generic": "Bombas|Hidráulica|Válvulas|Irrigação|Técnica",
        "Manufacturer": "Indústria|Metalúrgica|Fábrica",
        "Trader": "Comercial|Distribuidora|Importadora",
        "Retailer": "Casa|Loja|Ferragens",
        "End user": "Agropecuária|Construtora|Mineração|Saneamento",
    },
}  # fmt: skip

PEOPLE: dict[str, tuple[str, str]] = {
    # lang group: (first names, last names)
    "en": ("James|Michael|Sarah|David|Emma|Robert|Laura|Daniel|Peter|Kevin",
           "Miller|Johnson|Walker|Thompson|Evans|Clarke|Wright|Hughes|Baker|Reid"),
    "de": ("Thomas|Andreas|Stefan|Julia|Markus|Katrin", "Fischer|Wagner|Schulz|Koch|Richter|Wolf"),
    "nl": ("Jan|Pieter|Sanne|Joost|Bram", "Smit|Meijer|Mulder|De Boer|Bos"),
    "fr": ("Jean|Pierre|Sophie|Nicolas|Isabelle", "Martin|Bernard|Petit|Roux|Fournier"),
    "it": ("Marco|Giuseppe|Luca|Francesca|Paolo", "Esposito|Romano|Greco|Conti|Marino"),
    "es": ("Carlos|José|María|Javier|Luis|Ana", "López|Sánchez|Pérez|Torres|Flores|Vargas"),
    "pt": ("João|Pedro|Ana|Rafael|Lucas", "Souza|Lima|Carvalho|Almeida|Ribeiro"),
}  # fmt: skip
PEOPLE_BY_COUNTRY: dict[str, tuple[str, str]] = {
    "Russia": ("Sergey|Dmitry|Alexey|Olga|Ivan", "Ivanov|Smirnov|Kuznetsov|Popov|Volkov"),
    "Turkey": ("Mehmet|Ahmet|Mustafa|Ayşe|Emre", "Yıldız|Çelik|Şahin|Öztürk|Aydın"),
    "United Arab Emirates": ("Mohammed|Ahmed|Khalid|Omar", "Al Hashimi|Al Suwaidi|Khan|Haddad"),
    "Saudi Arabia": ("Abdullah|Faisal|Khalid|Omar", "Al Harbi|Al Otaibi|Al Ghamdi|Al Shehri"),
    "Egypt": ("Ahmed|Mahmoud|Mostafa|Youssef", "Hassan|Mansour|Farouk|Abdel Aziz"),
    "Morocco": ("Youssef|Karim|Hamza|Salma", "El Amrani|Bennani|Tazi|Alaoui"),
    "India": ("Rahul|Amit|Priya|Sanjay|Vikram", "Gupta|Reddy|Iyer|Mehta|Joshi"),
    "Pakistan": ("Imran|Farhan|Usman|Ali", "Khan|Malik|Butt|Chaudhry"),
    "Bangladesh": ("Rafiq|Kamal|Nasir|Tanvir", "Hossain|Islam|Ahmed|Chowdhury"),
    "Vietnam": ("Minh|Tuan|Hung|Lan", "Nguyen|Tran|Le|Pham"),
    "Thailand": ("Somchai|Anan|Kittisak|Suda", "Srisuk|Wongsa|Chaiyaporn|Rattanakul"),
    "Indonesia": ("Budi|Agus|Siti|Dewi", "Santoso|Wijaya|Hidayat|Saputra"),
    "Nigeria": ("Chinedu|Tunde|Emeka|Ngozi", "Okonkwo|Balogun|Eze|Adebayo"),
    "Kenya": ("Wanjiru|Otieno|Kiprono|Achieng", "Mwangi|Odhiambo|Kariuki|Njoroge"),
    "Ghana": ("Kofi|Kwame|Ama|Yaw", "Boateng|Owusu|Asante|Appiah"),
    "South Africa": ("Thabo|Sipho|Johan|Lerato", "Nkosi|Dlamini|Botha|Pretorius"),
}  # fmt: skip

# Product lines: key, zh, en, code prefix, list price range (USD), gross margin, popularity.
PRODUCT_LINES = [
    ("水泵", "Pumps", "PU", (60.0, 2500.0), 0.24, 0.25),
    ("阀门", "Valves", "VA", (12.0, 600.0), 0.28, 0.19),
    ("电机", "Motors", "MO", (90.0, 3000.0), 0.19, 0.12),
    ("管件", "Pipe Fittings", "PF", (0.6, 40.0), 0.31, 0.14),
    ("控制系统", "Control Systems", "CS", (250.0, 6000.0), 0.35, 0.06),
    ("备件", "Spare Parts", "SP", (2.0, 150.0), 0.42, 0.13),
    ("过滤器", "Filters", "FI", (10.0, 400.0), 0.33, 0.11),
]
N_PRODUCTS_PER_LINE = 12

INDUSTRIES = {
    "irrigation": ("农业灌溉", "Agricultural Irrigation"),
    "construction": ("建筑工程", "Construction"),
    "water": ("水处理", "Water Treatment"),
    "oil_gas": ("石油天然气", "Oil & Gas"),
    "chemicals": ("化工", "Chemicals"),
    "mining": ("采矿", "Mining"),
    "hvac": ("暖通空调", "HVAC"),
    "food": ("食品饮料", "Food & Beverage"),
    "municipal": ("市政工程", "Municipal Utilities"),
    "marine": ("船舶", "Marine"),
    "machinery": ("机械制造", "Machinery"),
    "power": ("电力能源", "Power & Energy"),
    "wholesale": ("批发分销", "Wholesale & Distribution"),
    "retail": ("五金零售", "Hardware Retail"),
}
INDUSTRY_BY_TYPE = {
    "Manufacturer": "machinery|hvac|chemicals|food|oil_gas|marine|power|water",
    "Trader": "wholesale|wholesale|wholesale|construction|irrigation|water|hvac",
    "Retailer": "retail|retail|retail|irrigation|construction",
    "End user": "irrigation|construction|water|mining|municipal|oil_gas|food|power",
}
CUSTOMER_TYPES = {
    "Manufacturer": ("制造商", 0.30),
    "Trader": ("贸易商", 0.35),
    "Retailer": ("零售商", 0.12),
    "End user": ("终端用户", 0.23),
}
SIZES = {"Large": "大型", "Medium": "中型", "Small": "小型", "Individual": "个人"}

# Lead sources: kind -> ((zh, en) label pairs as different CRMs write them), plus the kind's
# weight for customers and for inquiries.
SOURCES: dict[str, tuple[tuple[tuple[str, str], ...], float, float]] = {
    "trade_show": ((("展会", "Trade show"), ("广交会", "Canton Fair"), ("展会", "Exhibition"),
                    ("汉诺威展", "Hannover Messe"), ("展会-迪拜", "Trade fair - Dubai")), 0.20, 0.12),
    "alibaba": ((("阿里巴巴国际站", "Alibaba.com"), ("阿里国际站", "Alibaba"),
                 ("阿里巴巴", "alibaba.com")), 0.20, 0.25),
    "made_in_china": ((("中国制造网", "Made-in-China"), ("Made-in-China", "made-in-china.com")),
                      0.07, 0.08),
    "website": ((("官网", "Website"), ("公司官网", "Website inquiry"), ("独立站", "Official site")),
                0.12, 0.18),
    "google": ((("谷歌广告", "Google Ads"), ("Google Ads", "Google"), ("谷歌推广", "AdWords")),
               0.08, 0.12),
    "linkedin": ((("领英", "LinkedIn"), ("LinkedIn", "linkedin")), 0.06, 0.07),
    "facebook": ((("Facebook", "Facebook"), ("脸书", "FB")), 0.03, 0.04),
    "referral": ((("客户推荐", "Referral"), ("老客户介绍", "Customer referral"),
                  ("朋友介绍", "Referred by existing client")), 0.12, 0.06),
    "offline": ((("线下拜访", "Offline visit"), ("客户拜访", "Sales visit")), 0.06, 0.03),
    "email": ((("邮件营销", "Email campaign"), ("开发信", "Cold email")), 0.06, 0.05),
}  # fmt: skip

CUSTOMER_HEADERS = [
    ("customer_id", "客户编号"), ("name", "客户名称"), ("country", "国家"), ("industry", "行业"),
    ("company_size", "公司规模"), ("employees", "员工人数"), ("customer_type", "客户类型"),
    ("source", "客户来源"),
]  # fmt: skip
ORDER_HEADERS = [
    ("order_id", "订单号"), ("customer_id", "客户编号"), ("order_date", "下单日期"),
    ("product_line", "产品线"), ("product_code", "产品编号"), ("quantity", "数量"),
    ("unit_price", "单价"), ("amount", "金额"), ("currency", "币种"), ("profit", "毛利"),
    ("status", "订单状态"),
]  # fmt: skip
INQUIRY_HEADERS = [
    ("inquiry_id", "询盘编号"), ("customer_id", "客户编号"), ("inquiry_date", "询盘日期"),
    ("source", "询盘来源"), ("product_line", "产品线"), ("country", "国家"),
]  # fmt: skip
SHEETS = {"customers": "客户", "orders": "订单", "inquiries": "询盘"}

# --------------------------------------------------------------------------- model


@dataclass
class Customer:
    """One customer's latent truth and its visible attributes."""

    idx: int
    country: Country
    scale: float
    trajectory: str
    gap: float = 0.0
    shape: float = 2.5
    start: int = 0
    stop: int = N_DAYS - 1
    pre_existing: bool = False
    created: float = 0.0
    currency: str = "USD"
    true_type: str = "Trader"
    true_size: str = "Small"
    name: str = ""
    industry: str | None = None
    size_label: bool = True
    employees: int | None = None
    type_label: bool = True
    source: tuple[str, str] | None = None
    source_kind: str = "alibaba"
    pref: np.ndarray = field(default_factory=lambda: np.ones(len(PRODUCT_LINES)))
    price_factor: float = 1.0
    in_sheet: bool = True
    cid: str = ""
    days: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))


@dataclass
class Line:
    """One order line (or return line), before it is turned into output cells."""

    order_id: str
    cust: int
    day: int
    line_no: int
    pl: int
    code: str
    qty: int
    unit_price: float
    amount: float
    currency: str
    profit: float
    status: str
    key: int = 0  # unique row identity
    dup_of: int | None = None  # key of the original line when this row is an exact copy
    over: dict[str, str | None] = field(default_factory=dict)  # planted cell overrides


def day_to_date(day: int) -> date:
    """Day index (0 = START) to a date."""
    return START + timedelta(days=int(day))


def split(text: str) -> list[str]:
    """Split a ``|``-separated word list."""
    return text.split("|")


def pick(rng: np.random.Generator, items: list[Any] | tuple[Any, ...]) -> Any:
    """Uniform choice that keeps the item's Python type."""
    return items[int(rng.integers(len(items)))]


def season_curve() -> np.ndarray:
    """Daily order intensity (mean 1): spring and autumn peaks, CNY dip, quiet weekends."""
    month = {1: 0.85, 2: 0.75, 3: 1.15, 4: 1.22, 5: 1.15, 6: 0.95, 7: 0.88, 8: 0.85,
             9: 1.15, 10: 1.12, 11: 1.2, 12: 0.92}  # fmt: skip
    cny = [date(2023, 1, 22), date(2024, 2, 10), date(2025, 1, 29), date(2026, 2, 17)]
    weekday = [1.12, 1.12, 1.12, 1.12, 1.08, 0.3, 0.12]
    curve = np.empty(N_DAYS)
    for i in range(N_DAYS):
        d = day_to_date(i)
        dip = 1.0
        for holiday in cny:
            offset = (d - holiday).days
            if -12 <= offset <= 16:  # factories close a week before and two weeks after
                dip = min(dip, 1 - 0.75 * np.exp(-(((offset - 2) / 8) ** 2)))
        curve[i] = month[d.month] * weekday[d.weekday()] * dip
    return curve / curve.mean()


def make_catalogue(rng: np.random.Generator) -> list[list[tuple[str, float]]]:
    """Per product line: (product code, USD list price) for each product."""
    catalogue = []
    for _zh, _en, prefix, (lo, hi), _margin, _pop in PRODUCT_LINES:
        numbers = np.sort(rng.choice(np.arange(1001, 1400), N_PRODUCTS_PER_LINE, replace=False))
        prices = np.exp(rng.uniform(np.log(lo), np.log(hi), N_PRODUCTS_PER_LINE))
        catalogue.append(
            [(f"{prefix}-{n}", float(p)) for n, p in zip(numbers, prices, strict=True)]
        )
    return catalogue


def weekday_on_or_after(day: int) -> int:
    """Move a day index forward to Monday-Friday (capped at the last day)."""
    while day < N_DAYS - 1 and day_to_date(day).weekday() >= 5:
        day += 1
    return day


# --------------------------------------------------------------------------- customers


def company_name(rng: np.random.Generator, c: Customer, used: set[str]) -> str:
    """A believable, unique company (or, for individuals, person) name in the country's style."""
    for _attempt in range(50):
        if c.true_size == "Individual":
            first, last = PEOPLE_BY_COUNTRY.get(c.country.en) or PEOPLE.get(
                c.country.lang, PEOPLE["en"]
            )
            name = f"{pick(rng, split(first))} {pick(rng, split(last))}"
        else:
            words = NAME_WORDS[c.country.lang]
            templates = words["templates"]
            if c.true_type in words.get("solo_types", ()):
                template = "{stem} {type}"
            else:
                weights = np.array([w for _t, w in templates], dtype=float)
                template = templates[int(rng.choice(len(templates), p=weights / weights.sum()))][0]
            name = template.format(
                stem=pick(rng, c.country.stems),
                type=pick(rng, split(words[c.true_type])),
                generic=pick(rng, split(words["generic"])),
                domain=pick(rng, split(words.get("domain", "Industrial"))),
            )
            form = pick(rng, c.country.forms)
            name = f"{form}{name}" if form.endswith(" ") else f"{name} {form}"
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("could not find a unique name")


def choose_trajectories(rng: np.random.Generator, scales: np.ndarray) -> list[str]:
    """Trajectory per buyer; N_HIGH_VALUE_LAPSED lapsed ones come from the top 15% by scale."""
    n = len(scales)
    names = list(TRAJECTORY_WEIGHTS)
    probs = np.array(list(TRAJECTORY_WEIGHTS.values()))
    counts = np.round(probs / probs.sum() * n).astype(int)
    counts[names.index("steady")] += n - counts.sum()
    top = np.flatnonzero(scales >= np.quantile(scales, 0.85))
    hv_lapsed = set(rng.choice(top, N_HIGH_VALUE_LAPSED, replace=False).tolist())
    rest = [i for i in rng.permutation(n).tolist() if i not in hv_lapsed]
    out = [""] * n
    for i in hv_lapsed:
        out[i] = "lapsed"
    pos = 0
    for name, count in zip(names, counts, strict=True):
        k = count - (N_HIGH_VALUE_LAPSED if name == "lapsed" else 0)
        for i in rest[pos : pos + k]:
            out[i] = name
        pos += k
    return out


def set_rhythm(rng: np.random.Generator, c: Customer, high_value_lapsed: bool) -> None:
    """Purchase gap, regularity and the active span [start, stop] for a buyer."""
    gap = float(np.exp(rng.uniform(np.log(18), np.log(180)))) * c.scale**-0.25
    c.gap = float(np.clip(gap, 20, 180))
    c.shape = float(rng.uniform(1.5, 4.0))
    last = N_DAYS - 1
    t = c.trajectory
    if t == "one_off":
        c.start = c.stop = weekday_on_or_after(int(rng.integers(0, last - 150)))
        return
    pre_prob = {"steady": 0.6, "growing": 0.35, "declining": 0.85, "lapsed": 0.6}[t]
    c.pre_existing = bool(rng.random() < pre_prob)
    if t == "declining":
        c.gap = min(c.gap, 90.0)
    if t == "lapsed":
        c.gap = float(rng.uniform(20, 50)) if high_value_lapsed else min(c.gap, 100.0)
        quiet = rng.integers(270, 540) if high_value_lapsed else rng.integers(270, 700)
        c.stop = weekday_on_or_after(int(last - quiet))
        if high_value_lapsed:
            c.pre_existing = True
        latest_start = max(0, c.stop - 400)
    else:
        # new customers start early enough to show their rhythm (a few gaps) in the window
        room = {"steady": max(300, 4 * c.gap), "growing": max(450, 5 * c.gap)}
        latest_start = int(last - room[t]) if t in room else 500
    c.start = 0 if c.pre_existing else weekday_on_or_after(int(rng.integers(0, latest_start + 1)))


def make_customers(rng: np.random.Generator) -> list[Customer]:
    """All customers: buyers (with a trajectory and rhythm) and prospects."""
    n_total = N_BUYERS + N_PROSPECTS_SHEET + N_PROSPECTS_INQ_ONLY
    weights = np.array([c.weight for c in COUNTRIES])
    country_idx = rng.choice(len(COUNTRIES), n_total, p=weights / weights.sum())
    scales = np.exp(rng.normal(0.0, 1.35, n_total))
    buyer_traj = choose_trajectories(rng, scales[:N_BUYERS])
    hv_cut = np.quantile(scales[:N_BUYERS], 0.85)
    popularity = np.array([p[5] for p in PRODUCT_LINES])
    size_z = np.log(scales) + rng.normal(0, 0.6, n_total)
    type_names = list(CUSTOMER_TYPES)
    type_p = np.array([v[1] for v in CUSTOMER_TYPES.values()])
    used: set[str] = set()
    customers = []
    for i in range(n_total):
        country = COUNTRIES[int(country_idx[i])]
        traj = buyer_traj[i] if i < N_BUYERS else "prospect"
        c = Customer(idx=i, country=country, scale=float(scales[i]), trajectory=traj)
        c.in_sheet = i < N_BUYERS + N_PROSPECTS_SHEET
        # size and type (true), and which labels the CRM actually has
        if size_z[i] < -1.0 and rng.random() < 0.25:
            c.true_size = "Individual"
        else:
            c.true_size = "Large" if size_z[i] > 1.0 else "Medium" if size_z[i] > -0.3 else "Small"
        c.true_type = type_names[int(rng.choice(len(type_names), p=type_p))]
        if c.true_size == "Individual" and c.true_type == "Manufacturer":
            c.true_type = "Trader"
        c.size_label = bool(rng.random() < 0.70)
        c.type_label = bool(rng.random() < 0.75)
        if rng.random() < 0.60:
            lo, hi = {"Large": (500, 20000), "Medium": (50, 499), "Small": (2, 49),
                      "Individual": (1, 1)}[c.true_size]  # fmt: skip
            emp = int(np.exp(rng.uniform(np.log(lo), np.log(hi + 1))))
            c.employees = round(emp, -1) if emp > 100 and rng.random() < 0.6 else emp
        if rng.random() < 0.92:
            c.industry = pick(rng, split(INDUSTRY_BY_TYPE[c.true_type]))
        kinds = list(SOURCES)
        kind_p = np.array([SOURCES[k][1] for k in kinds])
        c.source_kind = kinds[int(rng.choice(len(kinds), p=kind_p / kind_p.sum()))]
        if rng.random() < 0.9:
            c.source = pick(rng, SOURCES[c.source_kind][0])
        # commercial terms
        c.currency = "USD"
        r = rng.random()
        for code, p in country.currencies or (("CNY", 0.04),):
            if r < p:
                c.currency = code
                break
            r -= p
        concentration = 6.0 if c.true_type == "Trader" else 2.0
        c.pref = rng.dirichlet(popularity * concentration)
        c.price_factor = float(rng.uniform(0.9, 1.1)) * (0.95 if c.scale > 3 else 1.0)
        c.name = company_name(rng, c, used)
        if traj != "prospect":
            set_rhythm(rng, c, traj == "lapsed" and c.scale >= hv_cut)
        customers.append(c)
    return customers


# --------------------------------------------------------------------------- orders


def trend(traj: str, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(order-rate multiplier, order-size multiplier) at relative time u in [0, 1]."""
    ones = np.ones_like(u)
    if traj == "growing":
        return 0.45 * (1.9 / 0.45) ** u, 0.65 * (1.5 / 0.65) ** u
    if traj == "declining":
        return 1.7 * (0.4 / 1.7) ** u, 1.3 * (0.65 / 1.3) ** u
    if traj == "lapsed":
        return 1.1 - 0.3 * u, ones
    return ones, ones


def order_days(rng: np.random.Generator, c: Customer, season: np.ndarray) -> np.ndarray:
    """Order days of one buyer: a gamma renewal process in trend- and season-warped time."""
    if c.trajectory == "one_off":
        return np.array([c.start])
    a, b = c.start, c.stop
    u = np.linspace(0.0, 1.0, b - a + 1)
    cum = np.cumsum(season[a : b + 1] * trend(c.trajectory, u)[0] / c.gap)
    steps = rng.gamma(c.shape, 1.0 / c.shape, int(cum[-1] * 2) + 10)
    if c.pre_existing:  # the rhythm started before our window
        pos = rng.uniform(0, 1) + np.concatenate([[0.0], np.cumsum(steps[:-1])])
    else:  # the first order opens the relationship, on day a
        pos = np.concatenate([[0.0], np.cumsum(steps)])
    idx = np.searchsorted(cum, pos)
    days = np.unique(a + idx[idx < len(cum)])
    if c.trajectory == "lapsed":
        days = np.union1d(days, [b])  # the last order before going quiet
        while len(days) < 4:
            days = np.union1d(days, [weekday_on_or_after(int(rng.integers(a, b)))])
    elif days.size == 0 or days[-1] < N_DAYS - 1 - 200:
        recent = N_DAYS - 1 - int(rng.integers(5, min(150, int(c.gap) + 30)))
        days = np.union1d(days, [weekday_on_or_after(recent)])
    return days.astype(int)


def make_lines(
    rng: np.random.Generator,
    c: Customer,
    day: int,
    catalogue: list[list[tuple[str, float]]],
) -> list[tuple[int, str, int, float, float, float]]:
    """Lines of one order: (product line, code, quantity, unit price, amount, profit)."""
    span = max(1, c.stop - c.start)
    u = np.array([(day - c.start) / span])
    value = BASE_ORDER_USD * c.scale * float(trend(c.trajectory, u)[1][0]) * rng.lognormal(0, 0.45)
    value = float(np.clip(value, 150, 120_000))
    n_lines = 1 if rng.random() < 0.75 else int(rng.choice([2, 3, 4], p=[0.5, 0.3, 0.2]))
    shares = rng.dirichlet(np.full(n_lines, 2.0))
    rate = FX_USD[c.currency]
    inflation = 1 + 0.03 * day / 365
    chosen: set[str] = set()
    lines = []
    for share in shares:
        for _attempt in range(20):
            pl = int(rng.choice(len(PRODUCT_LINES), p=c.pref))
            zipf = 1.0 / np.arange(1, N_PRODUCTS_PER_LINE + 1)
            code, list_usd = catalogue[pl][
                int(rng.choice(N_PRODUCTS_PER_LINE, p=zipf / zipf.sum()))
            ]
            if code not in chosen:
                break
        if code in chosen:
            continue
        chosen.add(code)
        unit_usd = list_usd * c.price_factor * inflation * rng.normal(1, 0.015)
        unit = round(unit_usd / rate, 0 if c.currency == "JPY" else 2)
        qty = max(1, round(value * share / unit_usd))
        if qty >= 2000:
            qty = round(qty, -2)
        elif qty >= 200:
            qty = round(qty, -1)
        amount = round(qty * unit, 2)
        margin = float(np.clip(PRODUCT_LINES[pl][4] + rng.normal(0, 0.04), 0.05, 0.6))
        lines.append((pl, code, qty, float(unit), amount, round(amount * margin, 2)))
    return lines


def make_orders(
    rng: np.random.Generator,
    customers: list[Customer],
    catalogue: list[list[tuple[str, float]]],
    season: np.ndarray,
) -> list[Line]:
    """All order lines (with cancellations and returns), sorted as the export lists them."""
    buyers = [c for c in customers if c.trajectory != "prospect"]
    for c in buyers:
        c.days = order_days(rng, c, season)
    last = N_DAYS - 1
    if not any(c.days[-1] == last for c in buyers):  # someone orders on the very last day
        regular = [c for c in buyers if c.trajectory == "steady" and c.gap < 40]
        anchor = min(regular, key=lambda c: c.gap)
        anchor.days = np.union1d(anchor.days, [last])
    orders = [(int(d), rng.random(), c) for c in buyers for d in c.days]
    orders.sort(key=lambda o: (o[0], o[1]))
    lines: list[Line] = []
    month_seq: dict[str, int] = {}
    for day, _tie, c in orders:
        d = day_to_date(day)
        ym = d.strftime("%y%m")
        month_seq[ym] = month_seq.get(ym, 0) + 1
        order_id = f"SO-{ym}-{month_seq[ym]:04d}"
        if day >= last - 45:
            status = "shipped" if rng.random() < 0.6 or day == last else "completed"
        else:
            status = "shipped" if rng.random() < 0.02 else "completed"
        edge = day in (int(c.days[0]), int(c.days[-1]))  # keep first and last orders real
        if c.trajectory != "one_off" and not edge and rng.random() < 0.02:
            status = "cancelled"
        for n, (pl, code, qty, unit, amount, profit) in enumerate(
            make_lines(rng, c, day, catalogue)
        ):
            lines.append(Line(order_id, c.idx, day, n + 1, pl, code, qty, unit, amount,
                              c.currency, 0.0 if status == "cancelled" else profit, status))  # fmt: skip
    lines += make_returns(rng, lines, customers)
    lines.sort(key=lambda ln: (ln.day, ln.order_id.startswith("R-"), ln.order_id, ln.line_no))
    for key, ln in enumerate(lines):
        ln.key = key
    return lines


def make_returns(
    rng: np.random.Generator, lines: list[Line], customers: list[Customer]
) -> list[Line]:
    """~1.5% of orders get a return: a new R- order with negative quantity and amount."""
    by_order: dict[str, list[Line]] = {}
    for ln in lines:
        by_order.setdefault(ln.order_id, []).append(ln)
    eligible = [
        oid
        for oid, lns in by_order.items()
        if lns[0].status != "cancelled"
        and customers[lns[0].cust].trajectory != "one_off"
        and lns[0].day <= N_DAYS - 1 - 10
    ]
    n_returns = round(0.015 * len(by_order))
    returns = []
    for oid in sorted(rng.choice(eligible, n_returns, replace=False).tolist()):
        orig = pick(rng, by_order[oid])
        ret_qty = (
            orig.qty if rng.random() < 0.3 else max(1, round(orig.qty * rng.uniform(0.05, 0.6)))
        )
        day = min(orig.day + int(rng.integers(10, 75)), N_DAYS - 1)
        amount = round(ret_qty * orig.unit_price, 2)
        profit = round(orig.profit * ret_qty / orig.qty, 2)
        returns.append(Line(f"R-{oid}", orig.cust, day, 1, orig.pl, orig.code, -ret_qty,
                            orig.unit_price, -amount, orig.currency, -profit, "returned"))  # fmt: skip
    return returns


# --------------------------------------------------------------------------- inquiries


def make_inquiries(
    rng: np.random.Generator, customers: list[Customer], season: np.ndarray
) -> list[tuple[int, int, str, int | None]]:
    """Inquiries as (customer index, day, source kind, product line or None), sorted by day."""
    last = N_DAYS - 1
    kinds = list(SOURCES)
    kind_p = np.array([SOURCES[k][2] for k in kinds])
    kind_p /= kind_p.sum()
    out: list[tuple[int, int, str, int | None]] = []

    def add(c: Customer, day: int, first: bool) -> None:
        kind = (
            c.source_kind
            if first and rng.random() < 0.7
            else kinds[int(rng.choice(len(kinds), p=kind_p))]
        )
        pl = None if rng.random() < 0.05 else int(rng.choice(len(PRODUCT_LINES), p=c.pref))
        out.append((c.idx, int(np.clip(day, 0, last)), kind, pl))

    for c in customers:
        if c.trajectory == "prospect":
            first = int(rng.integers(0, last - 5))
            c.created = first
            add(c, first, True)
            for _ in range(int(rng.poisson(1.3))):
                add(c, first + int(rng.integers(1, 365)), False)
            continue
        first_order = int(c.days[0])
        c.created = -float(rng.integers(30, 2500)) if c.pre_existing else float(first_order)
        if not c.pre_existing and rng.random() < 0.65:  # the inquiry that led to the first order
            for _ in range(1 if rng.random() < 0.7 else 2):
                day = first_order - int(rng.integers(3, 60))
                c.created = min(c.created, max(day, 0))
                add(c, day, True)
        lo, hi = c.start, min(last, int(c.days[-1]) + 90)
        p = season[lo : hi + 1] / season[lo : hi + 1].sum()
        for day in lo + rng.choice(
            hi - lo + 1, int(rng.poisson(0.18 / c.gap * (hi - lo + 1))), p=p
        ):
            add(c, int(day), False)
    out.sort(key=lambda q: (q[1], q[0]))
    return out


# --------------------------------------------------------------------------- planting


def plant(
    rng: np.random.Generator, lines: list[Line], customers: list[Customer]
) -> tuple[list[Line], list[dict[str, Any]]]:
    """Insert duplicates and dirty / odd cells; return final rows and what was planted."""
    last = N_DAYS - 1
    order_size: dict[str, int] = {}
    for ln in lines:
        order_size[ln.order_id] = order_size.get(ln.order_id, 0) + 1
    first_last = {(c.idx, int(c.days[0])) for c in customers if c.days.size} | {
        (c.idx, int(c.days[-1])) for c in customers if c.days.size
    }
    plain = [
        ln.key
        for ln in lines
        if ln.status in ("completed", "shipped")
        and not ln.order_id.startswith("R-")
        and order_size[ln.order_id] == 1
        and customers[ln.cust].days.size >= 6
        and (ln.cust, ln.day) not in first_last
        and ln.day != last
    ]
    pool = rng.permutation(plain).tolist()

    def take(n: int, cond: Any = None) -> list[int]:
        chosen = [k for k in pool if cond is None or cond(lines[k])][:n]
        for k in chosen:
            pool.remove(k)
        return chosen

    planted: list[dict[str, Any]] = []

    def note(key: int, kind: str, column: str, value: str | None, reason: str, orig: Any) -> None:
        planted.append({"key": key, "kind": kind, "column": column, "value": value,
                        "reason": reason, "original_value": orig})  # fmt: skip

    # errors a loader must reject and report
    feb25 = take(1, lambda ln: day_to_date(ln.day).strftime("%Y-%m") == "2025-02")
    later = take(1, lambda ln: ln.day > last - 120)
    for key, text in zip([*feb25, *later, *take(1)], ["2025-02-30", "下周", "TBD"], strict=True):
        note(key, "bad_date", "order_date", text, "unparseable date", day_to_date(lines[key].day))
    for key in take(3):
        note(key, "blank_customer_id", "customer_id", None, "missing customer id",
             customers[lines[key].cust].cid)  # fmt: skip
    for key, code in zip(take(2, lambda ln: ln.currency == "USD"), ["XYZ", "USDD"], strict=True):
        note(
            key, "unknown_currency", "currency", code, "unknown currency code", lines[key].currency
        )
    # an amount not known yet ("TBD"): tiercli uses quantity × unit price, and says so
    for key, text in zip(take(3), ["待定", "TBD", "n/a"], strict=True):
        note(key, "placeholder_amount", "amount", text, "amount from quantity × unit price",
             lines[key].amount)  # fmt: skip
    # realistic format variety a loader must accept
    for n, key in enumerate(take(30, lambda ln: ln.amount >= 1000)):
        amt = lines[key].amount
        text = f"{amt:,.2f}" if n % 2 == 0 else f"{lines[key].currency} {amt:,.2f}"
        note(key, "text_amount", "amount", text, "amount stored as text (parseable)", amt)
    for key in take(20):
        d = day_to_date(lines[key].day)
        note(key, "text_date", "order_date", f"{d.year}/{d.month}/{d.day}",
             "date stored as text (parseable)", d)  # fmt: skip
    for key in take(1):
        cid = customers[lines[key].cust].cid
        note(key, "id_whitespace", "customer_id", cid + " ", "customer id with trailing space", cid)
    for item in planted:
        lines[item["key"]].over[item["column"]] = item["value"]

    # exact duplicates: copies of clean lines, placed at least 200 rows away from the original
    rows = list(lines)
    for n, key in enumerate(take(N_DUPLICATES)):
        src = next(i for i, ln in enumerate(rows) if ln.key == key)
        pos = src
        while abs(pos - src) <= 200:
            pos = int(rng.integers(0, len(rows) + 1))
        copy = replace(lines[key], key=len(lines) + n, dup_of=key)
        rows.insert(pos, copy)
        planted.append({"key": copy.key, "kind": "duplicate", "column": "",
                        "value": copy.order_id, "reason": "", "original_value": None})  # fmt: skip
    # row numbers as Excel shows them (header is row 1)
    row_of = {ln.key: i + 2 for i, ln in enumerate(rows)}
    for item in planted:
        item["row"] = row_of[item["key"]]
        dup_of = rows[item["row"] - 2].dup_of
        if dup_of is not None:
            item["reason"] = f"exact duplicate of row {row_of[dup_of]}"
    return rows, planted


# --------------------------------------------------------------------------- output tables


def country_label(rng: np.random.Generator, country: Country) -> tuple[str, str]:
    """(zh, en) country as typed in a CRM row: mostly canonical, sometimes a variant."""
    zh = (
        pick(rng, country.zh_variants)
        if country.zh_variants and rng.random() < 0.12
        else country.zh
    )
    en = (
        pick(rng, country.en_variants)
        if country.en_variants and rng.random() < 0.15
        else country.en
    )
    return zh, en


Cell = str | int | float | date | None


def build_tables(
    rng: np.random.Generator,
    customers: list[Customer],
    rows: list[Line],
    inquiries: list[tuple[int, int, str, int | None]],
) -> dict[str, tuple[list[list[Cell]], list[list[Cell]]]]:
    """Per table: (zh rows, en rows), same order, cells as Python values."""
    cust_zh, cust_en = [], []
    for c in sorted((c for c in customers if c.in_sheet), key=lambda c: c.cid):
        zh_country, en_country = country_label(rng, c.country)
        ind = INDUSTRIES[c.industry] if c.industry else (None, None)
        size = (SIZES[c.true_size], c.true_size) if c.size_label else (None, None)
        ctype = (CUSTOMER_TYPES[c.true_type][0], c.true_type) if c.type_label else (None, None)
        src = c.source or (None, None)
        cust_zh.append([c.cid, c.name, zh_country, ind[0], size[0], c.employees, ctype[0], src[0]])
        cust_en.append([c.cid, c.name, en_country, ind[1], size[1], c.employees, ctype[1], src[1]])

    ord_zh, ord_en = [], []
    for ln in rows:
        cid = customers[ln.cust].cid
        base: list[Cell] = [ln.order_id, ln.over.get("customer_id", cid),
                            ln.over.get("order_date", day_to_date(ln.day)), None, ln.code, ln.qty,
                            ln.unit_price, ln.over.get("amount", ln.amount),
                            ln.over.get("currency", ln.currency), ln.profit, None]  # fmt: skip
        zh, en = list(base), list(base)
        zh[3], en[3] = PRODUCT_LINES[ln.pl][0], PRODUCT_LINES[ln.pl][1]
        zh[10], en[10] = STATUS[ln.status]
        ord_zh.append(zh)
        ord_en.append(en)

    inq_zh, inq_en = [], []
    for n, (ci, day, kind, pl) in enumerate(inquiries):
        c = customers[ci]
        src = pick(rng, SOURCES[kind][0])
        zh_country, en_country = country_label(rng, c.country)
        inq_id = f"INQ-{n + 1:05d}"
        plz, ple = (PRODUCT_LINES[pl][0], PRODUCT_LINES[pl][1]) if pl is not None else (None, None)
        inq_zh.append([inq_id, c.cid, day_to_date(day), src[0], plz, zh_country])
        inq_en.append([inq_id, c.cid, day_to_date(day), src[1], ple, en_country])
    return {
        "customers": (cust_zh, cust_en),
        "orders": (ord_zh, ord_en),
        "inquiries": (inq_zh, inq_en),
    }


HEADERS = {"customers": CUSTOMER_HEADERS, "orders": ORDER_HEADERS, "inquiries": INQUIRY_HEADERS}
MONEY_COLUMNS = {"unit_price", "amount", "profit"}


def write_xlsx(path: Path, tables: dict[str, tuple[list[list[Cell]], list[list[Cell]]]]) -> None:
    """The Chinese copy: one sheet per table, real date cells, numbers as numbers."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    wb.set_properties({"title": "外贸客户/订单/询盘导出", "author": "tiercli sample data",
                       "created": datetime(2026, 11, 1)})  # fmt: skip
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    money_fmt = wb.add_format({"num_format": "#,##0.00"})
    widths = {"name": 38, "customer_id": 11, "order_id": 15, "order_date": 11, "inquiry_date": 11}
    for table, sheet in SHEETS.items():
        ws = wb.add_worksheet(sheet)
        headers = HEADERS[table]
        for col, (en, zh) in enumerate(headers):
            ws.set_column(col, col, widths.get(en, 13))
            ws.write_string(0, col, zh, head)
        ws.freeze_panes(1, 0)
        for r, row in enumerate(tables[table][0], start=1):
            for col, value in enumerate(row):
                en = headers[col][0]
                if value is None:
                    continue
                if isinstance(value, date):
                    ws.write_datetime(
                        r, col, datetime(value.year, value.month, value.day), date_fmt
                    )
                elif isinstance(value, int | float):
                    ws.write_number(r, col, value, money_fmt if en in MONEY_COLUMNS else None)
                else:
                    ws.write_string(r, col, value)
    wb.close()


def csv_cell(value: Cell) -> str:
    """CSV text of a cell: ISO dates, 2-decimal money, blanks for None."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def write_csvs(out: Path, tables: dict[str, tuple[list[list[Cell]], list[list[Cell]]]]) -> None:
    """The English copy: customers.csv, orders.csv, inquiries.csv (UTF-8, comma)."""
    for table in SHEETS:
        with (out / f"{table}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow([en for en, _zh in HEADERS[table]])
            for row in tables[table][1]:
                writer.writerow([csv_cell(v) for v in row])


def write_planted(
    out: Path,
    customers: list[Customer],
    rows: list[Line],
    planted: list[dict[str, Any]],
) -> pd.DataFrame:
    """planted.csv (per customer truth) and planted_dirty.csv (per planted row, both files)."""
    zh_names = dict(ORDER_HEADERS)
    dirty_rows = []
    by_cust: dict[int, list[str]] = {}
    by_key = {ln.key: ln for ln in rows}
    for item in sorted(planted, key=lambda it: it["row"]):
        ln = by_key[item["key"]]
        orig = item["original_value"]
        base = {"table": "orders", "row": item["row"], "kind": item["kind"],
                "is_error": item["kind"] in ("bad_date", "blank_customer_id", "unknown_currency"),
                "value": "" if item["value"] is None else item["value"],
                "expected_reason": item["reason"], "order_id": ln.order_id,
                "customer_id": customers[ln.cust].cid,
                "original_value": "" if orig is None else csv_cell(orig)}  # fmt: skip
        col = item["column"]
        dirty_rows.append({"file": "trade_export.xlsx", "sheet": SHEETS["orders"],
                           "column": zh_names.get(col, ""), **base})  # fmt: skip
        dirty_rows.append({"file": "orders.csv", "sheet": "", "column": col, **base})
        by_cust.setdefault(ln.cust, []).append(f"orders:{item['row']}:{item['kind']}")
    order_cols = ["file", "sheet", "table", "row", "column", "value", "kind", "is_error",
                  "expected_reason", "order_id", "customer_id", "original_value"]  # fmt: skip
    pd.DataFrame(dirty_rows, columns=order_cols).to_csv(out / "planted_dirty.csv", index=False)

    revenue: dict[int, float] = {}
    n_orders: dict[int, set[str]] = {}
    for ln in rows:
        if ln.dup_of is not None or ln.status == "cancelled":
            continue
        revenue[ln.cust] = revenue.get(ln.cust, 0.0) + ln.amount * FX_USD[ln.currency]
        if not ln.order_id.startswith("R-"):
            n_orders.setdefault(ln.cust, set()).add(ln.order_id)
    active_days: dict[int, set[int]] = {}
    for ln in rows:
        if ln.status != "cancelled" and not ln.order_id.startswith("R-"):
            active_days.setdefault(ln.cust, set()).add(ln.day)
    gaps = {
        ci: float(np.median(np.diff(sorted(ds)))) for ci, ds in active_days.items() if len(ds) > 1
    }
    recs = []
    for c in sorted(customers, key=lambda c: c.cid):
        has = c.days.size > 0
        recs.append({
            "customer_id": c.cid, "trajectory": c.trajectory, "scale": round(c.scale, 4),
            "rhythm_days": round(c.gap, 1) if has and c.trajectory != "one_off" else "",
            "median_gap_days": gaps.get(c.idx, ""),
            "country": c.country.en, "continent": c.country.continent, "currency": c.currency,
            "customer_type": c.true_type, "company_size": c.true_size,
            "in_customers_sheet": c.in_sheet, "n_orders": len(n_orders.get(c.idx, ())),
            "first_order": day_to_date(int(c.days[0])).isoformat() if has else "",
            "last_order": day_to_date(int(c.days[-1])).isoformat() if has else "",
            "revenue_usd": round(revenue.get(c.idx, 0.0), 2),
            "dirty": ";".join(by_cust.get(c.idx, [])),
        })  # fmt: skip
    truth = pd.DataFrame(recs)
    truth.to_csv(out / "planted.csv", index=False)
    return truth


# --------------------------------------------------------------------------- checks, README


CANONICAL_COUNTRY = {
    label: c.en for c in COUNTRIES for label in (c.en, c.zh, *c.en_variants, *c.zh_variants)
}


def verify(out: Path, truth: pd.DataFrame) -> dict[str, Any]:
    """Reload both copies with pandas, check they agree and that the promised counts hold."""
    xl = pd.read_excel(out / "trade_export.xlsx", sheet_name=None, engine="calamine")
    assert list(xl) == list(SHEETS.values()), list(xl)
    csvs = {t: pd.read_csv(out / f"{t}.csv", dtype=str, keep_default_na=False) for t in SHEETS}
    for table, sheet in SHEETS.items():
        x, c = xl[sheet], csvs[table]
        assert list(x.columns) == [zh for _en, zh in HEADERS[table]], x.columns
        assert list(c.columns) == [en for en, _zh in HEADERS[table]], c.columns
        assert len(x) == len(c), (table, len(x), len(c))
        first = HEADERS[table][0]
        assert (x[first[1]].astype(str) == c[first[0]]).all(), table
    xo, co = xl["订单"], csvs["orders"]
    assert (xo["客户编号"].fillna("").astype(str) == co["customer_id"]).all()
    x_amt = pd.to_numeric(xo["金额"], errors="coerce").round(2)
    c_amt = pd.to_numeric(co["amount"], errors="coerce").round(2)
    assert ((x_amt == c_amt) | (x_amt.isna() & c_amt.isna())).all()
    x_dates = pd.to_datetime(
        xo["下单日期"].where(~xo["下单日期"].map(lambda v: isinstance(v, str))), errors="coerce"
    )
    c_dates = pd.to_datetime(co["order_date"], format="%Y-%m-%d", errors="coerce")
    assert ((x_dates == c_dates) | (x_dates.isna() & c_dates.isna())).all()

    orders, customers, inquiries = co, csvs["customers"], csvs["inquiries"]
    clean = orders.drop_duplicates()
    clean = clean[(clean["status"] != "Cancelled") & (clean["customer_id"].str.strip() != "")]
    amount = pd.to_numeric(
        clean["amount"].str.replace(r"^[A-Z]{3} ", "", regex=True).str.replace(",", ""),
        errors="coerce",
    )
    usd = amount * clean["currency"].map(FX_USD)
    per_cust = usd.groupby(clean["customer_id"].str.strip()).sum().sort_values(ascending=False)
    top = per_cust.head(round(0.2 * len(per_cust))).sum() / per_cust.sum()
    sales = clean[~clean["order_id"].str.startswith("R-")]
    buyer_ids = set(sales["customer_id"].str.strip())
    all_ids = set(customers["customer_id"]) | set(inquiries["customer_id"])
    dates = pd.to_datetime(orders["order_date"], format="%Y-%m-%d", errors="coerce")
    countries = {CANONICAL_COUNTRY[v] for v in customers["country"]} | {
        CANONICAL_COUNTRY[v] for v in inquiries["country"]
    }
    continents = {c.continent for c in COUNTRIES if c.en in countries}
    hv = truth[truth["trajectory"] != "prospect"]
    hv_cut = hv["revenue_usd"].quantile(0.8)
    lapsed_hv = int(((hv["trajectory"] == "lapsed") & (hv["revenue_usd"] >= hv_cut)).sum())
    summary = {
        "customers in sheet": len(customers),
        "customers with orders": len(buyer_ids),
        "prospects": len(all_ids - buyer_ids),
        "prospects only in inquiries": len(set(inquiries["customer_id"]) - set(customers["customer_id"])),
        "orders (distinct, excl. cancelled/returns)": sales["order_id"].nunique(),
        "order lines (rows)": len(orders),
        "cancelled orders": orders.loc[orders["status"] == "Cancelled", "order_id"].nunique(),
        "returns": int(orders["order_id"].str.startswith("R-").sum()),
        "exact duplicate rows": int(orders.duplicated().sum()),
        "inquiries": len(inquiries),
        "countries": len(countries),
        "continents": len(continents),
        "currencies": sorted(set(orders["currency"]) & set(FX_USD)),
        "product lines": sorted(set(orders["product_line"])),
        "date range": f"{dates.min().date()} .. {dates.max().date()}",
        "top-20% revenue share (USD-eq)": round(float(top), 3),
        "high-value lapsed (top 20% revenue)": lapsed_hv,
        "trajectories": truth["trajectory"].value_counts().to_dict(),
    }  # fmt: skip
    assert summary["customers with orders"] >= 850, summary
    assert summary["prospects"] >= 120, summary
    assert summary["orders (distinct, excl. cancelled/returns)"] >= 20_000, summary
    assert summary["inquiries"] >= 3000, summary
    assert summary["countries"] >= 40 and summary["continents"] == 6, summary
    assert dates.max().date() == END and dates.min().date() >= START, summary
    assert summary["exact duplicate rows"] == N_DUPLICATES, summary
    assert lapsed_hv >= 25, summary
    return summary


def write_readme(out: Path, summary: dict[str, Any], planted: list[dict[str, Any]]) -> None:
    """A short README generated from what was actually written."""

    def shown(value: str | None) -> str:
        return "(blank)" if value is None else f"`{value}`"

    def cols(headers: list[tuple[str, str]]) -> str:
        return "\n".join(f"| `{en}` | {zh} |" for en, zh in headers)

    listed = sorted(planted, key=lambda it: it["row"])
    errors = [it for it in listed if it["kind"] in ("bad_date", "blank_customer_id",
                                                     "unknown_currency")]  # fmt: skip
    error_lines = "\n".join(
        f"| {it['row']} | {it['column']} | {shown(it['value'])} | {it['reason']} |" for it in errors
    )
    variety = {k: sum(1 for it in listed if it["kind"] == k)
               for k in ("text_amount", "placeholder_amount", "text_date", "id_whitespace",
                         "duplicate")}  # fmt: skip
    trajectories = ", ".join(f"{k} {v}" for k, v in summary["trajectories"].items())
    buyers, prospects = summary["customers with orders"], summary["prospects"]
    inq_only, countries = summary["prospects only in inquiries"], summary["countries"]
    continents, orders = (
        summary["continents"],
        summary["orders (distinct, excl. cancelled/returns)"],
    )
    rows, currencies = summary["order lines (rows)"], ", ".join(summary["currencies"])
    cancelled, returns = summary["cancelled orders"], summary["returns"]
    inquiries, top = summary["inquiries"], summary["top-20% revenue share (USD-eq)"]
    hv_lapsed = summary["high-value lapsed (top 20% revenue)"]
    text = f"""# Sample data

A made-up Chinese pump and valve exporter's book, {START} .. {END}, written twice:

* `trade_export.xlsx` - sheets **客户**, **订单**, **询盘**; Chinese headers and labels
  (countries, product lines, industries, sizes, types, sources, statuses); dates are real
  Excel date cells, numbers are numbers.
* `customers.csv`, `orders.csv`, `inquiries.csv` - the same rows in the same order, English
  headers and labels, UTF-8, comma separated, ISO dates (`YYYY-MM-DD`).

Row *n* of a sheet is row *n* of the matching CSV (header = row 1).

Regenerate (deterministic, seed {SEED}, byte-identical xlsx):

    .venv/bin/python scripts/make_sample_data.py sample_data

## Contents

* {buyers} customers with orders and {prospects} prospects (inquiries, no orders;
  {inq_only} of them appear only in the inquiry sheet).
* {countries} countries on {continents} continents. Country names use a few variants
  (`USA`, `U.S.`, `UK`, `Deutschland`, `南韩`, `沙特` ...).
* {orders} orders (excluding cancelled ones and returns) in {rows} line rows; ~25% of orders
  have 2-4 lines. Busier Mar-May and Sep-Nov, dip around Chinese New Year. The latest
  order date is {END}.
* Currencies {currencies}, one invoicing currency per customer.
  amount = quantity x unit price; profit = amount x product-line margin with noise
  (0 for cancelled orders).
* Statuses 已完成/Completed, 已发货/Shipped, 已取消/Cancelled ({cancelled} orders) and
  退货/Returned ({returns} rows with order id `R-<original id>`, negative quantity, amount and
  profit, dated after the original order of the same customer).
* {inquiries} inquiries from {len(SOURCES)} kinds of source, spelled as CRMs do (展会/Trade show,
  广交会/Canton Fair, 阿里巴巴国际站/Alibaba.com, Google Ads, 客户推荐/Referral ...).
* Heavy-tailed value: the top 20% of customers hold {top:.0%} of revenue (USD-equivalent at
  rough fixed rates). {hv_lapsed} lapsed customers are in the top 20% by revenue.
  Trajectories: {trajectories}.
* Company size, employees, customer type, industry and source are partly blank, as in real
  CRMs; names and industries hint at the missing types.

## Columns

Customers (客户 / customers.csv)

| en | zh |
|---|---|
{cols(CUSTOMER_HEADERS)}

Orders, one row per order line (订单 / orders.csv)

| en | zh |
|---|---|
{cols(ORDER_HEADERS)}

Inquiries (询盘 / inquiries.csv)

| en | zh |
|---|---|
{cols(INQUIRY_HEADERS)}

## Planted rows (orders sheet; same row in the xlsx and the csv)

Errors a loader must reject and report:

| row | column | value | reason |
|---|---|---|---|
{error_lines}

Not errors, realistic variety a loader must accept: {variety["text_amount"]} amounts stored as
text (`1,234.50`, `USD 1,200.00`), {variety["text_date"]} dates stored as text
(`2024/3/5`), {variety["id_whitespace"]} customer id with a trailing space,
{variety["placeholder_amount"]} amounts not known yet (`待定`, `TBD`, `n/a`) on rows with a
quantity and a unit price (tiercli uses their product, which equals the true amount, and says
so), and {variety["duplicate"]} exact duplicate rows (full copies of an order line placed elsewhere in
the sheet).

Every planted row is listed, for both files, in `planted_dirty.csv` (file, sheet, row, column,
value, kind, is_error, expected reason, original value). `planted.csv` holds the per-customer
truth: trajectory (growing / steady / declining / lapsed / one_off / prospect), `scale` (latent
value multiplier), latent rhythm and actual median gap in days, currency, true type and
size, order count, first and last order, revenue in USD (before planted damage) and the
customer's planted rows (`dirty`).
"""
    (out / "README.md").write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- main


def main(argv: list[str]) -> int:
    """Generate everything into argv[1] (default sample_data) and print a summary."""
    out = Path(argv[1] if len(argv) > 1 else "sample_data")
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    season = season_curve()
    catalogue = make_catalogue(rng)
    customers = make_customers(rng)
    lines = make_orders(rng, customers, catalogue, season)
    inquiries = make_inquiries(rng, customers, season)
    for n, c in enumerate(sorted(customers, key=lambda c: (c.created, c.idx))):
        c.cid = f"C{n + 1:05d}"
    rows, planted = plant(rng, lines, customers)
    tables = build_tables(rng, customers, rows, inquiries)
    write_xlsx(out / "trade_export.xlsx", tables)
    write_csvs(out, tables)
    truth = write_planted(out, customers, rows, planted)
    summary = verify(out, truth)
    write_readme(out, summary, planted)
    for key, value in summary.items():
        print(f"{key:45s} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
