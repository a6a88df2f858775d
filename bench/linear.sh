#!/usr/bin/env bash
# Linearity (issues 8 and 18): one run over N different 1,000,000-row contact
# exports of one enterprise against one run over the first alone. Every
# export is owned by members of the one roster (`samples --contacts-seed`),
# with relationships of its own, so the N-file run reads N times the rows
# and finds what the one-file run finds, N times over — not N-1 files of
# unknown owners. Medians of RUNS runs, interleaved; load is the 1-minute
# load average.
#   bench/linear.sh [N]                (default 10)
#   RUNS=3, AUDITORS="name=path ..."   as in bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10}
RUNS=${RUNS:-3}
OUT=bench/out
mkdir -p "$OUT"
if [ -z "${AUDITORS:-}" ]; then
  go build -o "$OUT/auditor" ./cmd/auditor
  AUDITORS="audit=$OUT/auditor"
fi
gen=${AUDITORS%% *}; gen=${gen#*=}
args=()
for s in $(seq "$N"); do
  d="$OUT/linear-$s"
  if [ ! -f "$d/contacts.xlsx" ]; then
    cs=""
    [ "$s" -gt 1 ] && cs="--contacts-seed $s"
    "$gen" samples --out "$d" --members 5000 --contacts 1000000 --seed 1 $cs >/dev/null
  fi
  args+=(--contacts "$d/contacts.xlsx")
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() {
  /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$1" audit --quiet --roster "$OUT/linear-1/roster.xlsx" \
    "${@:2}" --as-of 2026-11-30 --out "$OUT/report-linear" >/dev/null || true
  cat "$OUT/time.txt"
}
declare -A s1=() sn=() p1=() pn=() ld=()
for _ in $(seq "$RUNS"); do
  for b in $AUDITORS; do
    name=${b%%=*} bin=${b#*=}
    read -r t kb < <(run "$bin" "${args[@]:0:2}")
    s1[$name]+="$t "; [ "$kb" -gt "${p1[$name]:-0}" ] && p1[$name]=$kb
    read -r t kb < <(run "$bin" "${args[@]}")
    sn[$name]+="$t "; [ "$kb" -gt "${pn[$name]:-0}" ] && pn[$name]=$kb
    ld[$name]+="$(cut -d' ' -f1 /proc/loadavg) "
  done
done
printf '%-8s %5s %9s %8s %9s %8s %7s %6s\n' binary files one_s one_MB all_s all_MB ratio load
for b in $AUDITORS; do
  name=${b%%=*}
  a=$(printf '%s\n' ${s1[$name]} | median) z=$(printf '%s\n' ${sn[$name]} | median) l=$(printf '%s\n' ${ld[$name]} | median)
  printf '%-8s %5d %9.2f %8d %9.2f %8d %7.2f %6s\n' "$name" "$N" "$a" $((p1[$name] / 1024)) "$z" $((pn[$name] / 1024)) "$(echo "$z / $a" | bc -l)" "$l"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3); ideal ratio $N; MB are peaks, seconds medians"
