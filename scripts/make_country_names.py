"""Write ``src/tiercli/data/country_names.tsv``: country names in more CLDR languages than the
country index reads (Allemagne, Alemania, Türkei …), as ``geo.more_names_from_cldr`` gives them.

Run after a babel upgrade: ``.venv/bin/python scripts/make_country_names.py``
(``tests/test_geo.py`` fails when the file is stale).
"""

from __future__ import annotations

import sys
from pathlib import Path

from tiercli.classifiers.geo import MORE_NAMES_FILE, more_names_from_cldr

TARGET = Path(__file__).resolve().parents[1] / "src" / "tiercli" / "data" / MORE_NAMES_FILE


def text() -> str:
    """The file's text: a comment, then one ``key<TAB>iso2`` line per spelling."""
    lines = ["# country_key(name) <TAB> ISO alpha-2; made by scripts/make_country_names.py"]
    lines += [f"{key}\t{iso2}" for key, iso2 in more_names_from_cldr().items()]
    return "\n".join(lines) + "\n"


def main() -> int:
    TARGET.write_text(text(), encoding="utf-8")
    print(f"wrote {TARGET} ({len(text().splitlines()) - 1} spellings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
