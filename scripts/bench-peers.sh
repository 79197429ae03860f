#!/usr/bin/env bash
# bench-peers.sh: digestbot against Open Text Summarizer (ots), whole process,
# side by side on the same inputs, then both scored with ROUGE on every shared
# story. The figures go to docs/BENCHMARKS.md and docs/QUALITY.md.
#
# Usage: scripts/bench-peers.sh [--stories DIR] [--sizes "1 20 100"] [--no-rouge] [--keep]
#
#   --stories DIR   the shared stories (default: ../shared/stories beside the repository)
#   --sizes LIST    input sizes, as multiples of the paris-summit story's words
#   --no-rouge      skip the ROUGE table (about 15 s)
#   --keep          keep the temporary folder with the inputs and outputs
#
# Installs ots, hyperfine and GNU time with apt-get when they are missing.
#
# Inputs (built at run time in a temporary folder by scripts/benchinput,
# never committed: the shared text is licensed for research use only):
#   1×    the paris-summit story's five articles;
#   N×    N times its words, from every shared story's articles in a seeded
#         order, then articles mixed from their shuffled paragraphs (the
#         shared stories hold only about 27× paris-summit's words, and
#         digestbot would count a repeated article once).
# digestbot reads the articles as files in a folder, ots reads the same files
# joined into one text file: ots summarizes a single document (a file or
# standard input), digestbot a story of several articles. The joined file is
# the files' bytes in the same order, so both read the same words and
# sentences; only digestbot sees where one article ends, which it needs to
# credit outlets and to weigh facts that several of them report.
#
# Timing: hyperfine, no shell (-N), output discarded; 3 warm-ups and 20 runs
# at 1×, 1 and 5 up to 20×, none and 3 beyond (the peak-memory run before it
# warms the page cache). Then as many rounds again that run digestbot and
# ots alternately, one after the other, each timed by bash's EPOCHREALTIME:
# a shared machine's busy spells then slow both alike, and the speedup is
# the ratio of the two medians. Peak memory: /usr/bin/time -v, "Maximum resident set
# size", of one run of each command.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
stories=$root/../shared/stories
sizes="1 20 100"
rouge=1
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	--stories) stories=$2; shift 2 ;;
	--sizes) sizes=$2; shift 2 ;;
	--no-rouge) rouge=0; shift ;;
	--keep) keep=1; shift ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench-peers: unknown argument $1 (try --help)" >&2; exit 2 ;;
	esac
done
stories=$(cd "$stories" && pwd)
[ -d "$stories/paris-summit/articles" ] || { echo "bench-peers: no $stories/paris-summit/articles" >&2; exit 1; }

# Tools, installed from Debian when missing.
updated=0
install() {
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	if [ $updated -eq 0 ]; then $sudo apt-get update -qq; updated=1; fi
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v ots >/dev/null || install ots
command -v hyperfine >/dev/null || install hyperfine
[ -x /usr/bin/time ] || install time
command -v go >/dev/null || { echo "bench-peers: go is needed to build digestbot" >&2; exit 1; }

tmp=$(mktemp -d)
if [ $keep -eq 1 ]; then echo "temporary folder: $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi

echo "== machine"
echo "$(date -u +%Y-%m-%d), $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(go version | cut -d' ' -f3)," \
	"$(hyperfine --version), ots $(dpkg-query -W -f '${Version}' ots 2>/dev/null || echo '?')"

(cd "$root" && go build -o "$tmp/digestbot" . && go build -o "$tmp/benchinput" ./scripts/benchinput)

# peak RSS in MB of one run of a command, its output to $out.
peak() {
	local out=$1
	shift
	/usr/bin/time -v "$@" >"$out" 2>"$out.time" || { cat "$out.time" >&2; return 1; }
	awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2 / 1024}' "$out.time"
}

# mean ± σ of a command in the hyperfine CSV, in ms.
timing() {
	awk -F, -v name="$2" '$1 == name {
		if ($2 < 1) printf "%.0f ms ± %.0f", $2 * 1000, $3 * 1000; else printf "%.2f s ± %.2f", $2, $3 }' "$1"
}
mean() { awk -F, -v name="$2" '$1 == name {print $2}' "$1"; }

