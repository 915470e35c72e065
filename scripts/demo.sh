#!/usr/bin/env bash
# The main job: the e-commerce medallion pipeline (examples/ecommerce) on generated data.
# Generates ~1M transactions with dirty rows, runs the pipeline (bronze -> silver -> gold Delta
# tables, bad rows in quarantine), prints gold answers, then adds a second batch of files and runs
# again to show that only the new rows are processed.
set -euo pipefail
INGOT=$(realpath "${1:-build/src/cli/ingot}")
OUT=${DEMO_OUT:-demo-out}
ROWS=${DEMO_ROWS:-1000000}
NEW_ROWS=${DEMO_NEW_ROWS:-50000}
PIPELINE=examples/ecommerce/pipeline.yaml
# DuckDB's memory for each run: what does not fit spills to <warehouse>/_ingot/spill.
MEMORY_LIMIT=${DEMO_MEMORY_LIMIT:-1GB}
# Runs the pipeline, then prints its peak memory (RSS) when /usr/bin/time is there.
run_pipeline() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "peak memory (RSS): %M KB" -o "$OUT/time.txt" \
      "$INGOT" --memory-limit "$MEMORY_LIMIT" run "$PIPELINE" --warehouse "$WAREHOUSE" \
      --var data_dir="$OUT/data"
    cat "$OUT/time.txt"
  else
    "$INGOT" --memory-limit "$MEMORY_LIMIT" run "$PIPELINE" --warehouse "$WAREHOUSE" \
      --var data_dir="$OUT/data"
  fi
}
rm -rf "$OUT" && mkdir -p "$OUT"
OUT=$(realpath "$OUT")  # the pipeline resolves relative paths against its own folder
WAREHOUSE="$OUT/warehouse"

echo "== 1. generate $ROWS e-commerce transactions (about 2% dirty on purpose)"
"$INGOT" generate ecommerce --out "$OUT/data" --transactions "$ROWS" --files 8 --seed 42

echo
echo "== 2. run the pipeline: bronze -> silver -> gold (DuckDB memory limit $MEMORY_LIMIT)"
run_pipeline

echo
echo "== 3. revenue by month (gold.monthly_sales)"
"$INGOT" sql --warehouse "$WAREHOUSE" \
  "SELECT month, revenue, orders, units, customers FROM gold.monthly_sales ORDER BY month"

echo
echo "== 4. customers per RFM segment (gold.customer_rfm)"
"$INGOT" sql --warehouse "$WAREHOUSE" "
  SELECT segment, count(*) AS customers, round(avg(monetary), 2) AS avg_monetary
  FROM gold.customer_rfm GROUP BY segment ORDER BY customers DESC"

echo
echo "== 5. why rows were quarantined (silver.transactions__quarantine)"
"$INGOT" sql --warehouse "$WAREHOUSE" "
  SELECT _expectation, count(*) AS rows, any_value(_reason) AS example
  FROM silver.transactions__quarantine GROUP BY ALL ORDER BY rows DESC"

echo
echo "== 6. a new batch arrives: $NEW_ROWS transactions, incl. late updates of earlier ones"
"$INGOT" generate ecommerce --out "$OUT/data" --append --transactions "$NEW_ROWS" --days 30

echo
echo "== 7. run again: only the new files and rows are processed"
run_pipeline

echo
echo "== 8. silver.transactions history (the first load, then MERGE commits with their metrics)"
"$INGOT" table history "$WAREHOUSE/silver/transactions"

cat <<EOF

Explore further:
  $INGOT sql --warehouse $WAREHOUSE "SELECT * FROM gold.product_performance ORDER BY revenue DESC LIMIT 10"
  $INGOT runs --warehouse $WAREHOUSE              # the event log of both runs
  $INGOT table describe $WAREHOUSE/silver/transactions
  $INGOT sql "SELECT count(*) FROM delta_scan('$WAREHOUSE/silver/transactions', version => 1)"
  examples/ecommerce/README.md explains every table; docs/pipeline.md the pipeline format.
EOF
