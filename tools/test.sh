#!/usr/bin/env bash
# `npm test`: every check CI runs, in the order that fails fastest. Needs no running services: the tests start their own
# Postgres and nats-server (installed from the OS packages when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=true
results=.data/test-results
rm -rf "$results" && mkdir -p "$results"
step() { printf '\n==> %s\n' "$*"; }

step "build"
npx tsc -b tsconfig.build.json
step "generated artifacts (subgraph SDLs, supergraph) match the code"
node tools/dist/generate.js --check
step "formatting"
npx prettier --check . --log-level warn
step "lint (zero warnings, module boundaries) and typecheck"
npx nx run-many -t lint typecheck --parallel=2 --outputStyle=static
step "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$results/unit.json"
step "integration tests (real Postgres and NATS)"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$results/integration.json"
step "benchmarks still produce their figures (smoke mode: seconds at small sizes, the figures mean nothing)"
node bench/dist/gateway/gateway.bench.js --smoke
node bench/dist/discovery/discovery.bench.js --smoke
step "end-to-end tests (the system started as the README does, through the gateway)"
npx vitest run --project e2e --reporter=default --reporter=json --outputFile.json="$results/e2e.json"
node tools/dist/test-summary.js "$results"
