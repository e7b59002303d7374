"""Config: the shipped files validate; mistakes are answered with the YAML path and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiercli.config import Config, default_config_text, load_config
from tiercli.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_configs_default_is_the_packaged_default() -> None:
    assert (ROOT / "configs" / "default.yaml").read_text(encoding="utf-8") == default_config_text()


@pytest.mark.parametrize("path", sorted((ROOT / "configs").rglob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_config_validates(path: Path) -> None:
    load_config(path)


def _load(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "my.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "currncy: {base: USD}\n",
            "Unknown config key 'currncy' in the top level. Did you mean 'currency'?",
        ),
        (
            "orders:\n  cancelled_statuss: [x]\n",
            "Unknown config key 'cancelled_statuss' in orders. Did you mean 'cancelled_status'?",
        ),
        (
            "currency:\n  source: bank\n",
            "currency -> source: Input should be 'ecb' or 'fixed' (found: 'bank')",
        ),
        (
            "currency:\n  base: CYN\n",
            "currency -> base: 'CYN' is not a 3-letter ISO 4217 currency code (e.g. USD). "
            "Did you mean 'CNY'?",
        ),
        ("currency:\n  rates: {EUR: -1}\n", "currency -> rates: rate for EUR must be positive"),
        (
            "columns:\n  orders: {order_dat: 日期}\n",
            "unknown orders column 'order_dat'. Did you mean 'order_date'?",
        ),
        ("input:\n  date_order: YDM\n", "input -> date_order: Input should be"),
        ("lang: fr\n", "lang: Input should be 'zh' or 'en' (found: 'fr')"),
        ("orders: [1, 2\n", "not valid YAML (line 2, column 1)"),
        ("- just\n- a list\n", "the top level must be a mapping"),
        (
            "as_of: 2026-02-30\n",
            "not a date (line 1, column 8): as_of: 2026-02-30 (day is out of range for month)",
        ),
    ],
    ids=[
        "top-typo",
        "nested-typo",
        "literal",
        "currency-code",
        "rate",
        "column",
        "date-order",
        "lang",
        "yaml-syntax",
        "not-mapping",
        "impossible-date",
    ],
)
def test_config_errors_name_the_path_and_the_fix(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert message in str(info.value)
    assert str(tmp_path / "my.yaml") in str(info.value)


def test_a_data_file_given_as_the_config_is_named_not_dumped(tmp_path: Path) -> None:
    """`-c orders.csv` printed the whole export (3.8 million characters) in the error."""
    path = tmp_path / "orders.csv"
    path.write_text("order_id,customer_id,amount\n" + "O1,C1,100\n" * 50_000, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    said = str(info.value)
    assert len(said) < 400 and "does not look like a tiercli config" in said
    assert "tiercli init" in info.value.render("zh") and "配置" in info.value.render("zh")


def test_config_errors_are_said_in_chinese_too(tmp_path: Path) -> None:
    (tmp_path / "my.yaml").write_text("rfm:\n  levles: 4\n  monetary: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "my.yaml")
    zh = info.value.render("zh")
    assert "配置无效" in zh and "是否想写“levels”" in zh
    assert "Unknown config key 'levles' in rfm. Did you mean 'levels'?" in str(info.value)


def test_missing_config_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="tiercli init"):
        load_config(tmp_path / "nope.yaml")


def test_empty_file_means_defaults(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    assert load_config(path) == load_config(None)


def test_every_yaml_example_in_the_readme_validates() -> None:
    import re

    import yaml

    from tiercli.config.loader import parse_config

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, flags=re.S)
    assert len(blocks) >= 2
    for block in blocks:
        parse_config(yaml.safe_load(block) or {}, "README.md")


def test_user_config_merges_over_the_shipped_defaults() -> None:
    from tiercli.config.loader import parse_config

    shipped = load_config(None)
    cfg = parse_config(
        {
            "rfm": {"recency": {"method": "thresholds", "thresholds": [30, 90, 180, 365]}},
            "scoring": {"dimensions": {"value": {}, "potential": {}}},
            "playbook": {
                "rules": [
                    {
                        "action": {"en": "a", "zh": "甲"},
                        "service_level": {"en": "s", "zh": "乙"},
                        "contact_frequency": {"en": "f", "zh": "丙"},
                        "channel": {"en": "c", "zh": "丁"},
                    }
                ]
            },
        },
        "t",
    )
    assert cfg.rfm.frequency == shipped.rfm.frequency  # untouched keys keep the default
    assert cfg.rfm.segment_map == "eleven"
    assert list(cfg.scoring.dimensions) == ["value", "potential"]  # a collection: replaced
    assert cfg.scoring.dimensions["value"] == shipped.scoring.dimensions["value"]
    assert len(cfg.playbook.rules) == 1  # lists replace


def test_shipped_yaml_equals_the_model_defaults() -> None:
    """configs/default.yaml documents the defaults: what it says is what the code does."""
    from tiercli.config.models import Config

    shipped, model = load_config(None), Config()
    for section in Config.model_fields:
        if section != "playbook":  # the playbook's rules are text: they live in the YAML only
            assert getattr(shipped, section) == getattr(model, section), section
    assert len(shipped.playbook.rules) >= 5 and not shipped.playbook.rules[-1].when


@pytest.mark.parametrize("name", ["default.yaml", "segment_maps.yaml"])
def test_shipped_yaml_reads_as_safe_load_reads_it(name: str) -> None:
    """The shipped files, parsed with libyaml's build of the safe loader, give exactly what
    ``yaml.safe_load`` gives (keys, values, their types and order)."""
    from importlib import resources

    import yaml

    from tiercli.config.shipped import shipped_yaml

    text = resources.files("tiercli").joinpath("data", name).read_text(encoding="utf-8")
    expected = yaml.safe_load(text)
    got = shipped_yaml(name)
    assert got == expected
    assert repr(got) == repr(expected)  # the same types (1 vs 1.0 vs True) and key order


_THEN = "action: {en: a, zh: 甲}, service_level: {en: a, zh: 甲}, " + (
    "contact_frequency: {en: a, zh: 甲}, channel: {en: a, zh: 甲}"
)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (
            "{lifecycl: [active]}",
            "playbook -> rules -> 0 -> when: unknown column 'lifecycl'. Did you mean 'lifecycle'?",
        ),
        (
            "{lifecycle: [activ]}",
            "playbook -> rules -> 0 -> when -> lifecycle: 'activ' is not one of its values. "
            "Did you mean 'active'? Its values: prospect, new, active, sleeping, lost.",
        ),
        (
            "{lifecycle: [活跃]}",
            "'活跃' is not one of its values. Did you mean 'active'?",
        ),
        ("{abc_class: [E]}", "'E' is not one of its values. Its values: A, B, C, D."),
        ("{rfm_segment: [champion]}", "Did you mean 'Champions'?"),
        ("{tier: [Z]}", "when -> tier: 'Z' is not one of its values."),
        (
            "{buyer_type: [贸易商]}",
            "playbook -> rules -> 0 -> when -> buyer_type: '贸易商' is not one of its values. "
            "Did you mean 'trader'? Its values: manufacturer, trader, retailer, end_user, "
            "unknown.",
        ),
        (
            "{inquiry_channel: [展会]}",
            "'展会' is not one of its values. Did you mean 'trade_show'?",
        ),
        ("{inquiry_channel: [tradeshow]}", "Did you mean 'trade_show'?"),
        ("{region: [欧洲]}", "'欧洲' is not one of its values. Did you mean 'Europe'?"),
        ("{subregion: [西欧]}", "Did you mean 'Western Europe'?"),
    ],
    ids=[
        "column",
        "value",
        "zh-label",
        "no-close-value",
        "config-segment",
        "config-tier",
        "buyer-type-zh",
        "channel-zh",
        "channel-typo",
        "region-zh",
        "subregion-zh",
    ],
)
def test_a_playbook_rule_that_can_match_no_one_is_a_config_error(
    tmp_path: Path, when: str, message: str
) -> None:
    """A typo in a rule's `when` used to match no one (or everyone) without a word."""
    text = f"playbook:\n  rules:\n    - {{when: {when}, {_THEN}}}\n    - {{{_THEN}}}\n"
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert message in str(info.value)
    assert str(tmp_path / "my.yaml") in str(info.value)


