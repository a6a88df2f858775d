#!/usr/bin/env bash
# Paired runs of the million-row audit (issue 24's ratio goal), steadier
# than bench/run.sh's medians of columns on a machine whose speed drifts
# between runs: each of N iterations measures pure stdlib inflate of the
# contacts export (`bench/floor -inflate`) and then runs every binary once,
# in a shuffled order, all formats; each audit's ratio is its wall over the
# inflate of its own iteration. Prints per binary the median wall, the
# median ratio with its quartiles and maximum, the median CPU seconds and
# the largest peak RSS; then the median inflate.
#
#   bench/pairs.sh N VARIANT name=path ...   (VARIANT shared or inline;
#                                             the data of bench/run.sh, made if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
N=$1 V=$2
shift 2
OUT=bench/out
mkdir -p "$OUT"
go build -o "$OUT/floor" ./bench/floor
d="$OUT/data-$V-1000000-5000"
if [ ! -f "$d/contacts.xlsx" ]; then
  flag=""
  [ "$V" = inline ] && flag=--inline-strings
  gen=${1#*=}
  "$gen" samples --out "$d" --members 5000 --contacts 1000000 --seed 1 $flag >/dev/null
fi
log="$OUT/pairs-$V.txt"
: > "$log"
for i in $(seq "$N"); do
  infl=$("$OUT/floor" -inflate "$d/contacts.xlsx" | cut -d' ' -f1)
  for b in $(printf '%s\n' "$@" | shuf); do
    name=${b%%=*} bin=${b#*=}
    /usr/bin/time -f '%e %U %S %M' -o "$OUT/time.txt" "$bin" audit --quiet \
      --roster "$d/roster.xlsx" --contacts "$d/contacts.xlsx" --groups "$d/groups.xlsx" \
      --plan "$d/handover.xlsx" --profile "$d/profile.yaml" --as-of 2026-11-30 \
      --out "$OUT/pairs-report-$name" >/dev/null
    read -r s u sy kb < "$OUT/time.txt"
    echo "$i $name $s $infl $(echo "$s / $infl" | bc -l) $(echo "$u + $sy" | bc -l) $kb" >> "$log"
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for b in "$@"; do
  name=${b%%=*}
  rows() { awk -v n="$name" -v c="$1" '$2==n {print $c}' "$log"; }
  ratio=$(rows 5 | sort -n | awk '{a[NR]=$1} END {printf "%.2f (q1 %.2f, q3 %.2f, max %.2f)", a[int((NR+1)/2)], a[int((NR+3)/4)], a[int((3*NR+1)/4)], a[NR]}')
  printf '%s %s wall_median=%s ratio_median=%s cpu=%s peak_MB=%d\n' "$V" "$name" \
    "$(rows 3 | median)" "$ratio" "$(rows 6 | median)" $(($(rows 7 | sort -n | tail -1) / 1024))
done
echo "inflate median: $(awk -v n="${1%%=*}" '$2==n {print $4}' "$log" | median) s; machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)"
