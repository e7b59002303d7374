"""Generate tiercli's sample data: one Chinese exporter's customers, orders and inquiries.

The same book is written twice into OUT_DIR (normally ``sample_data``):

* ``trade_export.xlsx`` - sheets 客户 / 订单 / 询盘 / 跟进记录, Chinese headers and labels, real
  date cells;
* ``customers.csv`` / ``orders.csv`` / ``inquiries.csv`` / ``activities.csv`` - English headers
  and labels, ISO dates;
* ``planted.csv`` - ground truth per customer (trajectory, latent scale, rhythm, owner, last
  contact, ...);
* ``planted_dirty.csv`` - every planted dirty, odd or duplicate row, with its row number as
  Excel shows it (header = row 1), once for the xlsx and once for the csv;
* ``planted_pairs.csv`` - the planted co-purchase pairs of product lines and their lift;
* ``identity_truth.csv`` - which rows are one buyer: spelling variants, look-alike companies
  that are not one buyer, inquiries with a name and an e-mail only;
* ``README.md`` - what is in the files and how to regenerate them.

Rows are in the same order in both copies, so row numbers match. The script is deterministic
(numpy ``default_rng(20261124)``) and the xlsx is byte-reproducible. Usage::

    .venv/bin/python scripts/make_sample_data.py sample_data
"""

from __future__ import annotations

import csv
import sys
import unicodedata
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

# Co-purchase pairs (indexes into PRODUCT_LINES): a buyer takes the antecedent line with
# P_ANTECEDENT; the consequent with P_WITH if it takes the antecedent, else with P_WITHOUT.
# Lines outside every pair (Pumps) stay open to everyone.
PAIRS = [(1, 3), (2, 4), (6, 5)]  # Valves → Pipe Fittings, Motors → Control Systems,
# Filters → Spare Parts (replacement elements)
P_ANTECEDENT, P_WITH, P_WITHOUT = 0.5, 0.85, 0.12
PAIR_FLOOR = 0.06

# Salespeople (zh, en) and their share of the book; a former one handed over her accounts.
OWNERS = [
    (("张伟", "David Zhang"), 0.33),
    (("李娜", "Nina Li"), 0.25),
    (("王芳", "Fiona Wang"), 0.19),
    (("陈杰", "Jack Chen"), 0.14),
    (("刘洋", "Sunny Liu"), 0.09),
]
FORMER_OWNER = ("赵磊", "Leo Zhao")
OWNER_NAMES = [name for name, _share in OWNERS] + [FORMER_OWNER]
HANDOVER = date(2025, 3, 31)  # the former owner's last day: his accounts moved on
N_BLANK_OWNER = 24  # customers whose 业务员 cell is blank in the customer sheet

# Follow-up records: type -> (zh, en, weight); outcomes per direction.
ACTIVITY_TYPES = {
    "email": ("邮件", "Email", 0.42), "call": ("电话", "Call", 0.22),
    "quote": ("报价", "Quote", 0.14), "meeting": ("会议", "Meeting", 0.08),
    "sample": ("寄样", "Sample", 0.06), "visit": ("拜访", "Visit", 0.05),
    "trade_show": ("展会", "Trade show", 0.03),
}  # fmt: skip
DIRECTIONS = {"outbound": ("主动", "Outbound"), "inbound": ("被动", "Inbound")}
OUTCOMES = {
    "replied": ("已回复", "Replied"), "no_reply": ("未回复", "No reply"),
    "meeting_booked": ("已约会议", "Meeting booked"),
    "quote_requested": ("索要报价", "Quote requested"), "order_placed": ("已下单", "Order placed"),
}  # fmt: skip
ACTIVITIES_START = date(2024, 1, 1)  # the CRM's follow-up log starts here
N_CONTACT_GAPS = 14  # high-value active customers nobody has contacted for over 60 days

