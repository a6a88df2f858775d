#!/usr/bin/env bash
# Linearity for issue 8: one run over N different 1,000,000-row contact
# exports (seeds 1..N, one roster) against one run over the first alone.
#   bench/linear.sh [N]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10}
OUT=bench/out
mkdir -p "$OUT"
go build -o "$OUT/auditor" ./cmd/auditor
args=()
for s in $(seq "$N"); do
  d="$OUT/linear-$s"
  [ -f "$d/contacts.xlsx" ] || "$OUT/auditor" samples --out "$d" --members 5000 --contacts 1000000 --seed "$s" >/dev/null
  args+=(--contacts "$d/contacts.xlsx")
done
run() {
  /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$OUT/auditor" audit --quiet --roster "$OUT/linear-1/roster.xlsx" \
    "$@" --as-of 2026-11-30 --out "$OUT/report-linear" >/dev/null
  cat "$OUT/time.txt"
}
read -r one kb1 < <(run "${args[@]:0:2}")
read -r all kbn < <(run "${args[@]}")
printf 'files %d: one %.2f s (%d MB), all %.2f s (%d MB), ratio %.2f (ideal %d)\n' "$N" "$one" $((kb1/1024)) "$all" $((kbn/1024)) "$(echo "$all / $one" | bc -l)" "$N"
