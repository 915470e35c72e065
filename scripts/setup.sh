#!/usr/bin/env bash
# Installs everything Ingot needs to build and test on Debian 12. Idempotent: each step is skipped
# when it is already satisfied, so `make setup` is cheap to run before every build.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build, the tests and the benchmarks use.
APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  clang-format
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libsimdjson-dev libyaml-cpp-dev libspdlog-dev libfmt-dev
  libcurl4-openssl-dev libssl-dev libpq-dev librdkafka-dev libroaring-dev libcpp-httplib-dev
  nodejs npm
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${APT_PACKAGES[@]}"; do
  # nodejs/npm may come from elsewhere (nvm, NodeSource): a working binary on PATH is enough.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages already installed"
fi

# DuckDB, pinned by package-lock.json: the prebuilt libduckdb.so from @duckdb/node-bindings-linux-x64
# and duckdb.h from the duckdb source package of the same version (its install scripts are not run).
DUCKDB_LIB=node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so
DUCKDB_HDR=node_modules/duckdb/src/duckdb/src/include/duckdb.h
stamp=node_modules/.ingot-lock-stamp
if [ -f "$DUCKDB_LIB" ] && [ -f "$DUCKDB_HDR" ] && [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  echo "setup: DuckDB already installed ($(node -p "require('./package.json').dependencies.duckdb"))"
else
  echo "setup: installing the pinned DuckDB with npm ci"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  [ -f "$DUCKDB_LIB" ] || { echo "setup: $DUCKDB_LIB missing after npm ci" >&2; exit 1; }
  [ -f "$DUCKDB_HDR" ] || { echo "setup: $DUCKDB_HDR missing after npm ci" >&2; exit 1; }
  cp package-lock.json "$stamp"
fi