# Identity: buyers written under other spellings and ids; look-alike companies that differ.
N_VARIANT_BUYERS = 32
N_CRM_DUPLICATES = 5  # of them: a second customer-sheet record under a new id
N_LOOK_ALIKES = 12  # pairs of different companies with one name in two countries
N_NO_ID_INQUIRIES = 12  # inquiries with a company name and an e-mail but no customer id
FREE_MAIL = ["gmail.com", "hotmail.com", "yahoo.com", "outlook.com"]
TLD = {
    "United States": "com", "Canada": "ca", "Mexico": "com.mx", "Brazil": "com.br",
    "Chile": "cl", "Argentina": "com.ar", "Colombia": "com.co", "Peru": "com.pe",
    "Germany": "de", "United Kingdom": "co.uk", "France": "fr", "Italy": "it", "Spain": "es",
    "Netherlands": "nl", "Belgium": "be", "Poland": "pl", "Russia": "ru", "Turkey": "com.tr",
    "Sweden": "se", "Norway": "no", "Denmark": "dk", "Finland": "fi", "Czechia": "cz",
    "Romania": "ro", "Greece": "gr", "Portugal": "pt", "Ireland": "ie",
    "United Arab Emirates": "ae", "Saudi Arabia": "com.sa", "Qatar": "qa", "Israel": "co.il",
    "India": "in", "Pakistan": "com.pk", "Bangladesh": "com.bd", "Vietnam": "vn",
    "Thailand": "co.th", "Indonesia": "co.id", "Malaysia": "com.my", "Philippines": "com.ph",
    "Singapore": "com.sg", "Japan": "co.jp", "South Korea": "co.kr", "Kazakhstan": "kz",
    "Australia": "com.au", "New Zealand": "co.nz", "South Africa": "co.za", "Nigeria": "com.ng",
    "Egypt": "com.eg", "Kenya": "co.ke", "Morocco": "ma", "Ghana": "com.gh", "Ethiopia": "et",
    "Tanzania": "co.tz",
}  # fmt: skip
# Legal forms as a Chinese clerk writes them (only where the form has a natural equivalent).
ZH_FORMS = {
    "Co., Ltd": "有限公司", "Co., Ltd.": "有限公司", "Ltd": "有限公司", "Ltd.": "有限公司",
    "Limited": "有限公司", "Pty Ltd": "有限公司", "Pty. Ltd.": "有限公司", "Pte. Ltd.": "有限公司",
    "Sdn. Bhd.": "有限公司", "Pvt. Ltd.": "有限公司", "Private Limited": "有限公司",
    "GmbH": "有限责任公司", "LLC": "有限责任公司", "AG": "股份有限公司", "PLC": "股份有限公司",
    "JSC": "股份有限公司", "Inc.": "公司", "Corp.": "公司", "Corporation": "公司",
}  # fmt: skip

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
    ("source", "客户来源"), ("email", "邮箱"), ("owner", "业务员"),
]  # fmt: skip
ORDER_HEADERS = [
    ("order_id", "订单号"), ("customer_id", "客户编号"), ("customer_name", "客户名称"),
    ("order_date", "下单日期"),
    ("product_line", "产品线"), ("product_code", "产品编号"), ("quantity", "数量"),
    ("unit_price", "单价"), ("amount", "金额"), ("currency", "币种"), ("profit", "毛利"),
    ("status", "订单状态"), ("owner", "业务员"),
]  # fmt: skip
INQUIRY_HEADERS = [
    ("inquiry_id", "询盘编号"), ("customer_id", "客户编号"), ("name", "客户名称"),
    ("email", "邮箱"), ("inquiry_date", "询盘日期"), ("source", "询盘来源"),
    ("product_line", "产品线"), ("country", "国家"), ("owner", "业务员"),
]  # fmt: skip
ACTIVITY_HEADERS = [
    ("activity_date", "跟进日期"), ("customer_id", "客户编号"), ("activity_type", "跟进方式"),
    ("direction", "方向"), ("outcome", "跟进结果"), ("owner", "业务员"),
]  # fmt: skip
SHEETS = {"customers": "客户", "orders": "订单", "inquiries": "询盘", "activities": "跟进记录"}

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
    core: str = ""  # the name without its legal form
    form: str = ""
    email: str = ""
    owner: int = -1  # index into OWNERS; -1: none
    former_owner: bool = False  # the former owner had it until HANDOVER
    owner_blank: bool = False  # the customer sheet's 业务员 cell is blank
    industry: str | None = None
    size_label: bool = True
    employees: int | None = None
    type_label: bool = True
    source: tuple[str, str] | None = None
    source_kind: str = "alibaba"
    pref: np.ndarray = field(default_factory=lambda: np.ones(len(PRODUCT_LINES)))
    # what it really buys, with the planted pairs (plant_pairs); lines and inquiries use it
    pair_pref: np.ndarray = field(default_factory=lambda: np.ones(len(PRODUCT_LINES)))
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
    value_usd: float = 0.0  # the value the line was meant to have (before rounding)
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
            core = name = f"{pick(rng, split(first))} {pick(rng, split(last))}"
            form = ""
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
            core, name = name, with_form(name, form)
        if name not in used:
            used.add(name)
            c.core, c.form = core, form
            return name
    raise RuntimeError("could not find a unique name")


def with_form(core: str, form: str) -> str:
    """A company name with its legal form (``PT `` and ``OOO `` go in front)."""
    return f"{form}{core}" if form.endswith(" ") else f"{core} {form}"


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


def plant_pairs(rng: np.random.Generator, customers: list[Customer]) -> None:
    """Gate the paired product lines in each customer's preference (see PAIRS).

    A customer takes each pair's antecedent with P_ANTECEDENT and its consequent with P_WITH
    or P_WITHOUT; a line it does not take gets preference 0, a paired line it takes twice its
    weight (about half the customers take it, so its share of all lines stays) and at least
    PAIR_FLOOR (the consequent of a buyer of both at least 0.6 × the antecedent's), so buyers
    of the antecedent buy the consequent far more often than the others do.
    """
    n = len(customers)
    pref = np.array([c.pref for c in customers])
    takes = np.ones_like(pref, dtype=bool)
    paired = np.zeros(len(PRODUCT_LINES), dtype=bool)
    for a, b in PAIRS:
        takes[:, a] = rng.random(n) < P_ANTECEDENT
        takes[:, b] = rng.random(n) < np.where(takes[:, a], P_WITH, P_WITHOUT)
        both = takes[:, a] & takes[:, b]
        pref[:, b] = np.where(both, np.maximum(pref[:, b], 0.6 * pref[:, a]), pref[:, b])
        paired[[a, b]] = True
    # about half the customers take each paired line: twice the weight keeps its overall share
    pref = np.where(takes & paired, np.maximum(2 * pref, PAIR_FLOOR), pref)
    pref = np.where(takes, pref, 0.0)
    pref /= pref.sum(axis=1, keepdims=True)
    for c, row in zip(customers, pref, strict=True):
        c.pair_pref = row


