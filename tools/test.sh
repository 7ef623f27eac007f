#!/usr/bin/env bash
# `npm test`: every check CI runs, each once, in the order that fails fastest. Needs no running services: the tests
# start their own Postgres and nats-server (installed from the OS packages when missing).
#
# Budget (issue 9): <= 10 minutes from a fresh clone on 2 cores. Nothing is checked twice: `tsc -b` builds the sources
# (tsconfig.build.json) and then type-checks the tests (each project's tsconfig.json holds its tests and references its
# tsconfig.lib.json), so there is no separate typecheck. ESLint runs once over the repository (one TypeScript program,
# type-aware rules, module boundaries) in the background from the start; the integration tests (which load the
# workspace packages from the build) and the end-to-end tests (which start the system from the build) start as soon as
# the sources are built, beside the test type check, the generated-artifact check, prettier and the unit tests, then
# the benchmark smokes. A table of wall times per step closes the output (also in .data/test-results/steps.txt);
# a background layer's time is to its own end.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
results=.data/test-results
rm -rf "$results" && mkdir -p "$results"

now() { date +%s%N; }
started_at=$(now)
steps=()
lint_pid=''
integration_pid=''
e2e_pid=''
current=''
seconds_between() { printf '%7.1f s' "$((($2 - $1) / 1000000))e-3"; }
seconds_since() { seconds_between "$1" "$(now)"; }
record() {
  steps+=("$(printf '%-62s %s' "$1" "$(seconds_since "$2")")")
  current=''
}
# record_background "<title>" <t0> <name>: a background layer, timed to when it ended (the time stamp it wrote), not
# to when this script got round to waiting for it.
record_background() {
  local end
  end=$(cat "$results/$3.end" 2>/dev/null || now)
  steps+=("$(printf '%-62s %s' "$1" "$(seconds_between "$2" "$end")")")
  current=''
}
summary() {
  local rc=$? pid layer
  for pid in $lint_pid $integration_pid $e2e_pid; do # a step failed while a background layer still ran: stop it
    kill -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  # A failure is named again at the very end (all that a CI page may keep of a long output): the tests that failed,
  # from the layers' reports, or the end of the output of a layer that ended without one.
  if [ "$rc" -ne 0 ]; then
    [ ! -f tools/dist/test-summary.js ] || node tools/dist/test-summary.js "$results" --failures || true
    for layer in integration e2e; do
      if [ -f "$results/$layer.end" ] && [ ! -f "$results/$layer.json" ]; then
        printf '\n==> the end of the %s output (it wrote no report)\n' "$layer"
        tail -n 40 "$results/$layer.log"
      fi
    done
  fi
  {
    printf '\n%-62s %9s\n' 'step' 'wall'
    [ "${#steps[@]}" -eq 0 ] || printf '%s\n' "${steps[@]}"
    [ -n "$current" ] && printf '%-62s %s  FAILED\n' "$current" "$(seconds_since "$current_t0")"
    printf '%-62s %s\n' 'total' "$(seconds_since "$started_at")"
  } | tee "$results/steps.txt"
}
trap summary EXIT
trap 'exit 130' INT TERM
# run "<title>" command...: one step, timed.
run() {
  local title=$1 t0
  shift
  printf '\n==> %s\n' "$title"
  t0=$(now)
  current=$title current_t0=$t0
  "$@"
  record "$title" "$t0"
}

# Lint reads the sources only (no build needed): start it now, on the second core. The module-boundary rule reads
# Nx's cached project graph and skips itself (a line on stdout, no warning) when there is none: write it first.
lint_t0=$(now)
setsid bash -c 'npx nx show projects >/dev/null && exec node node_modules/eslint/bin/eslint.js --max-warnings=0 .' \
  >"$results/lint.log" 2>&1 &
lint_pid=$!

# vitest_layer <report name> <project pattern>
vitest_layer() {
  local rc=0
  npx vitest run --project "$2" --reporter=default --reporter=json --outputFile.json="$results/$1.json" || rc=$?
  date +%s%N >"$results/$1.end"
  return "$rc"
}

# The build first (what the integration tests load), then, while they run, the type check of the tests (incremental:
# the same `tsc -b` graph, the libraries already built).
run "build (tsc -b tsconfig.build.json)" npx tsc -b tsconfig.build.json
# The integration tests need only the build (they load the workspace packages from it): they start now, on the core
# that lint leaves free once it is done (~35 s of CPU), beside the checks and unit tests, then the benchmark smokes
# and the end-to-end tests. Each layer waits much of its time on Postgres, nats-server and the processes it starts.
integration_t0=$(now)
setsid bash -c "$(declare -f vitest_layer); results='$results'; vitest_layer integration 'integration*'" \
  >"$results/integration.log" 2>&1 &
