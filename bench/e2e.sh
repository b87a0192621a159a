#!/usr/bin/env bash
# End-to-end timings of the release binary on a generated corpus, against the
# performance targets of the README:
#   bench/e2e.sh                    (N=10000 studies in target/corpus, 5 rounds)
#   N=2000 ROUNDS=3 bench/e2e.sh    (a smaller corpus, fewer rounds)
# Each round runs every measurement once, so that a run and the one it is
# compared with (the floor, one thread) are interleaved and see the same
# machine; the script prints medians over the rounds and the median of the
# per-round ratios. Peak memory needs GNU time (/usr/bin/time).
set -euo pipefail
# Decimal points, whatever the user's locale (EPOCHREALTIME and awk follow it).
export LC_ALL=C
cd "$(dirname "$0")/.."
N=${N:-10000}
OUT=${OUT:-target/corpus}
ROUNDS=${ROUNDS:-5}
cargo build --release --locked --quiet --bin pip-lint --example gen_corpus --example floor
if [ ! -d "$OUT/studies" ] || [ "$(ls "$OUT/studies" | wc -l)" -ne "$N" ]; then
  rm -rf "$OUT"
  target/release/examples/gen_corpus "$OUT" "$N"
fi
B=target/release/pip-lint
F=target/release/examples/floor
STUDIES="$OUT/studies"
LARGE="$OUT/large/estudio-grande.yaml"
ONE=fixtures/studies/centro-de-salud-huayllay.yaml
CORES=$(nproc 2> /dev/null || echo "?")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

HAVE_TIME=0
if /usr/bin/time -f '%M' true > /dev/null 2>&1; then HAVE_TIME=1; fi

# measure NAME CMD…: runs CMD once and appends its wall seconds to
# $TMP/NAME.wall. pip-lint exits 1 when a study has errors, as generated
# studies do; any other failure stops the script. The clock is bash 5's
# EPOCHREALTIME, read without starting a process (older shells, as on macOS,
# ask `date`, whose start-up then counts in the time).
measure() {
  local name=$1 status=0 t0 t1; shift
  t0=${EPOCHREALTIME:-$(date +%s.%N)}
  "$@" > /dev/null 2> "$TMP/err" || status=$?
  t1=${EPOCHREALTIME:-$(date +%s.%N)}
  if [ "$status" -gt 1 ]; then
    echo "failed (exit $status): $*" >&2
    cat "$TMP/err" >&2
    exit 1
  fi
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }' >> "$TMP/$name.wall"
}

# measure_peak NAME CMD…: the same under GNU time, which also appends the
# peak memory in KB to $TMP/NAME.peak (its own start-up, about a millisecond,
# is in the wall time: not used for the one-study run).
measure_peak() {
  if [ "$HAVE_TIME" = 1 ]; then
    local name=$1; shift
    measure "$name" /usr/bin/time -o "$TMP/t" -f '%M' "$@"
    tail -n 1 "$TMP/t" >> "$TMP/$name.peak"
  else
    measure "$@"
  fi
}

secs() { median "$1" | xargs printf '%.3f'; }
per_second() { awk -v n="$N" -v t="$1" 'BEGIN { printf "%.0f", n / t }'; }
row() { printf '%-46s %-34s %s\n' "$@"; }
# The targets over a corpus are set for 10 000 studies.
at_size() { if [ "$N" = 10000 ]; then echo "$1"; else echo "(set for 10 000 studies)"; fi; }
median() { sort -g "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# ratio A B: the median of the per-round ratios A/B (lines paired by round).
ratio() {
  paste "$TMP/$1.wall" "$TMP/$2.wall" | awk '{ print $1 / $2 }' > "$TMP/r"
  median "$TMP/r" | xargs printf '%.2f'
}
peak_mb() { awk '{ print $1 / 1024 }' "$TMP/$1.peak" > "$TMP/p"; median "$TMP/p" | xargs printf '%.0f'; }
verdict() {
  if awk -v a="$1" -v op="$2" -v b="$3" \
    'BEGIN { exit !(op == "<" ? a < b : op == "<=" ? a <= b : a >= b) }'; then
    echo met
  else
    echo "NOT met"
  fi
}

ROUND_S=rounds; [ "$ROUNDS" = 1 ] && ROUND_S=round
echo "pip-lint $($B --version | awk '{ print $2 }'), $N studies in $STUDIES ($(du -sh "$STUDIES" | cut -f1)), $CORES cores, $ROUNDS $ROUND_S"
for round in $(seq "$ROUNDS"); do
  echo "round $round of $ROUNDS…" >&2
  for _ in 1 2 3 4; do measure one $B $ONE --format json; done
  measure_peak large $B "$LARGE" --format json
  measure floor $F "$STUDIES"
  measure_peak full $B "$STUDIES" --format json -o "$TMP/out-default.json"
  measure schema $B "$STUDIES" --format json --select S
  measure floor_full $F "$STUDIES" 0 full
  measure t1 $B --threads 1 "$STUDIES" --format json -o "$TMP/out-1.json"
  measure t2 $B --threads 2 "$STUDIES" --format json -o "$TMP/out-2.json"
done

full=$(secs "$TMP/full.wall")
floor=$(secs "$TMP/floor.wall")
one=$(secs "$TMP/one.wall")
large=$(secs "$TMP/large.wall")
per_s=$(per_second "$full")
floor_per_s=$(per_second "$floor")
over_floor=$(ratio full floor)
speedup=$(ratio t1 t2)
row "what" "measured (medians)" "target"
row "one bundled study, whole process" "$one s" "< 0.010 s: $(verdict "$one" '<' 0.010)"
row "the 5 MB study, whole process" "$large s" "< 0.200 s: $(verdict "$large" '<' 0.200)"
if [ "$HAVE_TIME" = 1 ]; then
  row "  its peak memory" "$(peak_mb large) MB" ""
fi
row "floor: read + parse $N studies with spans" "$floor s ($floor_per_s studies/s)" ""
row "lint $N studies, json, all cores" "$full s ($per_s studies/s)" "$(at_size ">= 3000/s: $(verdict "$per_s" '>=' 3000)")"
row "full run / floor (paired)" "$over_floor" "$(at_size "<= 1.5: $(verdict "$over_floor" '<=' 1.5)")"
if [ "$HAVE_TIME" = 1 ]; then
  peak=$(peak_mb full)
  row "peak memory, $N studies" "$peak MB" "$(at_size "< 100 MB: $(verdict "$peak" '<' 100)")"
fi
row "1 thread / 2 threads (paired)" "$speedup" "$(at_size ">= 1.8: $(verdict "$speedup" '>=' 1.8)")"
# Where the time beyond the floor goes: the schema alone (no rule runs), and
# what the floor would be with the full YAML parser alone (no fast path).
row "schema only (--select S) / floor (paired)" "$(ratio schema floor)" ""
row "floor with the full parser alone" "$(secs "$TMP/floor_full.wall") s; full run / it $(ratio full floor_full)" ""
if cmp -s "$TMP/out-1.json" "$TMP/out-2.json" && cmp -s "$TMP/out-1.json" "$TMP/out-default.json"; then
  echo "1 thread, 2 threads and all cores: identical output"
else
  echo "1 thread, 2 threads and all cores: OUTPUTS DIFFER"
  exit 1
fi