def slug(text: str) -> str:
    """ASCII letters and digits of *text*, lower case (``Müller Pumpen`` → ``mullerpumpen``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


def plant_look_alikes(rng: np.random.Generator, customers: list[Customer]) -> list[tuple[int, int]]:
    """N_LOOK_ALIKES pairs of different companies given one name in two countries.

    The second of each pair keeps its own country, legal form, e-mail domain and orders; only
    the name's core is copied. Returns (first, second) customer indexes.
    """
    used = {c.name for c in customers}
    candidates = [c for c in customers if c.in_sheet and c.form and c.true_size != "Individual"]
    order = rng.permutation(len(candidates)).tolist()
    pairs: list[tuple[int, int]] = []
    taken: set[int] = set()
    for i in order:
        first = candidates[i]
        if first.idx in taken:
            continue
        for j in order:
            second = candidates[j]
            name = with_form(first.core, second.form)
            if (
                second.idx not in taken | {first.idx}
                and TLD[second.country.en] != TLD[first.country.en]
                and second.country.lang == first.country.lang
                and name not in used
            ):
                second.core, second.name = first.core, name
                used.add(name)
                taken |= {first.idx, second.idx}
                pairs.append((first.idx, second.idx))
                break
        if len(pairs) == N_LOOK_ALIKES:
            break
    return pairs


def assign_accounts(rng: np.random.Generator, customers: list[Customer]) -> None:
    """Owner (uneven books, a handover, a few blank cells) and contact e-mail per customer."""
    n = len(customers)
    weights = np.array([w for _name, w in OWNERS])
    owners = rng.choice(len(OWNERS), n, p=weights / weights.sum())
    handover = (HANDOVER - START).days
    former = rng.random(n) < 0.12
    in_sheet = [c.idx for c in customers if c.in_sheet]
    blank = set(rng.choice(in_sheet, N_BLANK_OWNER, replace=False).tolist())
    free = rng.random(n) < 0.15
    domains: set[str] = set()
    for c in customers:
        c.owner = int(owners[c.idx])
        c.former_owner = bool(former[c.idx]) and c.created < handover
        c.owner_blank = c.idx in blank
        first, _last = PEOPLE_BY_COUNTRY.get(c.country.en) or PEOPLE.get(
            c.country.lang, PEOPLE["en"]
        )
        local = pick(rng, [*split(first), "sales", "info", "purchasing"])
        if c.true_size == "Individual" or free[c.idx]:
            user = slug(c.name) if c.true_size == "Individual" else slug(c.core)[:12]
            c.email = f"{user}{c.idx % 97}@{FREE_MAIL[c.idx % len(FREE_MAIL)]}"
        else:  # the core's first two words, three where another company has those
            words = c.core.split()
            domain = f"{slug(''.join(words[:2]))}.{TLD[c.country.en]}"
            if domain in domains:
                domain = f"{slug(''.join(words[:3]))}.{TLD[c.country.en]}"
            domains.add(domain)
            c.email = f"{slug(local)}@{domain}"


def owner_of(c: Customer, days: np.ndarray) -> np.ndarray:
    """Index into OWNER_NAMES of the customer's owner on each day (the former one until
    HANDOVER)."""
    early = c.former_owner & (days <= (HANDOVER - START).days)
    return np.where(early, len(OWNERS), c.owner)


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
) -> list[tuple[int, str, int, float, float, float, float]]:
    """Lines of one order: (product line, code, quantity, unit price, amount, profit, the
    line's intended value in USD)."""
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
        lines.append((pl, code, qty, float(unit), amount, round(amount * margin, 2), value * share))
    return lines


def repick_product_lines(
    rng: np.random.Generator,
    lines: list[Line],
    customers: list[Customer],
    catalogue: list[list[tuple[str, float]]],
) -> None:
    """Draw every line's product line again from its customer's ``pair_pref``, and a product
    of that line; keep the line's value (quantity from the new unit price), redo its profit."""
    n = len(lines)
    cust = np.array([ln.cust for ln in lines])
    cum = np.cumsum(np.array([c.pair_pref for c in customers])[cust], axis=1)
    pl = np.minimum((rng.random(n)[:, None] > cum).sum(axis=1), len(PRODUCT_LINES) - 1)
    zipf = 1.0 / np.arange(1, N_PRODUCTS_PER_LINE + 1)
    item = rng.choice(N_PRODUCTS_PER_LINE, n, p=zipf / zipf.sum())
    codes = np.array([[code for code, _usd in products] for products in catalogue])[pl, item]
    list_usd = np.array([[usd for _code, usd in products] for products in catalogue])[pl, item]
    rate = np.array([FX_USD[ln.currency] for ln in lines])
    day = np.array([ln.day for ln in lines])
    factor = np.array([customers[ln.cust].price_factor for ln in lines])
    unit_usd = list_usd * factor * (1 + 0.03 * day / 365) * rng.normal(1, 0.015, n)
    jpy = np.array([ln.currency == "JPY" for ln in lines])
    unit = np.where(jpy, np.round(unit_usd / rate), np.round(unit_usd / rate, 2))
    qty = np.maximum(1, np.round(np.array([ln.value_usd for ln in lines]) / unit_usd))
    qty = np.where(qty >= 2000, np.round(qty, -2), np.where(qty >= 200, np.round(qty, -1), qty))
    amount = np.round(qty * unit, 2)
    margins = np.array([line[4] for line in PRODUCT_LINES])[pl]
    profit = np.round(amount * np.clip(margins + rng.normal(0, 0.04, n), 0.05, 0.6), 2)
    for k, ln in enumerate(lines):
        ln.pl, ln.code, ln.qty = int(pl[k]), str(codes[k]), int(qty[k])
        ln.unit_price, ln.amount = float(unit[k]), float(amount[k])
        ln.profit = 0.0 if ln.status == "cancelled" else float(profit[k])


def make_orders(
    rng: np.random.Generator,
    customers: list[Customer],
    catalogue: list[list[tuple[str, float]]],
    season: np.ndarray,
    pair_rng: np.random.Generator,
) -> list[Line]:
    """All order lines (with cancellations and returns), sorted as the export lists them.

    Each line is drawn as before the planted pairs, then its product line is drawn again from
    *pair_rng* (:func:`repick_product_lines`), so the pairs do not move the draws of the order
    days, statuses, returns and inquiries (nor the customer ids, which follow them).
    """
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
        for n, (pl, code, qty, unit, amount, profit, value) in enumerate(
            make_lines(rng, c, day, catalogue)
        ):
            lines.append(Line(order_id, c.idx, day, n + 1, pl, code, qty, unit, amount,
                              c.currency, 0.0 if status == "cancelled" else profit, status,
                              value_usd=value))  # fmt: skip
    repick_product_lines(pair_rng, lines, customers, catalogue)
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
        pl = None if rng.random() < 0.05 else int(rng.choice(len(PRODUCT_LINES), p=c.pair_pref))
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


# --------------------------------------------------------------------------- identity


@dataclass
class Identity:
    """Where a buyer is written under another id or name, and what that means."""

    orders: dict[str, tuple[str, str]] = field(default_factory=dict)  # order id → (id, name)
    inquiries: dict[int, tuple[str | None, str, str]] = field(default_factory=dict)
    # ^ inquiry number → (id or None, name, e-mail)
    records: list[tuple[str, int, str]] = field(default_factory=list)
    # ^ second customer-sheet records: (new id, customer index, name)
    buyers: list[int] = field(default_factory=list)  # customer indexes with variants
    look_alikes: list[tuple[int, int]] = field(default_factory=list)
    key_of: dict[str, str] = field(default_factory=dict)  # stripped variant id → true id


def fullwidth(text: str) -> str:
    """Text typed with a Chinese input method's full-width mode on (ＡＣＭＥ，Ｌｔｄ．)."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def name_variants(c: Customer) -> list[str]:
    """How other systems spell the customer's name: upper case without punctuation, the name
    without its legal form, full width, and the legal form in Chinese where there is one."""
    shouted = "".join(ch for ch in c.name.upper() if ch not in ".,")
    out = [" ".join(shouted.split()), c.core, fullwidth(c.name)]
    if c.form in ZH_FORMS:
        out.append(f"{c.core}{ZH_FORMS[c.form]}")
    return out


def id_variants(cid: str) -> dict[str, tuple[str, str]]:
    """Id styles: (as the orders write it, as the inquiries write it)."""
    number = cid[1:]
    short = f"C{int(number)}"
    return {
        "case": (f"{cid.lower()} ", f"{cid.lower()} "),
        "dash": (f"C-{number}", f"C-{number}"),
        "short": (short, short),
        "numeric": (number, str(int(number))),  # 00042 in the ERP, 42 in the CRM
    }


def plant_variants(
    rng: np.random.Generator,
    customers: list[Customer],
    rows: list[Line],
    inquiries: list[tuple[int, int, str, int | None]],
    look_alikes: list[tuple[int, int]],
) -> Identity:
    """N_VARIANT_BUYERS buyers get some orders and inquiries under another id and spelling.

    Each such buyer has one id style (``c00042 ``, ``C-00042``, ``C42`` or ``00042``/``42``);
    a share of its orders (10-30%) and of its inquiries (40%) carry that id and a name variant;
    N_NO_ID_INQUIRIES of those inquiries carry only the name and an e-mail; N_CRM_DUPLICATES
    buyers have a second customer-sheet record under a new id instead of an id style. Rows
    with a planted customer-id defect are left alone.
    """
    ident = Identity(look_alikes=look_alikes)
    alike = {i for pair in look_alikes for i in pair}
    damaged = {ln.order_id for ln in rows if "customer_id" in ln.over}
    eligible = [
        c.idx
        for c in customers
        if c.in_sheet and c.days.size >= 8 and c.idx not in alike and c.trajectory != "one_off"
    ]
    ident.buyers = sorted(rng.choice(eligible, N_VARIANT_BUYERS, replace=False).tolist())
    order_ids: dict[int, list[str]] = {}
    for ln in rows:
        if ln.dup_of is None and ln.order_id not in damaged:
            order_ids.setdefault(ln.cust, []).append(ln.order_id)
    inq_of: dict[int, list[int]] = {}
    for n, (ci, _day, _kind, _pl) in enumerate(inquiries):
        inq_of.setdefault(ci, []).append(n)
    styles = list(id_variants("C00001"))
    records = set(rng.choice(ident.buyers, N_CRM_DUPLICATES, replace=False).tolist())
    next_id = len(customers) + 1
    no_id: list[int] = []
    for ci in ident.buyers:
        c = customers[ci]
        names = name_variants(c)
        if ci in records:
            new = f"C{next_id:05d}"
            next_id += 1
            ident.records.append((new, ci, pick(rng, names)))
            in_orders = in_inquiries = new
        else:
            in_orders, in_inquiries = id_variants(c.cid)[pick(rng, styles)]
        for raw in {in_orders, in_inquiries}:
            ident.key_of[raw.strip()] = c.cid
        order_name = pick(rng, names)  # one system, one spelling
        oids = sorted(set(order_ids.get(ci, [])))
        share = rng.uniform(0.1, 0.3)
        for oid in (o for o, u in zip(oids, rng.random(len(oids)), strict=True) if u < share):
            ident.orders[oid] = (in_orders, order_name)
        for n in inq_of.get(ci, []):
            if rng.random() < 0.4:
                ident.inquiries[n] = (in_inquiries, pick(rng, names), c.email)
                no_id.append(n)
    for n in rng.choice(no_id, N_NO_ID_INQUIRIES, replace=False).tolist():
        _id, name, email = ident.inquiries[n]
        ident.inquiries[n] = (None, name, email)
    return ident


# --------------------------------------------------------------------------- follow-up records


def make_activities(
    rng: np.random.Generator,
    customers: list[Customer],
    inquiries: list[tuple[int, int, str, int | None]],
) -> tuple[list[tuple[int, int, str, str, str, int]], dict[int, int]]:
    """Follow-up records since ACTIVITIES_START, and the planted contact gaps.

    Per buyer: a contact in the days before a quarter of its orders (a quote, a call, an e-mail;
    often "order placed"), and background contacts at a rate that grows with its value while it
    buys, then unanswered attempts to wake it up once it stops. Per prospect: e-mails answering
    its inquiries. Every valuable steady or growing customer is contacted in the last 45 days,
    except N_CONTACT_GAPS of them, whose last contact is 75-200 days before END.
    Returns rows (customer index, day, type, direction, outcome, owner index) sorted by day, and
    {customer index: day of its planted last contact}.
    """
    last, begin = N_DAYS - 1, (ACTIVITIES_START - START).days
    types = list(ACTIVITY_TYPES)
    type_p = np.array([v[2] for v in ACTIVITY_TYPES.values()])
    buyers = [c for c in customers if c.trajectory != "prospect"]
    cut = np.quantile([c.scale for c in buyers], 0.7)
    valued = [c for c in buyers if c.trajectory in ("steady", "growing") and c.scale >= cut]
    gaps = {
        int(i): last - int(rng.integers(75, 200))
        for i in rng.choice([c.idx for c in valued], N_CONTACT_GAPS, replace=False)
    }
    out: list[tuple[int, int, str, str, str, int]] = []

    def add(c: Customer, days: np.ndarray, kinds: np.ndarray, ways: np.ndarray,
            results: np.ndarray) -> None:  # fmt: skip
        keep = (days >= begin) & (days <= min(last, gaps.get(c.idx, last)))
        owner = owner_of(c, days)
        out.extend(zip(np.full(keep.sum(), c.idx).tolist(), days[keep].tolist(),
                       kinds[keep].tolist(), ways[keep].tolist(), results[keep].tolist(),
                       owner[keep].tolist(), strict=True))  # fmt: skip

    def background(c: Customer, lo: int, hi: int, per_month: float, answered: float) -> None:
        if hi <= lo:
            return
        days = np.sort(rng.integers(lo, hi + 1, int(rng.poisson(per_month * (hi - lo) / 30))))
        kinds = np.array(types)[rng.choice(len(types), len(days), p=type_p)]
        ways = np.where(rng.random(len(days)) < 0.7, "outbound", "inbound")
        u = rng.random(len(days))
        results = np.select(
            [u < answered * 0.7, u < answered * 0.85, u < answered],
            ["replied", "meeting_booked", "quote_requested"],
            "no_reply",
        )
        results = np.where(ways == "inbound", np.where(u < 0.6, "replied", "quote_requested"),
                           results)  # fmt: skip
        add(c, days, kinds, ways, results)

    for c in buyers:
        days = c.days[rng.random(c.days.size) < 0.25]
        days = np.maximum(days - rng.integers(1, 11, days.size), 0)
        kinds = np.array(["quote", "call", "email"])[rng.choice(3, days.size, p=[0.4, 0.3, 0.3])]
        ways = np.where(rng.random(days.size) < 0.5, "outbound", "inbound")
        results = np.where(rng.random(days.size) < 0.5, "order_placed", "quote_requested")
        add(c, days, kinds, ways, results)
        rate = 0.25 * min(c.scale, 6.0) ** 0.4 if c.trajectory != "one_off" else 0.15
        stop = min(last, c.stop + (200 if c.trajectory == "one_off" else 30))
        background(c, max(begin, c.start), stop, rate, 0.7)
        if c.trajectory in ("lapsed", "declining"):  # trying to wake it up
            background(c, max(begin, stop), last, 0.12, 0.2)
    for c in valued:  # a looked-after account was called lately; a neglected one, long ago
        day = np.array([gaps.get(c.idx, last - int(rng.integers(1, 45)))])
        add(c, day, np.array(["call"]), np.array(["outbound"]), np.array(["replied"]))
    for ci, day, _kind, _pl in inquiries:
        c = customers[ci]
        if c.trajectory == "prospect":
            days = day + np.cumsum(rng.integers(1, 15, 1 + int(rng.integers(0, 3))))
            results = np.where(rng.random(days.size) < 0.5, "no_reply", "replied")
            add(c, np.minimum(days, last), np.full(days.size, "email"),
                np.full(days.size, "outbound"), results)  # fmt: skip
    out.sort(key=lambda a: (a[1], a[0]))
    return out, gaps


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
    ident: Identity,
    activities: list[tuple[int, int, str, str, str, int]],
) -> dict[str, tuple[list[list[Cell]], list[list[Cell]]]]:
    """Per table: (zh rows, en rows), same order, cells as Python values."""
    records = [(c.cid, c, c.name) for c in customers if c.in_sheet]
    records += [(cid, customers[ci], name) for cid, ci, name in ident.records]
    cust_zh, cust_en = [], []
    for cid, c, name in sorted(records, key=lambda r: r[0]):
        zh_country, en_country = country_label(rng, c.country)
        second = cid != c.cid  # a second record: typed in from an inquiry, most fields blank
        ind = INDUSTRIES[c.industry] if c.industry and not second else (None, None)
        size = (SIZES[c.true_size], c.true_size) if c.size_label and not second else (None, None)
        ctype = (CUSTOMER_TYPES[c.true_type][0], c.true_type) if c.type_label else (None, None)
        src = c.source or (None, None)
        emp = None if second else c.employees
        owner = (None, None) if c.owner_blank else OWNER_NAMES[c.owner]
        cust_zh.append([cid, name, zh_country, ind[0], size[0], emp, ctype[0], src[0], c.email,
                        owner[0]])  # fmt: skip
        cust_en.append([cid, name, en_country, ind[1], size[1], emp, ctype[1], src[1], c.email,
                        owner[1]])  # fmt: skip

    ord_zh, ord_en = [], []
    for ln in rows:
        c = customers[ln.cust]
        cid, name = ident.orders.get(ln.order_id, (c.cid, c.name))
        owner = OWNER_NAMES[int(owner_of(c, np.array([ln.day]))[0])]
        base: list[Cell] = [ln.order_id, ln.over.get("customer_id", cid), name,
                            ln.over.get("order_date", day_to_date(ln.day)), None, ln.code, ln.qty,
                            ln.unit_price, ln.over.get("amount", ln.amount),
                            ln.over.get("currency", ln.currency), ln.profit, None, None]  # fmt: skip
        zh, en = list(base), list(base)
        zh[4], en[4] = PRODUCT_LINES[ln.pl][0], PRODUCT_LINES[ln.pl][1]
        zh[11], en[11] = STATUS[ln.status]
        zh[12], en[12] = owner
        ord_zh.append(zh)
        ord_en.append(en)

    inq_zh, inq_en = [], []
    for n, (ci, day, kind, pl) in enumerate(inquiries):
        c = customers[ci]
        src = pick(rng, SOURCES[kind][0])
        zh_country, en_country = country_label(rng, c.country)
        inq_id = f"INQ-{n + 1:05d}"
        plz, ple = (PRODUCT_LINES[pl][0], PRODUCT_LINES[pl][1]) if pl is not None else (None, None)
        cid, name, email = ident.inquiries.get(n, (c.cid, c.name, c.email))
        owned = day <= N_DAYS - 15  # the last two weeks' inquiries wait for an owner
        owner = OWNER_NAMES[int(owner_of(c, np.array([day]))[0])] if owned else (None, None)
        inq_zh.append([inq_id, cid, name, email, day_to_date(day), src[0], plz, zh_country,
                       owner[0]])  # fmt: skip
        inq_en.append([inq_id, cid, name, email, day_to_date(day), src[1], ple, en_country,
                       owner[1]])  # fmt: skip

    act_zh: list[list[Cell]] = []
    act_en: list[list[Cell]] = []
    for ci, day, kind, way, result, owner_idx in activities:
        for lang, table in ((0, act_zh), (1, act_en)):
            table.append([day_to_date(day), customers[ci].cid, ACTIVITY_TYPES[kind][lang],
                          DIRECTIONS[way][lang], OUTCOMES[result][lang],
                          OWNER_NAMES[owner_idx][lang]])  # fmt: skip
    return {
        "customers": (cust_zh, cust_en),
        "orders": (ord_zh, ord_en),
        "inquiries": (inq_zh, inq_en),
        "activities": (act_zh, act_en),
    }


HEADERS = {
    "customers": CUSTOMER_HEADERS,
    "orders": ORDER_HEADERS,
    "inquiries": INQUIRY_HEADERS,
    "activities": ACTIVITY_HEADERS,
}
MONEY_COLUMNS = {"unit_price", "amount", "profit"}


def write_xlsx(path: Path, tables: dict[str, tuple[list[list[Cell]], list[list[Cell]]]]) -> None:
    """The Chinese copy: one sheet per table, real date cells, numbers as numbers."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    wb.set_properties({"title": "外贸客户/订单/询盘/跟进导出", "author": "tiercli sample data",
                       "created": datetime(2026, 11, 1)})  # fmt: skip
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    money_fmt = wb.add_format({"num_format": "#,##0.00"})
    widths = {"name": 38, "customer_name": 38, "email": 30, "customer_id": 11, "order_id": 15,
              "order_date": 11, "inquiry_date": 11, "activity_date": 11}  # fmt: skip
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
    """The English copy: customers.csv, orders.csv, inquiries.csv, activities.csv (UTF-8,
    comma)."""
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
    activities: list[tuple[int, int, str, str, str, int]],
    contact_gaps: dict[int, int],
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
    last_contact: dict[int, int] = {}
    for ci, day, *_rest in activities:  # sorted by day: the last one wins
        last_contact[ci] = day
    recs = []
    for c in sorted(customers, key=lambda c: c.cid):
        has = c.days.size > 0
        contact = last_contact.get(c.idx)
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
            "owner": OWNER_NAMES[c.owner][1], "owner_in_sheet": c.in_sheet and not c.owner_blank,
            "former_owner": FORMER_OWNER[1] if c.former_owner else "",
            "last_contact": day_to_date(contact).isoformat() if contact is not None else "",
            "days_since_contact": N_DAYS - 1 - contact if contact is not None else "",
            "contact_gap": c.idx in contact_gaps,
        })  # fmt: skip
    truth = pd.DataFrame(recs)
    truth.to_csv(out / "planted.csv", index=False)
    return truth