def test_a_playbook_rule_may_name_any_value_of_an_open_column(tmp_path: Path) -> None:
    """Countries, owners and tier names the config gives are the user's to name."""
    when = "{country: [Atlantis], tier: [S, A], rfm_segment: [Champions], quadrant: [star]}"
    text = f"playbook:\n  rules:\n    - {{when: {when}, {_THEN}}}\n    - {{{_THEN}}}\n"
    cfg = _load(tmp_path, text)
    assert cfg.playbook.rules[0].when["country"] == ["Atlantis"]


def test_trade_values_a_playbook_rule_may_name_come_from_the_config(tmp_path: Path) -> None:
    """Buyer types, channels and regions were open: any value passed, and matched no one."""
    trade = (
        "trade:\n  region: {level: market_group}\n  inquiry_channel:\n    unmatched: misc\n"
        "    rules: [{channel: customs_data, keywords: [customs]}]\n"
        "  buyer_type:\n    labels: [{type: agent, keywords: [agent]}]\n    rules: []\n"
    )
    when = (
        "{region: [Western Europe, unknown], inquiry_channel: [customs_data, misc, unknown], "
        "buyer_type: [agent]}"
    )
    text = f"{trade}playbook:\n  rules:\n    - {{when: {when}, {_THEN}}}\n    - {{{_THEN}}}\n"
    assert _load(tmp_path, text).playbook.rules[0].when["buyer_type"] == ["agent"]
    for when, message in [
        ("{region: [Europe]}", "'Europe' is not one of its values. Did you mean 'Western Europe'?"),
        ("{inquiry_channel: [trade_show]}", "Its values: customs_data, misc, unknown."),
        ("{buyer_type: [trader]}", "Its values: agent, unknown."),
    ]:
        text = f"{trade}playbook:\n  rules:\n    - {{when: {when}, {_THEN}}}\n    - {{{_THEN}}}\n"
        with pytest.raises(ConfigError) as info:
            _load(tmp_path, text)
        assert message in str(info.value)


