#!/usr/bin/env bash
# End-to-end timings of the release binary on a generated corpus:
#   bench/e2e.sh            (N=10000 studies in target/corpus)
#   N=2000 bench/e2e.sh     (a smaller corpus)
# Prints wall time and peak memory of each run (GNU time when present).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000}
OUT=${OUT:-target/corpus}
cargo build --release --locked --quiet --bin pip-lint --example gen_corpus --example floor
if [ ! -d "$OUT/studies" ] || [ "$(ls "$OUT/studies" | wc -l)" -ne "$N" ]; then
  rm -rf "$OUT"
  target/release/examples/gen_corpus "$OUT" "$N"
fi
B=target/release/pip-lint
# GNU time 1.8+ can leave out its "Command exited with non-zero status" line
# (pip-lint exits 1 when a study has errors, as generated studies do).
TQ=()
/usr/bin/time -q true 2> /dev/null && TQ=(-q)
run() {
  local what=$1; shift
  printf '%-44s ' "$what"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time ${TQ[@]+"${TQ[@]}"} -f '%e s wall, %M KB peak, exit %x' "$@" > /dev/null
  else
    local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N)
    echo "$(echo "$t1 - $t0" | bc) s wall"
  fi
}
run "one bundled study (json)" $B fixtures/studies/centro-de-salud-huayllay.yaml --format json
run "the 5 MB study (json)" $B "$OUT/large/estudio-grande.yaml" --format json || true
run "floor: read + parse $N studies with spans" target/release/examples/floor "$OUT/studies"
run "lint $N studies, json, 2 threads" $B "$OUT/studies" --format json -o /tmp/pip-lint-e2e-2.json || true
# Where the time beyond the floor goes: the schema alone (no rule runs), and
# what the floor would be with the full YAML parser alone (no fast path).
run "lint $N studies, schema only (--select S)" $B "$OUT/studies" --format json --select S || true
run "floor with the full parser alone" target/release/examples/floor "$OUT/studies" 0 full
run "lint $N studies, json, 1 thread" $B --threads 1 "$OUT/studies" --format json -o /tmp/pip-lint-e2e-1.json || true
cmp -s /tmp/pip-lint-e2e-1.json /tmp/pip-lint-e2e-2.json && echo "1 and 2 threads: identical output" || echo "1 and 2 threads: OUTPUTS DIFFER"