def write_identity_truth(
    out: Path,
    customers: list[Customer],
    rows: list[Line],
    inquiries: list[tuple[int, int, str, int | None]],
    ident: Identity,
    tables: dict[str, tuple[list[list[Cell]], list[list[Cell]]]],
) -> pd.DataFrame:
    """identity_truth.csv: per file, the rows where a buyer is not written as its customer-sheet
    record (and that record), and the look-alike companies' records, with the true buyer.

    Rows not listed belong to the buyer their (trimmed) customer id names.
    """
    by_cid = {c.cid: c for c in customers}
    buyers = {customers[ci].cid for ci in ident.buyers}
    alike = {customers[a].cid: customers[b].cid for a, b in ident.look_alikes}
    alike |= {b: a for a, b in alike.items()}
    second = {cid: customers[ci].cid for cid, ci, _name in ident.records}
    found: list[dict[str, Any]] = []

    def note(table: str, row: int, cells: list[Cell], key: str, kind: str) -> None:
        names = [en for en, _zh in HEADERS[table]]
        cell = dict(zip(names, cells, strict=True))
        found.append({"table": table, "row": row, "raw_id": cell["customer_id"] or "",
                      "raw_name": cell.get("name", cell.get("customer_name")) or "",
                      "raw_email": cell.get("email") or "", "buyer_key": key, "kind": kind,
                      "look_alike_of": alike.get(key, "")})  # fmt: skip

    for n, cells in enumerate(tables["customers"][1]):
        cid = str(cells[0])
        if cid in second:
            note("customers", n + 2, cells, second[cid], "second_record")
        elif cid in buyers:
            note("customers", n + 2, cells, cid, "record")
        elif cid in alike:
            note("customers", n + 2, cells, cid, "look_alike")
    for n, (ln, cells) in enumerate(zip(rows, tables["orders"][1], strict=True)):
        if ln.order_id in ident.orders:
            note("orders", n + 2, cells, customers[ln.cust].cid, "variant")
    for n, cells in enumerate(tables["inquiries"][1]):
        if n in ident.inquiries:
            kind = "variant" if cells[1] is not None else "name_and_email_only"
            note("inquiries", n + 2, cells, customers[inquiries[n][0]].cid, kind)
    truth = pd.DataFrame(found)
    assert truth["buyer_key"].map(lambda k: k in by_cid).all()
    where = {"customers": "customers.csv", "orders": "orders.csv", "inquiries": "inquiries.csv"}
    both = pd.concat(
        [
            truth.assign(file="trade_export.xlsx", sheet=truth["table"].map(SHEETS)),
            truth.assign(file=truth["table"].map(where), sheet=""),
        ],
        ignore_index=True,
    )
    columns = ["file", "sheet", "table", "row", "raw_id", "raw_name", "raw_email", "buyer_key",
               "kind", "look_alike_of"]  # fmt: skip
    both[columns].to_csv(out / "identity_truth.csv", index=False)
    return truth


