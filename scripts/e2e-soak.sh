#!/usr/bin/env bash
# Soak test of the browser suite: run it RUNS times in a row (random order, a new seed each
# run) while the engine benchmark keeps the CPU busy beside it, and print runs, passes,
# failures and time. Any failure fails the script; each run's output is kept in LOG_DIR.
#
#   bash scripts/e2e-soak.sh                  # 20 runs on SQLite, under load
#   RUNS=5 LOAD=0 bash scripts/e2e-soak.sh    # 5 runs, no load
#   SROI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sroi_soak bash scripts/e2e-soak.sh
set -uo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-20}
LOAD=${LOAD:-1}
LOG_DIR=${LOG_DIR:-var/e2e-soak}
BIN=.venv/bin
mkdir -p "$LOG_DIR"

load_pid=""
stop_load() {
  if [ -n "$load_pid" ]; then
    kill -- "-$load_pid" 2>/dev/null || kill "$load_pid" 2>/dev/null
    wait "$load_pid" 2>/dev/null
  fi
}
trap stop_load EXIT

if [ "$LOAD" = "1" ]; then
  # The engine benchmark in a loop, in its own process group so it stops with this script.
  set -m
  (while true; do "$BIN/python" benchmarks/engine.py >/dev/null 2>&1; done) &
  load_pid=$!
  set +m
  echo "e2e-soak: load running (benchmarks/engine.py in a loop, process group $load_pid)"
fi

passes=0
failures=0
started=$(date +%s)
for run in $(seq 1 "$RUNS"); do
  log="$LOG_DIR/run-$run.log"
  seed=$((RANDOM * 32768 + RANDOM))
  run_started=$(date +%s)
  "$BIN/pytest" -m e2e -q -p no:cacheprovider --randomly-seed="$seed" >"$log" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ]; then
    passes=$((passes + 1))
    verdict=passed
  elif [ "$rc" -eq 1 ]; then
    failures=$((failures + 1))
    verdict=FAILED
  else
    # Not a test failing: pytest could not run (import error, no tests, bad option).
    echo "e2e-soak: run $run could not run the suite (pytest exit $rc); see $log" >&2
    exit 2
  fi
  summary=$(grep -E "^(=+ )?[0-9]+ (passed|failed|error)" "$log" | tail -1 | tr -d '=')
  echo "e2e-soak: run $run/$RUNS $verdict in $(( $(date +%s) - run_started )) s," \
    "seed $seed (${summary# })"
done
total=$(( $(date +%s) - started ))

echo "e2e-soak: runs $RUNS, passes $passes, failures $failures, total $total s," \
  "mean $(( total / RUNS )) s per run, load $([ "$LOAD" = 1 ] && echo on || echo off)," \
  "database ${SROI_DATABASE_URL:-SQLite file}; logs in $LOG_DIR/"
[ "$failures" -eq 0 ]