@pytest.mark.parametrize(
    ("section", "when", "message"),
    [
        (
            "abc: {enabled: false}",
            "{abc_class: [A]}",
            [
                "playbook -> rules -> 0 -> when -> abc_class: column 'abc_class' is made by "
                "abc, which is disabled (abc -> enabled: false); enable it (abc -> enabled: "
                "true) or remove the rule"
            ],
        ),
        (
            "scoring: {enabled: false}",
            "{tier: [A], quadrant: [star]}",
            [
                "playbook -> rules -> 0 -> when -> tier: column 'tier' is made by scoring, which "
                "is disabled (scoring -> enabled: false); enable it (scoring -> enabled: true) or "
                "remove the rule",
                "playbook -> rules -> 0 -> when -> quadrant: column 'quadrant' is made by scoring",
            ],
        ),
        (
            "trade: {enabled: false}",
            "{buyer_type: [trader]}",
            ["playbook -> rules -> 0 -> when -> buyer_type: column 'buyer_type' is made by trade"],
        ),
    ],
    ids=["abc", "scoring", "trade"],
)
def test_a_playbook_rule_on_a_disabled_step_is_a_config_error(
    tmp_path: Path, section: str, when: str | None, message: list[str]
) -> None:
    """It was a run-time warning ("the rule never matches"): customers fell through to the
    rules after it, and `validate` said the config was fine."""
    text = f"{section}\n"
    if when is not None:
        text += f"playbook:\n  rules:\n    - {{when: {when}, {_THEN}}}\n    - {{{_THEN}}}\n"
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    for line in message:
        assert line in str(info.value)
    assert str(info.value).count("is made by") == len(message)


@pytest.mark.parametrize("section", ["abc", "lifecycle", "scoring", "trade"])
def test_the_shipped_playbook_takes_a_step_turned_off(tmp_path: Path, section: str) -> None:
    """Turning a step off alone is a valid config: the shipped rules on its column never match
    (the run says so); only rules the user wrote are held to the steps that are on."""
    assert not getattr(_load(tmp_path, f"{section}: {{enabled: false}}\n"), section).enabled


def test_a_folder_given_as_the_config_says_so(tmp_path: Path) -> None:
    """It said "config file not found … tiercli init DIR", and init DIR then refused too."""
    (tmp_path / "mine.yaml").write_text("lang: en\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert str(info.value) == (
        f"config {tmp_path} is a folder (it holds mine.yaml); give the YAML file, e.g. "
        f"-c {tmp_path / 'mine.yaml'}"
    )


def test_a_currency_named_as_exports_name_it_is_its_code() -> None:
    """`currency: {base: RMB}` passed the check, then every order was rejected for an unknown
    currency: RMB is how exports write CNY, and the amount cells were read that way already."""
    from tiercli.config.loader import parse_config

    cfg = parse_config(
        {"currency": {"base": "RMB", "default": "人民币", "rates": {"rmb": 1.0}}}, "t"
    )
    assert (cfg.currency.base, cfg.currency.default, cfg.currency.rates) == (
        "CNY",
        "CNY",
        {"CNY": 1.0},
    )
    kept = parse_config({"currency": {"rates": {"XYZ": 2.0}}}, "t")  # a code the data writes
    assert kept.currency.rates == {"XYZ": 2.0}


def test_an_absolute_last_tier_with_a_cut_off_is_refused(tmp_path: Path) -> None:
    """Its min_score was silently ignored: a customer scoring 10.96 landed in 'B ≥ 40'."""
    text = (
        "scoring:\n  tiers:\n    method: absolute\n    levels:\n"
        "      - {name: A, min_score: 70}\n      - {name: B, min_score: 40}\n"
    )
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert "the last tier (B) holds every customer below the others, so its min_score 40" in str(
        info.value
    )