def write_pair_truth(out: Path, lines: pd.DataFrame) -> pd.DataFrame:
    """planted_pairs.csv: each planted pair, both directions, with its support, confidence and
    lift over the buyers (bought at least once, returns and cancellations left out) as the
    generated orders have them, counted per true buyer."""
    bought = pd.crosstab(lines["buyer"], lines["product_line"]).gt(0)
    n = len(bought)
    recs = []
    for a, b in PAIRS:
        for x, y in ((a, b), (b, a)):
            en_x, en_y = PRODUCT_LINES[x][1], PRODUCT_LINES[y][1]
            both = int((bought[en_x] & bought[en_y]).sum())
            confidence = both / int(bought[en_x].sum())
            recs.append({
                "antecedent": en_x, "consequent": en_y,
                "antecedent_zh": PRODUCT_LINES[x][0], "consequent_zh": PRODUCT_LINES[y][0],
                "planted_as": "antecedent" if x == a else "consequent",
                "p_with": P_WITH, "p_without": P_WITHOUT, "buyers": both,
                "support": round(both / n, 4), "confidence": round(confidence, 4),
                "lift": round(confidence / (bought[en_y].sum() / n), 3),
            })  # fmt: skip
    pairs = pd.DataFrame(recs)
    pairs.to_csv(out / "planted_pairs.csv", index=False)
    return pairs


