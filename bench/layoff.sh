#!/usr/bin/env bash
# The layoff workload (issue 24): MEMBERS members of whom LEAVERS leave at
# once, their books going to RECEIVERS colleagues, with CONTACTS contact
# rows and a handover sheet of HANDOVER rows (`auditor samples --leavers
# --receivers --handover-rows`). Runs the audit once per format set in
# FORMATS and prints wall, CPU and peak RSS of each, beside pure inflate of
# the contacts export with Go's compress/flate and with
# klauspost/compress's flate. Medians of RUNS runs, interleaved; load is
# the 1-minute load average. After the timed runs, one more run of each
# format set and binary writes a heap profile beside the data,
# bench/out/layoff-<sizes>-<formats>-<binary>.mprof (go tool pprof -top); it
# is not timed, because --memprofile records every 4 KB allocated and slows
# the run by a quarter. PROFILE=0 skips it.
#
#   bench/layoff.sh [MEMBERS LEAVERS RECEIVERS CONTACTS HANDOVER]
#                   (defaults 200000 50000 10000 1000000 0; HANDOVER 0 is one row per leaver)
#   RUNS=1  FORMATS="json xlsx,pdf,json"  AUDITORS="name=path ..." as in bench/run.sh
#   GOMEMLIMIT=off  compares with Go's collector left to its default (no soft limit)
set -euo pipefail
cd "$(dirname "$0")/.."
MEMBERS=${1:-200000} LEAVERS=${2:-50000} RECEIVERS=${3:-10000} CONTACTS=${4:-1000000} HANDOVER=${5:-0}
RUNS=${RUNS:-1}
FORMATS=${FORMATS:-json xlsx,pdf,json}
OUT=bench/out
mkdir -p "$OUT"
go build -o "$OUT/floor" ./bench/floor
if [ -z "${AUDITORS:-}" ]; then
  go build -o "$OUT/auditor" ./cmd/auditor
  AUDITORS="audit=$OUT/auditor"
fi
gen=${AUDITORS%% *}; gen=${gen#*=}
data="$OUT/layoff-$MEMBERS-$LEAVERS-$RECEIVERS-$CONTACTS-$HANDOVER"
if [ ! -f "$data/contacts.xlsx" ]; then
  "$gen" samples --out "$data" --members "$MEMBERS" --leavers "$LEAVERS" --receivers "$RECEIVERS" \
    --contacts "$CONTACTS" --handover-rows "$HANDOVER" --seed 1 >/dev/null
fi
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# audit_args: the audit's flags for format set $fmt and binary $name (no
# path holds a space: bench/out and generated names only).
audit_args() {
  echo --quiet --roster "$data/roster.xlsx" --contacts "$data/contacts.xlsx" --groups "$data/groups.xlsx" \
    --plan "$data/handover.xlsx" --profile "$data/profile.yaml" --as-of 2026-11-30 \
    --format "$fmt" --out "$OUT/report-layoff-$name"
}
declare -A secs=() cpus=() peak=() loads=()
infl=() kinfl=()
for _ in $(seq "$RUNS"); do
  infl+=("$("$OUT/floor" -inflate "$data/contacts.xlsx" | cut -d' ' -f1)")
  kinfl+=("$("$OUT/floor" -inflate-fast "$data/contacts.xlsx" | cut -d' ' -f1)")
  for fmt in $FORMATS; do
    for b in $AUDITORS; do
      name=${b%%=*} bin=${b#*=} key="$fmt $name"
      /usr/bin/time -f '%e %M %U %S' -o "$OUT/time.txt" "$bin" audit $(audit_args) >/dev/null || true
      read -r s kb us ss < "$OUT/time.txt"
      secs[$key]+="$s "
      cpus[$key]+="$(echo "$us + $ss" | bc -l) "
      loads[$key]+="$(cut -d' ' -f1 /proc/loadavg) "
      [ "$kb" -gt "${peak[$key]:-0}" ] && peak[$key]=$kb
    done
  done
done
if [ "${PROFILE:-1}" != 0 ]; then
  for fmt in $FORMATS; do
    for b in $AUDITORS; do
      name=${b%%=*} bin=${b#*=}
      "$bin" --memprofile "$data-${fmt//,/-}-$name.mprof" audit $(audit_args) >/dev/null || true
    done
  done
fi
i=$(printf '%s\n' "${infl[@]}" | median)
k=$(printf '%s\n' "${kinfl[@]}" | median)
echo "layoff: $MEMBERS members, $LEAVERS leavers, $RECEIVERS receivers, $CONTACTS contacts, handover rows $HANDOVER (0: one per leaver)"
echo "pure inflate of the contacts: compress/flate $i s, klauspost/compress/flate $k s"
printf '%-16s %-8s %9s %7s %8s %6s\n' formats binary wall_s cpu_s peak_MB load
for fmt in $FORMATS; do
  for b in $AUDITORS; do
    name=${b%%=*} key="$fmt $name"
    printf '%-16s %-8s %9.2f %7.2f %8d %6s\n' "$fmt" "$name" "$(printf '%s\n' ${secs[$key]} | median)" \
      "$(printf '%s\n' ${cpus[$key]} | median)" $((peak[$key] / 1024)) "$(printf '%s\n' ${loads[$key]} | median)"
  done
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3); peak_MB is the largest of the runs, the rest medians"
