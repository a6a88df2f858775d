#!/usr/bin/env bash
# End-to-end figure (issues 8 and 18): generate a contacts export of ROWS
# rows (shared strings, as Excel and WeCom write, and inline strings, as
# excelize streams; more than 1,048,575 rows continue on further sheets of
# the one workbook), measure the floors — pure inflate of the sheet and
# shared-string parts with Go's compress/flate (`bench/floor -inflate`) and
# with klauspost/compress's flate, the audit's (`-inflate-fast`, issue 24),
# and inflate + byte-scan for cells (`bench/floor`) — then run the whole
# audit (read, rules, JSON, workbook, PDF) and print the floors, audit,
# ratio to pure stdlib inflate (issue 24's goal: at most 2), CPU seconds and
# peak RSS. Medians of RUNS runs; each run measures the floors and every
# binary one after the other (interleaved), so a shared machine's load falls
# on all of them alike. The 1-minute load average is printed per row.
#
#   bench/run.sh [ROWS] [MEMBERS]      (defaults 1000000 5000)
#   RUNS=3                             runs per figure (median)
#   VARIANTS="shared inline"           which exports
#   AUDITORS="name=path ..."           binaries to compare (default: this tree, built)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
MEMBERS=${2:-5000}
RUNS=${RUNS:-3}
VARIANTS=${VARIANTS:-shared inline}
OUT=bench/out
mkdir -p "$OUT"
go build -o "$OUT/floor" ./bench/floor
if [ -z "${AUDITORS:-}" ]; then
  go build -o "$OUT/auditor" ./cmd/auditor
  AUDITORS="audit=$OUT/auditor"
fi
gen=${AUDITORS%% *}; gen=${gen#*=}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
load() { cut -d' ' -f1 /proc/loadavg; }

printf '%-8s %-8s %9s %9s %9s %9s %9s %7s %7s %8s %6s\n' strings binary rows inflate_s infl_kp_s floor_s audit_s ratio cpu_s peak_MB load
for variant in $VARIANTS; do
  data="$OUT/data-$variant-$ROWS-$MEMBERS"
  if [ ! -f "$data/contacts.xlsx" ]; then
    flag=""
    [ "$variant" = inline ] && flag=--inline-strings
    "$gen" samples --out "$data" --members "$MEMBERS" --contacts "$ROWS" --seed 1 $flag >/dev/null
  fi
  declare -A secs=() cpus=() peak=() loads=()
  infl=() kinfl=() floors=()
  for _ in $(seq "$RUNS"); do
    infl+=("$("$OUT/floor" -inflate "$data/contacts.xlsx" | cut -d' ' -f1)")
    kinfl+=("$("$OUT/floor" -inflate-fast "$data/contacts.xlsx" | cut -d' ' -f1)")
    floors+=("$("$OUT/floor" "$data/contacts.xlsx" | cut -d' ' -f1)")
    for b in $AUDITORS; do
      name=${b%%=*} bin=${b#*=}
      /usr/bin/time -f '%e %M %U %S' -o "$OUT/time.txt" "$bin" audit --quiet \
        --roster "$data/roster.xlsx" --contacts "$data/contacts.xlsx" --groups "$data/groups.xlsx" \
        --plan "$data/handover.xlsx" --profile "$data/profile.yaml" --as-of 2026-11-30 \
        --out "$OUT/report-$variant-$name" >/dev/null || true
      read -r s kb us ss < "$OUT/time.txt"
      secs[$name]+="$s "
      cpus[$name]+="$(echo "$us + $ss" | bc -l) "
      loads[$name]+="$(load) "
      [ "$kb" -gt "${peak[$name]:-0}" ] && peak[$name]=$kb
    done
  done
  i=$(printf '%s\n' "${infl[@]}" | median)
  k=$(printf '%s\n' "${kinfl[@]}" | median)
  f=$(printf '%s\n' "${floors[@]}" | median)
  for b in $AUDITORS; do
    name=${b%%=*}
    a=$(printf '%s\n' ${secs[$name]} | median)
    c=$(printf '%s\n' ${cpus[$name]} | median)
    l=$(printf '%s\n' ${loads[$name]} | median)
    printf '%-8s %-8s %9d %9.2f %9.2f %9.2f %9.2f %7.2f %7.2f %8d %6s\n' "$variant" "$name" "$ROWS" "$i" "$k" "$f" "$a" "$(echo "$a / $i" | bc -l)" "$c" $((peak[$name] / 1024)) "$l"
  done
  unset secs cpus peak loads
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3); peak_MB is the largest of the runs, the rest medians"
