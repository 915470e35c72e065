#!/usr/bin/env bash
# `make install` layout: the installed binary finds the pinned libduckdb.so through its RPATH
# ($ORIGIN/../lib), with no LD_LIBRARY_PATH, and runs a query.
set -euo pipefail
build_dir=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
test -f "$prefix/lib/libduckdb.so"
out=$(env -u LD_LIBRARY_PATH "$prefix/bin/ingot" sql --format csv "SELECT 6 * 7 AS answer")
[ "$out" = $'answer\n42' ] || { echo "unexpected output: $out" >&2; exit 1; }
"$prefix/bin/ingot" --version
