#!/usr/bin/env bash
# End-to-end figure for issue 8: generate a contacts export of ROWS rows
# (shared strings, as Excel and WeCom write, and inline strings, as excelize
# streams), measure the floor (inflate + byte-scan, bench/floor), then run
# the whole audit (read, rules, JSON, workbook, PDF) and print floor, audit,
# ratio and peak RSS. Medians of RUNS runs.
#
#   bench/run.sh [ROWS] [MEMBERS]      (defaults 1000000 5000; RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
MEMBERS=${2:-5000}
RUNS=${RUNS:-3}
OUT=bench/out
mkdir -p "$OUT"
go build -o "$OUT/auditor" ./cmd/auditor
go build -o "$OUT/floor" ./bench/floor

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-8s %9s %9s %9s %7s %9s\n' strings rows floor_s audit_s ratio peak_MB
for variant in shared inline; do
  data="$OUT/data-$variant-$ROWS-$MEMBERS"
  if [ ! -f "$data/contacts.xlsx" ]; then
    flag=""
    [ "$variant" = inline ] && flag=--inline-strings
    "$OUT/auditor" samples --out "$data" --members "$MEMBERS" --contacts "$ROWS" --seed 1 $flag >/dev/null
  fi
  floors=() audits=() peak=0
  for _ in $(seq "$RUNS"); do
    floors+=("$("$OUT/floor" "$data/contacts.xlsx" | cut -d' ' -f1)")
    /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$OUT/auditor" audit --quiet \
      --roster "$data/roster.xlsx" --contacts "$data/contacts.xlsx" --groups "$data/groups.xlsx" \
      --plan "$data/handover.xlsx" --profile "$data/profile.yaml" --as-of 2026-11-30 \
      --out "$OUT/report-$variant" >/dev/null
    read -r secs kb < "$OUT/time.txt"
    audits+=("$secs")
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  f=$(printf '%s\n' "${floors[@]}" | median)
  a=$(printf '%s\n' "${audits[@]}" | median)
  printf '%-8s %9d %9.2f %9.2f %7.2f %9d\n' "$variant" "$ROWS" "$f" "$a" "$(echo "$a / $f" | bc -l)" $((peak / 1024))
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)"
