#!/usr/bin/env bash
# Runs every libFuzzer target for FUZZ_SECONDS (default 60) each, from seeds made by a real session, and
# writes build/fuzz/report.md with executions and crashes per target. Crash inputs are kept under
# build/fuzz/<target>/crashes/ (each becomes a unit test). Exit status 1 when any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
out=build/fuzz
bin=build/cmake-fuzz/tests/fuzz
rm -rf "$out/seeds" && mkdir -p "$out"
"$bin/make_seeds" "$out/seeds" >/dev/null

report="$out/report.md"
{
  echo "# Fuzzing — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "clang: $(clang++ --version | head -1); ASan + UBSan; ${seconds} s per target on $(nproc) cores."
  echo
  echo "| target | executions | exec/s | corpus | crashes |"
  echo "|---|---:|---:|---:|---:|"
} >"$report"
failed=0
for target in import_state journal_record catalog magic_link id_token; do
  corpus="$out/$target/corpus" crashes="$out/$target/crashes"
  mkdir -p "$corpus" "$crashes"
  log="$out/$target/log.txt"
  set +e
  "$bin/fuzz_$target" "$corpus" "$out/seeds/$target" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$crashes/" -max_len=65536 -timeout=10 -rss_limit_mb=4096 >"$log" 2>&1
  status=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  found=$(find "$crashes" -type f | wc -l)
  [ "$status" -ne 0 ] && [ "$found" -eq 0 ] && found=1  # died without an artifact: count it
  [ "$found" -ne 0 ] && failed=1
  printf '| %s | %s | %s | %s | %s |\n' "$target" "$execs" "$rate" "$(ls "$corpus" | wc -l)" "$found" >>"$report"
  echo "fuzz: $target: $execs executions, $found crash(es)"
done
echo "fuzz: report in $report"
exit $failed
