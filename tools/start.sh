#!/usr/bin/env bash
# `npm start`: build, then run the whole system (embedded Postgres + nats-server unless DATABASE_URL / NATS_URL are set).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> building"
npx tsc -b tsconfig.build.json
exec node --enable-source-maps tools/dist/start.js
