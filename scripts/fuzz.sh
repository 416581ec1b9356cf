#!/usr/bin/env bash
# Runs every libFuzzer target until FUZZ_RUNS executions (default 1,000,000) or FUZZ_SECONDS (default 60),
# whichever comes first, from seeds made by a real session, and writes build/fuzz/report.md with executions
# and crashes per target (found by this run). FUZZ_TARGETS picks some targets (default: all). Crash inputs
# are kept under build/fuzz/<target>/crashes/ (each becomes a unit test). Exit status 1 when any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
runs=${FUZZ_RUNS:-1000000}
targets=${FUZZ_TARGETS:-import_state journal_record catalog magic_link id_token completion_stream}
out=build/fuzz
bin=build/cmake-fuzz/tests/fuzz
rm -rf "$out/seeds" && mkdir -p "$out"
"$bin/make_seeds" "$out/seeds" >/dev/null

# The ledger targets parse, re-hash and replay whole journals per input: small inputs keep an execution cheap
# (their seeds are a few KB) so a million runs fit in minutes. The others take what a real file can be.
max_len() {
  case "$1" in
    import_state) echo 16384 ;;
    journal_record) echo 4096 ;;
    *) echo 65536 ;;
  esac
}

report="$out/report.md"
{
  echo "# Fuzzing — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "clang: $(clang++ --version | head -1); ASan + UBSan; each target until ${runs} runs or ${seconds} s, on $(nproc) cores."
  echo
  echo "| target | executions | exec/s | seconds | corpus | crashes |"
  echo "|---|---:|---:|---:|---:|---:|"
} >"$report"
failed=0
for target in $targets; do
  corpus="$out/$target/corpus" crashes="$out/$target/crashes"
  mkdir -p "$corpus" "$crashes"
  log="$out/$target/log.txt"
  started=$(date +%s)
  set +e
  "$bin/fuzz_$target" "$corpus" "$out/seeds/$target" -runs="$runs" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$crashes/" -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=4096 >"$log" 2>&1
  status=$?
  set -e
  took=$(($(date +%s) - started))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  found=$(find "$crashes" -type f -newermt "@$started" | wc -l)  # this run's; earlier ones stay kept
  [ "$status" -ne 0 ] && [ "$found" -eq 0 ] && found=1  # died without an artifact: count it
  [ "$found" -ne 0 ] && failed=1
  printf '| %s | %s | %s | %s | %s | %s |\n' "$target" "$execs" "$rate" "$took" "$(ls "$corpus" | wc -l)" "$found" >>"$report"
  echo "fuzz: $target: $execs executions in $took s, $found crash(es)"
done
echo "fuzz: report in $report"
exit $failed
