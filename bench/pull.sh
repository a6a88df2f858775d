#!/bin/sh
# bench/pull.sh [MEMBERS] [CUSTOMERS]: `auditor pull` of a generated
# enterprise (default 20,000 members, 1,000,000 member–customer
# relationships) against the wecomtest stand-in, as its own process under
# /usr/bin/time -v; then checks that no secret is in any file under the
# output folder, in stdout or in stderr. Pacing is the production one
# (pull.DefaultLimits), so user/get's 20,000 calls take over a minute.
set -eu
members=${1:-20000}
customers=${2:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill $stand 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$root"
go build -o "$work/auditor" ./cmd/auditor
go build -o "$work/wecomstand" ./pull/wecomtest/wecomstand
"$work/wecomstand" -members "$members" -customers "$customers" -credentials "$work/creds.yaml" >"$work/url" &
stand=$!
while [ ! -s "$work/url" ]; do sleep 0.1; done
url=$(cat "$work/url")
echo "load before: $(uptime)"
/usr/bin/time -v "$work/auditor" pull --credentials "$work/creds.yaml" --api-base "$url" --out "$work/out" --quiet \
	>"$work/stdout" 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }
cat "$work/stdout"
grep -E "Elapsed|Maximum resident" "$work/stderr"
grep -E '"calls"|"endpoint"' "$work/out/manifest.json" | sed 1d | paste - - | sed 's/  */ /g'
ls -l "$work/out"
for s in $(sed -n 's/^[a-z_]*secret: //p' "$work/creds.yaml"); do
	if grep -rqF "$s" "$work/out" "$work/stdout" "$work/stderr"; then
		echo "SECRET FOUND"; exit 1
	fi
done
if grep -rqF "TOKEN-" "$work/out" "$work/stdout" "$work/stderr"; then echo "TOKEN FOUND"; exit 1; fi
echo "no secret or token in $work/out, stdout or stderr"
# The pulled files as the audit reads them (pull's own figures are above).
if [ "${AUDIT:-1}" = 1 ]; then
	/usr/bin/time -v "$work/auditor" audit --roster "$work/out/roster.csv" --contacts "$work/out/contacts.csv" \
		--groups "$work/out/groups.csv" --as-of 2026-11-30 --format json --out "$work/report" --quiet \
		>"$work/audit.out" 2>"$work/audit.err" || [ $? = 1 ] || { cat "$work/audit.err"; exit 1; }
	echo "audit of the pull:"; grep -E "Elapsed|Maximum resident" "$work/audit.err"
	grep -A3 '"external_contacts_unknown_for"' "$work/report"/audit-*.json | head -4
	cat "$work/audit.out"
fi