def test_a_mistyped_shipped_dimension_is_named(tmp_path: Path) -> None:
    """`valeu: {}` said only 'no metrics given'."""
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, "scoring:\n  dimensions:\n    valeu: {}\n")
    assert "'valeu' is no dimension tiercli ships and names no metrics. Did you mean 'value'?" in (
        str(info.value)
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # an unknown override country crashed the run (exit 1) after validate said ok
        ("trade: {region: {overrides: {美国: XQ}}}\n",
         "trade -> region -> overrides: country override '美国' -> 'XQ': 'XQ' is not a known "
         "country code or name"),
        # thresholds under method: quantile were ignored without a word
        ("rfm: {recency: {thresholds: [30, 90, 180, 365]}}\n",
         "rfm -> recency -> thresholds: thresholds given, but method is not thresholds"),
        ("trade: {profit_class: {high: 50000, mid: 10000}}\n",
         "trade -> profit_class -> high: high, mid given, but method is not thresholds"),
        ("trade: {batch_class: {by: value, large: 10000, medium: 3000}}\n",
         "trade -> batch_class -> large: large, medium given, but method is not thresholds"),
        # a rate for the base halved every foreign amount (fixed) or did nothing (ecb)
        ("currency: {source: fixed, rates: {EUR: 1.1, USD: 2}}\n",
         "currency -> rates: USD is the base currency: its own rate is 1, found 2"),
        ("as_of: 1800-01-01\n",
         "as_of: 1800-01-01 is out of range; give a date from 1900-01-01 to 2200-12-31 "
         "(found: 1800-01-01)"),
    ],
    ids=["override", "rfm-thresholds", "profit-thresholds", "batch-thresholds", "base-rate",
         "as-of-range"],
)  # fmt: skip
def test_settings_that_did_nothing_or_crashed_are_config_errors(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert message in str(info.value)


def test_an_order_the_user_writes_is_kept() -> None:
    """resources.levels are served in the order written; reordering them did nothing (the
    merge with the defaults kept the shipped order)."""
    from tiercli.config.loader import parse_config

    cfg = parse_config({"resources": {"levels": {"Key": {}, "VIP": {}}}}, "t.yaml")
    assert list(cfg.resources.levels) == ["Key", "VIP", "Standard", "Basic"]


def test_pydantics_words_are_not_the_users(tmp_path: Path) -> None:
    """The paths showed pydantic's union members (value_cut -> literal['median','mean']) and
    the Chinese messages pydantic's English ('percentile', 'minmax' or 'robust_z')."""
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, "scoring: {matrix: {value_cut: high}, normalize: foo}\n")
    en, zh = str(info.value), info.value.render("zh")
    assert "literal[" not in en and "-> float" not in en
    assert "scoring -> matrix -> value_cut: Input should be 'median' or 'mean'" in en
    assert "'percentile'、'minmax'、'robust_z'" in zh and " or " not in zh


@pytest.mark.parametrize(
    ("r", "message"),
    [
        ("[4, 5]", "rfm -> segments -> 0 -> r: scores [4, 5] outside 1 to 3"),
        ("[0, 3]", "rfm -> segments -> 0 -> r: scores [0, 3] outside 1 to 3"),
        ("[3, 2]", "rfm -> segments -> 0 -> r: a score range is [low, high] (low not above "
                   "high), or one score; found [3, 2]"),
        ("[1, 2, 3]", "found [1, 2, 3]"),
    ],
)  # fmt: skip
def test_a_custom_segments_score_range_is_checked(tmp_path: Path, r: str, message: str) -> None:
    """[4, 5] on 3 levels was called 'never reached', [0, 5] passed, [2] asked for a missing
    second item and [1, 2, 3] spoke of tuples."""
    text = (
        "rfm:\n  levels: 3\n  segment_map: custom\n  segments:\n"
        f"    - {{name: Stars, r: {r}, f: [2, 3]}}\n    - {{name: Rest, catch_all: true}}\n"
    )
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert message in str(info.value)
    one = text.replace(f"r: {r}", "r: [2]").replace("f: [2, 3]", "f: 3")  # one score: [2, 2]
    assert _load(tmp_path, one).rfm.segments[0].r == (2, 2)


def test_a_misspelt_key_inside_a_mapping_of_settings_gets_a_did_you_mean(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, "resources: {levels: {VIP: {call_per_month: 2}}}\n")
    assert (
        "Unknown config key 'call_per_month' in resources -> levels -> VIP. "
        "Did you mean 'calls_per_month'?"
    ) in str(info.value)