integration_pid=$!
# The end-to-end tests need only the build too, and are the longest layer (one system started, then ~25 scenarios one
# after another, much of it waiting on the processes they drive): they start now as well. Started after the unit
# tests (as before), they ran alone for the last ~160 s of a fresh-clone run with a core idle.
e2e_t0=$(now)
setsid bash -c "$(declare -f vitest_layer); results='$results'; vitest_layer e2e e2e" >"$results/e2e.log" 2>&1 &
e2e_pid=$!
run "tests type-checked (tsc -b, incremental)" npx tsc -b
run "generated artifacts (SDLs, supergraph) match the code" node tools/dist/generate.js --check
run "formatting (prettier)" npx prettier --check . --log-level warn

# unit*: the shared-module-graph unit project and the few files that need isolation (vitest.config.ts).
run "unit tests" vitest_layer unit 'unit*'
printf '\n==> lint (eslint: zero warnings, type-aware rules, module boundaries)\n'
current='lint (eslint, from the start)' current_t0=$lint_t0
lint_rc=0
wait "$lint_pid" || lint_rc=$?
lint_pid=''
cat "$results/lint.log"
if grep -q 'No cached ProjectGraph' "$results/lint.log"; then
  echo 'lint: the module-boundary rule did not run (no Nx project graph)' >&2
  lint_rc=1
fi
[ "$lint_rc" -eq 0 ] || exit "$lint_rc"
record "lint (eslint, from the start)" "$lint_t0"
# Smoke mode: seconds at small sizes, the figures mean nothing; a benchmark that cannot produce them fails the run.
# The two run side by side: they spend much of their time waiting (open-loop load at a fixed rate, commits).
bench_smokes() {
  local rc=0 gateway discovery loadgen adapters chaos
  node bench/dist/gateway/gateway.bench.js --smoke >"$results/bench-gateway.log" 2>&1 &
  gateway=$!
  node bench/dist/discovery/discovery.bench.js --smoke >"$results/bench-discovery.log" 2>&1 &
  discovery=$!
  node bench/dist/loadgen/loadgen.bench.js --smoke >"$results/bench-loadgen.log" 2>&1 &
  loadgen=$!
  node bench/dist/adapters/adapters.bench.js --smoke >"$results/bench-adapters.log" 2>&1 &
  adapters=$!
  # After the adapters bench, not beside it: each starts a Postgres, a nats-server and a broker of its own, and the
  # machine is loaded enough by then (e2e and integration run beside the smokes).
  (
    wait_for_pid() { while kill -0 "$1" 2>/dev/null; do sleep 0.5; done; }
    wait_for_pid "$adapters"
    exec node bench/dist/chaos/adapters-chaos.js --smoke
  ) >"$results/chaos-adapters.log" 2>&1 &
  chaos=$!
  wait "$gateway" || rc=1
  cat "$results/bench-gateway.log"
  wait "$discovery" || rc=1
  cat "$results/bench-discovery.log"
  wait "$loadgen" || rc=1
  cat "$results/bench-loadgen.log"
  wait "$adapters" || rc=1
  cat "$results/bench-adapters.log"
  wait "$chaos" || rc=1
  cat "$results/chaos-adapters.log"
  return "$rc"
}

# Each layer's output is printed when it is done.
later_failed=''
smokes_t0=$(now)
printf '\n==> benchmark smokes (gateway, discovery, loadgen, adapters; adapters chaos), side by side\n'
if bench_smokes; then
  record "benchmark and chaos smokes (beside integration and e2e)" "$smokes_t0"
else
  later_failed='benchmark smokes'
fi
if wait "$e2e_pid"; then e2e_ok=1; else e2e_ok=0; fi
e2e_pid=''
printf '\n==> end-to-end tests (the system as npm start runs it)\n'
cat "$results/e2e.log"
if [ "$e2e_ok" -eq 1 ]; then
  record_background "end-to-end tests (from the build on, beside everything)" "$e2e_t0" e2e
else
  later_failed="${later_failed:+$later_failed, }end-to-end tests"
fi
printf '\n==> integration tests (real Postgres and NATS)\n'
current='integration tests (beside checks, unit, lint, smokes, e2e)' current_t0=$integration_t0
integration_rc=0
wait "$integration_pid" || integration_rc=$?
integration_pid=''
cat "$results/integration.log"
[ "$integration_rc" -eq 0 ] || exit "$integration_rc"
record_background "integration tests (beside checks, unit, lint, smokes, e2e)" "$integration_t0" integration
if [ -n "$later_failed" ]; then
  current="$later_failed" current_t0=$smokes_t0
  exit 1
fi
node tools/dist/test-summary.js "$results"
