#!/usr/bin/env bash
# The main job available today: generate a day-by-day e-commerce sales CSV, convert it to Parquet
# with `ingot convert`, and summarise it with `ingot sql`. Later issues grow this into the
# bronze/silver/gold medallion pipeline.
set -euo pipefail
INGOT=${1:-build/src/cli/ingot}
OUT=${DEMO_OUT:-demo-out}
ROWS=${DEMO_ROWS:-1000000}
rm -rf "$OUT" && mkdir -p "$OUT"

echo "== 1. generate $ROWS e-commerce transactions as CSV"
"$INGOT" sql --format csv "
  COPY (
    SELECT 100000 + i AS transaction_id,
           1 + (hash(i * 7) % 5000)::INTEGER AS customer_id,
           ['Books','Electronics','Garden','Toys','Clothing','Grocery'][1 + (hash(i * 13) % 6)::INTEGER] AS category,
           1 + (hash(i * 17) % 4)::INTEGER AS quantity,
           round(2.0 + (hash(i * 19) % 20000) / 100.0, 2) AS unit_price,
           ['card','paypal','bank_transfer','gift_card'][1 + (hash(i * 23) % 4)::INTEGER] AS payment_method,
           ['DE','FR','US','GB','NL','ES'][1 + (hash(i * 29) % 6)::INTEGER] AS country,
           TIMESTAMP '2026-01-01' + to_seconds((hash(i * 31) % (300 * 86400))::BIGINT) AS ordered_at
    FROM range($ROWS) t(i)
  ) TO '$OUT/transactions.csv' (FORMAT csv, HEADER true)" >/dev/null
ls -lh "$OUT/transactions.csv" | awk '{print "   " $5 "  " $9}'

echo "== 2. convert CSV -> Parquet (schema inferred, zstd)"
"$INGOT" convert "$OUT/transactions.csv" "$OUT/transactions.parquet" --compression zstd

echo "== 3. revenue by month and category (top 12)"
"$INGOT" sql "
  SELECT strftime(ordered_at, '%Y-%m') AS month, category,
         count(*) AS orders, sum(quantity) AS units,
         sum(quantity * unit_price)::DECIMAL(14,2) AS revenue,
         avg(quantity * unit_price)::DECIMAL(10,2) AS avg_order_value
  FROM '$OUT/transactions.parquet'
  GROUP BY ALL ORDER BY revenue DESC LIMIT 12"

echo "== 4. totals"
"$INGOT" sql "
  SELECT count(*) AS transactions, count(DISTINCT customer_id) AS customers,
         sum(quantity * unit_price)::DECIMAL(14,2) AS revenue,
         min(ordered_at)::DATE AS first_day, max(ordered_at)::DATE AS last_day
  FROM '$OUT/transactions.parquet'"
echo "demo: outputs are in $OUT/"