# alternate runs the commands in the arrays dbot and ots $1 times each,
# alternately, and prints the median wall times of both in ms.
alternate() {
	local i t0 t1 t2 d=() o=()
	for ((i = 0; i < $1; i++)); do
		t0=$EPOCHREALTIME
		"${dbot[@]}" >/dev/null 2>&1
		t1=$EPOCHREALTIME
		"${ots[@]}" >/dev/null 2>&1
		t2=$EPOCHREALTIME
		d+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) * 1000}')")
		o+=("$(awk -v a="$t1" -v b="$t2" 'BEGIN {print (b - a) * 1000}')")
	done
	echo "$(printf '%s\n' "${d[@]}" | median) $(printf '%s\n' "${o[@]}" | median)"
}

# median of numbers, one a line.
median() {
	sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# ms as ms below a second, else as s.
ms() { awk -v t="$1" 'BEGIN {if (t < 1000) printf "%.1f ms", t; else printf "%.2f s", t / 1000}'; }

# the first $2 non-blank lines of file $1 (not an underline), cut to 160 characters.
first() {
	awk -v n="$2" 'NF && !/^=+$/ {
		print (length($0) > 160 ? substr($0, 1, 159) "…" : $0); if (++k == n) exit }' "$1"
}

rows=()
sanity=()
for n in $sizes; do
	dir=$tmp/x$n
	made=$("$tmp/benchinput" -stories "$stories" -scale "$n" -out "$dir")
	files=$(ls "$dir/articles" | wc -l)
	words=$(wc -w <"$dir/all.txt")
	if [ "$n" -le 1 ]; then warm=3 runs=20; elif [ "$n" -le 20 ]; then warm=1 runs=5; else warm=0 runs=3; fi
	echo "== ${n}×: $made; hyperfine -w $warm -r $runs"
	dbot=("$tmp/digestbot" digest "$dir/articles")
	ots=(ots --ratio 10 "$dir/all.txt")
	drss=$(peak "$dir/digestbot.out" "${dbot[@]}")
	orss=$(peak "$dir/ots.out" "${ots[@]}")
	hyperfine -N --style basic -w $warm -r $runs --export-csv "$dir/times.csv" \
		-n digestbot "${dbot[*]}" -n ots "${ots[*]}" | grep -E '^ +(Time|Range)|^Benchmark' || true
	speedup=$(awk -v o="$(mean "$dir/times.csv" ots)" -v d="$(mean "$dir/times.csv" digestbot)" 'BEGIN {printf "%.1f×", o / d}')
	read -r dmed omed < <(alternate $runs)
	echo "alternating, $runs rounds: digestbot median $(ms "$dmed"), ots median $(ms "$omed")"
	altspeedup=$(awk -v o="$omed" -v d="$dmed" 'BEGIN {printf "%.1f×", o / d}')
	used=$(grep -cE '^  \[[0-9]+\] ' "$dir/digestbot.out" || true)
	rows+=("| ${n}× | $files ($used digested) | $words | $(timing "$dir/times.csv" digestbot) | $drss | $(timing "$dir/times.csv" ots) | $orss | $speedup | $(ms "$dmed") | $(ms "$omed") | $altspeedup |")
	sanity+=("-- ${n}×, digestbot (title and first bullets):"
		"$(first "$dir/digestbot.out" 4)"
		"-- ${n}×, ots --ratio 10 (first lines):"
		"$(first "$dir/ots.out" 3)")
done

echo
echo "== whole process: \`digestbot digest DIR\` vs \`ots --ratio 10 FILE\`, same articles"
echo "| size | articles | words | digestbot mean ± σ | digestbot peak RSS | ots mean ± σ | ots peak RSS | speedup (means) | digestbot median, alternating | ots median, alternating | speedup (medians) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "== the outputs' first lines"
printf '%s\n' "${sanity[@]}"

if [ $rouge -eq 1 ]; then
	echo
	echo "== ROUGE recall on every shared story, cut to the budget as \`digestbot eval\` cuts"
	(cd "$root" && go run ./scripts/rougeots -stories "$stories")
fi
