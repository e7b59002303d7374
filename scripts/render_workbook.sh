#!/usr/bin/env bash
# Render the sample workbook's sheets to PNG, as a reader sees them printed (needs Debian's
# libreoffice-calc and poppler-utils). Writes docs/summary_{zh,en}.png and the first page of
# the Customers and Data quality sheets (docs/customers_zh.png, docs/data_quality_zh.png).
#   bash scripts/render_workbook.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for lang in zh en; do
  "$root/.venv/bin/tiercli" segment "$root/sample_data/trade_export.xlsx" \
    -o "$work/tiers_$lang.xlsx" --lang "$lang" -q
  (cd "$work" && soffice --headless --convert-to pdf "tiers_$lang.xlsx" >/dev/null 2>&1)
  pdftoppm -png -r 110 -singlefile -f 1 -l 1 "$work/tiers_$lang.pdf" "$root/docs/summary_$lang"
done
# first page of a sheet: the page whose text starts with the sheet's first header
page_of() { for p in $(seq 1 "$(pdfinfo "$1" | awk '/Pages/ {print $2}')"); do
  pdftotext -f "$p" -l "$p" "$1" - | head -1 | grep -q "^$2" && { echo "$p"; return; }; done; }
zh="$work/tiers_zh.pdf"
p=$(page_of "$zh" "客户编号"); pdftoppm -png -r 80 -singlefile -f "$p" -l "$p" "$zh" "$root/docs/customers_zh"
p=$(page_of "$zh" "行数核对"); pdftoppm -png -r 80 -singlefile -f "$p" -l "$p" "$zh" "$root/docs/data_quality_zh"
echo "wrote docs/summary_zh.png docs/summary_en.png docs/customers_zh.png docs/data_quality_zh.png"
