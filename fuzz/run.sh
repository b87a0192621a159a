#!/usr/bin/env bash
# Fuzzes pip-lint: seeds each target's corpus from the fixtures, then runs it.
#   fuzz/run.sh                 (each target for 600 s)
#   SECONDS_EACH=60 fuzz/run.sh yaml_load
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${SECONDS_EACH:-600}
targets=("${@:-yaml_load yaml_fast lint_one rule_load}")
read -r -a targets <<< "${targets[*]}"
seed() {
    local dir=corpus/$1; shift
    mkdir -p "$dir"
    find "$@" -name '*.yaml' -size -200k | while read -r f; do
        cp "$f" "$dir/$(echo "${f#../}" | tr / _)"
    done
}
for t in "${targets[@]}"; do
    case $t in
        rule_load) seed "$t" ../rules ../fixtures/syntax ;;
        *) seed "$t" ../fixtures/studies ../fixtures/syntax ../fixtures/rules ../templates ;;
    esac
    cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$SECONDS_EACH" -max_len=262144 -rss_limit_mb=1024
done