# --------------------------------------------------------------------------- checks, README


CANONICAL_COUNTRY = {
    label: c.en for c in COUNTRIES for label in (c.en, c.zh, *c.en_variants, *c.zh_variants)
}


def verify(
    out: Path, truth: pd.DataFrame, ident: Identity, id_truth: pd.DataFrame
) -> dict[str, Any]:
    """Reload both copies with pandas, check they agree and that the promised counts hold;
    write planted_pairs.csv from the orders as written."""
    xl = pd.read_excel(out / "trade_export.xlsx", sheet_name=None, engine="calamine")
    assert list(xl) == list(SHEETS.values()), list(xl)
    csvs = {t: pd.read_csv(out / f"{t}.csv", dtype=str, keep_default_na=False) for t in SHEETS}
    for table, sheet in SHEETS.items():
        x, c = xl[sheet], csvs[table]
        assert list(x.columns) == [zh for _en, zh in HEADERS[table]], x.columns
        assert list(c.columns) == [en for en, _zh in HEADERS[table]], c.columns
        assert len(x) == len(c), (table, len(x), len(c))
        assert (x["客户编号"].fillna("").astype(str) == c["customer_id"]).all(), table
    xo, co = xl["订单"], csvs["orders"]
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
    # counted per true buyer: a buyer's variant ids are one customer here
    clean = clean.assign(buyer=clean["customer_id"].str.strip().replace(ident.key_of))
    per_cust = usd.groupby(clean["buyer"]).sum().sort_values(ascending=False)
    top = per_cust.head(round(0.2 * len(per_cust))).sum() / per_cust.sum()
    sales = clean[~clean["order_id"].str.startswith("R-")]
    buyer_ids = set(sales["buyer"])
    inquirers = inquiries.loc[inquiries["customer_id"].str.strip() != "", "customer_id"]
    inquirers = set(inquirers.str.strip().replace(ident.key_of))
    listed = set(customers["customer_id"].replace(ident.key_of))
    all_ids = listed | inquirers
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
        "prospects only in inquiries": len(inquirers - listed),
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
        "activities": len(csvs["activities"]),
        "owners": truth["owner"].value_counts().to_dict(),
        "owner blank in the customer sheet": int((truth["in_customers_sheet"]
                                                  & ~truth["owner_in_sheet"]).sum()),
        "contact gaps (planted)": int(truth["contact_gap"].sum()),
        "variant buyers": len(ident.buyers),
        "variant rows (orders, inquiries)": (len(id_truth[id_truth["table"] == "orders"]),
            int((id_truth["table"] == "inquiries").sum())),
        "second customer records": len(ident.records),
        "inquiries with name and e-mail only": int(
            (id_truth["kind"] == "name_and_email_only").sum()),
        "look-alike pairs": len(ident.look_alikes),
    }  # fmt: skip
    pairs = write_pair_truth(out, sales)
    summary["planted pair lifts"] = dict(
        zip(pairs["antecedent"] + " -> " + pairs["consequent"], pairs["lift"], strict=True)
    )
    acts = csvs["activities"]
    last_contact = pd.to_datetime(acts.groupby("customer_id")["activity_date"].max())
    quiet = (pd.Timestamp(END) - last_contact).dt.days
    gap_ids = truth.loc[truth["contact_gap"], "customer_id"]
    assert (quiet.reindex(gap_ids) > 60).all(), quiet.reindex(gap_ids)
    assert summary["customers with orders"] >= 850, summary
    assert summary["prospects"] >= 120, summary
    assert summary["orders (distinct, excl. cancelled/returns)"] >= 20_000, summary
    assert summary["inquiries"] >= 3000, summary
    assert summary["countries"] >= 40 and summary["continents"] == 6, summary
    assert dates.max().date() == END and dates.min().date() >= START, summary
    assert summary["exact duplicate rows"] == N_DUPLICATES, summary
    assert lapsed_hv >= 25, summary
    assert min(pairs["lift"]) > 1.3, pairs
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
    n_activities, gaps = summary["activities"], summary["contact gaps (planted)"]
    books = "\n".join(
        f"  - {zh} / {en}: {summary['owners'].get(en, 0)}" for (zh, en), _share in OWNERS
    )
    blank_owner = summary["owner blank in the customer sheet"]
    variant_orders, variant_inquiries = summary["variant rows (orders, inquiries)"]
    no_id = summary["inquiries with name and e-mail only"]
    lifts = summary["planted pair lifts"]
    pair_lines = "\n".join(
        f"  | {PRODUCT_LINES[a][0]} / {PRODUCT_LINES[a][1]} | {PRODUCT_LINES[b][0]} / "
        f"{PRODUCT_LINES[b][1]} | {lifts[f'{PRODUCT_LINES[a][1]} -> {PRODUCT_LINES[b][1]}']:.2f} |"
        for a, b in PAIRS
    )
    text = f"""# Sample data

A made-up Chinese pump and valve exporter's book, {START} .. {END}, written twice:

* `trade_export.xlsx` - sheets **客户**, **订单**, **询盘**, **跟进记录**; Chinese headers and
  labels (countries, product lines, industries, sizes, types, sources, statuses, follow-up
  types and outcomes); dates are real Excel date cells, numbers are numbers.
* `customers.csv`, `orders.csv`, `inquiries.csv`, `activities.csv` - the same rows in the same
  order, English headers and labels, UTF-8, comma separated, ISO dates (`YYYY-MM-DD`).

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
* Salespeople (业务员 / owner) on customers, orders, inquiries and follow-ups. {blank_owner}
  customers have a blank 业务员 cell in the customer sheet (their orders name the owner);
  {FORMER_OWNER[0]} / {FORMER_OWNER[1]} owned some accounts until {HANDOVER} (orders and
  follow-ups before then carry his name); inquiries of the last two weeks are not assigned yet.
  Customers per owner (true owner, `planted.csv`):
{books}
* {n_activities} follow-up records (跟进记录 / activities.csv) since {ACTIVITIES_START}: e-mails,
  calls, quotes, meetings, samples, visits and trade shows, outbound (主动) or inbound (被动),
  with an outcome. Buying customers are contacted more the more they are worth, often just
  before an order ("order placed"); lapsed and declining ones get unanswered attempts;
  prospects get e-mails after their inquiries. Every valuable steady or growing customer
  (top 30% by latent value) was contacted in the last 45 days, except {gaps} planted
  **contact gaps** whose last contact is 75-200 days before {END} (`contact_gap` and
  `last_contact` in `planted.csv`).
* Co-purchase pairs: buyers of the first line of each pair are much more likely to buy the
  second (lift per true buyer, returns and cancellations left out, `planted_pairs.csv`):

  | buys | also buys | lift |
  |---|---|---|
{pair_lines}

  Pumps are bought independently of the rest; every other pair of lines has a lift near 1.
* Spelling variants: {summary["variant buyers"]} buyers also appear under another id and
  spelling - `c00042 `, `C-00042`, `C42`, `00042` in the orders with `42` in the inquiries, or
  ({summary["second customer records"]} of them) a second customer-sheet record under a new id -
  with names such as `ACME TRADING CO LTD`, `Acme Trading`, full-width `ＡＣＭＥ` or the legal
  form in Chinese (`有限公司`): {variant_orders} order rows and {variant_inquiries} inquiries,
  {no_id} of them with a name and an e-mail but no customer id (tiercli matches those to their
  buyer by name or e-mail). {summary["look-alike pairs"]} pairs of **different** companies share a
  name in two countries (own legal form, e-mail domain and orders): they must not be merged.
  tiercli's identity resolution merges each variant id into its buyer
  (`.venv/bin/python scripts/identity_accuracy.py` scores it against `identity_truth.csv`).

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

Follow-up records (跟进记录 / activities.csv); types 邮件/Email, 电话/Call, 报价/Quote,
会议/Meeting, 寄样/Sample, 拜访/Visit, 展会/Trade show; outcomes 已回复/Replied, 未回复/No reply,
已约会议/Meeting booked, 索要报价/Quote requested, 已下单/Order placed

| en | zh |
|---|---|
{cols(ACTIVITY_HEADERS)}

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
size, order count, first and last order, revenue in USD (before planted damage), the
customer's planted rows (`dirty`), its owner (`owner_in_sheet`: False where the sheet's cell is
blank; `former_owner`), last contact and days since it as of {END}, and `contact_gap`.

## Ground truth for the planted structure

* `planted_pairs.csv` - each planted pair in both directions: buyers, support, confidence and
  lift as counted here per true buyer (the planted probabilities `p_with` / `p_without` too).
* `identity_truth.csv` - which rows are one buyer, for both files (file, sheet, table, row,
  raw id, raw name, raw e-mail, `buyer_key` = the true customer id, kind, `look_alike_of`).
  Listed: each variant buyer's customer-sheet record (`record`) and second record
  (`second_record`), every order and inquiry row written under a variant id or name
  (`variant`, `name_and_email_only`), and each look-alike company's record (`look_alike`,
  with the other company of the pair). **A row not listed belongs to the buyer its trimmed
  customer id names.** A resolver that merges a `look_alike` pair is wrong; one that leaves a
  `variant` row apart from its `buyer_key` misses.
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
    # What issues 13 and 14 added draws from streams of its own, so the rest stays put.
    plant_pairs(np.random.default_rng([SEED, 1]), customers)
    look_alikes = plant_look_alikes(np.random.default_rng([SEED, 2]), customers)
    lines = make_orders(rng, customers, catalogue, season, np.random.default_rng([SEED, 6]))
    inquiries = make_inquiries(rng, customers, season)
    for n, c in enumerate(sorted(customers, key=lambda c: (c.created, c.idx))):
        c.cid = f"C{n + 1:05d}"
    assign_accounts(np.random.default_rng([SEED, 3]), customers)
    rows, planted = plant(rng, lines, customers)
    ident = plant_variants(
        np.random.default_rng([SEED, 4]), customers, rows, inquiries, look_alikes
    )
    activities, gaps = make_activities(np.random.default_rng([SEED, 5]), customers, inquiries)
    tables = build_tables(rng, customers, rows, inquiries, ident, activities)
    write_xlsx(out / "trade_export.xlsx", tables)
    write_csvs(out, tables)
    truth = write_planted(out, customers, rows, planted, activities, gaps)
    id_truth = write_identity_truth(out, customers, rows, inquiries, ident, tables)
    summary = verify(out, truth, ident, id_truth)
    write_readme(out, summary, planted)
    for key, value in summary.items():
        print(f"{key:45s} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
