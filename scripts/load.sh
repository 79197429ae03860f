#!/bin/sh
# load.sh: 200 signed /digest commands at once against a freshly built
# digestbot, on Slack's endpoint and then Discord's, all on loopback.
# Prints acknowledgement latency (p50/p90/p99), errors and follow-ups;
# the figures go to docs/BENCHMARKS.md. Extra arguments go to loadgen
# (e.g. -n 500 -c 100).
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/digestbot" .
go build -o "$tmp/loadgen" ./cmd/loadgen
for mode in slack discord; do
	echo "== $mode"
	"$tmp/loadgen" -bin "$tmp/digestbot" -mode "$mode" -n 200 -c 200 -timeout 60s "$@"
done
