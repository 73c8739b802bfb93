#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ for a set time each, two at a time, and prints a
# table of executions and crashes. Needs cargo-fuzz (cargo install cargo-fuzz); the stable
# toolchain is enough (RUSTC_BOOTSTRAP for cargo-fuzz's -Z flags, no sanitizer).
#
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default 600 s, all targets)
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(read_table names birth_date sex_and_number address)
export RUSTC_BOOTSTRAP=1
cargo fuzz build --sanitizer none -O >/dev/null
mkdir -p logs corpus-work
run() {
    local target=$1
    mkdir -p "corpus-work/$target"
    touch "logs/$target.start"
    cargo fuzz run --sanitizer none -O "$target" "corpus-work/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 > "logs/$target.log" 2>&1 || true
}
for ((i = 0; i < ${#targets[@]}; i += 2)); do
    run "${targets[i]}" &
    [ $((i + 1)) -lt ${#targets[@]} ] && run "${targets[i + 1]}" &
    wait
done
printf '| target | seconds | executions | crashes |\n|---|---:|---:|---:|\n'
for target in "${targets[@]}"; do
    executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$target.log" | grep -o '[0-9]*$' || echo "?")
    crashes=$(find "artifacts/$target" -type f -newer "logs/$target.start" 2>/dev/null | grep -c . || true)
    printf '| %s | %s | %s | %s |\n' "$target" "$seconds" "${executions:-?}" "$crashes"
done
