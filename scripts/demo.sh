#!/usr/bin/env bash
# The main job available today: e-commerce sales as Delta tables. Generates transactions as CSV
# files, loads them into a partitioned bronze Delta table (create, then append a late file),
# refines a gold table of monthly sales with SQL over delta_scan, and prints a summary with the
# tables' history. Later issues grow this into the declarative medallion pipeline.
set -euo pipefail
INGOT=${1:-build/src/cli/ingot}
OUT=${DEMO_OUT:-demo-out}
ROWS=${DEMO_ROWS:-1000000}
rm -rf "$OUT" && mkdir -p "$OUT/raw"

echo "== 1. generate $ROWS e-commerce transactions as two CSV files"
generate() {  # generate <file> <first row> <rows>
  "$INGOT" sql "
    COPY (
      SELECT 100000 + i AS transaction_id,
             1 + (hash(i * 7) % 5000)::INTEGER AS customer_id,
             ['Books','Electronics','Garden','Toys','Clothing','Grocery'][1 + (hash(i * 13) % 6)::INTEGER] AS category,
             1 + (hash(i * 17) % 4)::INTEGER AS quantity,
             round(2.0 + (hash(i * 19) % 20000) / 100.0, 2)::DECIMAL(10,2) AS unit_price,
             ['card','paypal','bank_transfer','gift_card'][1 + (hash(i * 23) % 4)::INTEGER] AS payment_method,
             ['DE','FR','US','GB','NL','ES'][1 + (hash(i * 29) % 6)::INTEGER] AS country,
             TIMESTAMP '2026-01-01' + to_seconds((hash(i * 31) % (300 * 86400))::BIGINT) AS ordered_at,
             strftime(TIMESTAMP '2026-01-01' + to_seconds((hash(i * 31) % (300 * 86400))::BIGINT), '%Y-%m') AS order_month
      FROM range($2, $2 + $3) t(i)
    ) TO '$1' (FORMAT csv, HEADER true)" >/dev/null
}
generate "$OUT/raw/transactions-1.csv" 0 $((ROWS * 9 / 10))
generate "$OUT/raw/transactions-2.csv" $((ROWS * 9 / 10)) $((ROWS - ROWS * 9 / 10))
ls -lh "$OUT"/raw/*.csv | awk '{print "   " $5 "  " $9}'

echo "== 2. bronze: a Delta table partitioned by month (create, then append the late file)"
"$INGOT" table create "$OUT/bronze/transactions" --file "$OUT/raw/transactions-1.csv" \
  --partition-by order_month --property delta.checkpointInterval=5
"$INGOT" table append "$OUT/bronze/transactions" --file "$OUT/raw/transactions-2.csv"

echo "== 3. gold: monthly sales by category, refined with SQL over delta_scan"
"$INGOT" table create "$OUT/gold/monthly_sales" --partition-by month --sql "
  SELECT order_month AS month, category,
         count(*) AS orders, sum(quantity) AS units,
         count(DISTINCT customer_id) AS customers,
         sum(quantity * unit_price)::DECIMAL(14,2) AS revenue,
         (sum(quantity * unit_price) / count(*))::DECIMAL(10,2) AS avg_order_value
  FROM delta_scan('$OUT/bronze/transactions') GROUP BY ALL"

echo "== 4. top months and categories by revenue"
"$INGOT" sql "SELECT * FROM delta_scan('$OUT/gold/monthly_sales') ORDER BY revenue DESC LIMIT 8"

echo "== 5. totals, and what time travel sees before the late file"
"$INGOT" sql "
  SELECT 'now' AS as_of, count(*) AS transactions, count(DISTINCT customer_id) AS customers,
         sum(quantity * unit_price)::DECIMAL(14,2) AS revenue
  FROM delta_scan('$OUT/bronze/transactions')
  UNION ALL
  SELECT 'version 0', count(*), count(DISTINCT customer_id), sum(quantity * unit_price)::DECIMAL(14,2)
  FROM delta_scan('$OUT/bronze/transactions', version => 0)"

echo "== 6. bronze table history"
"$INGOT" table history "$OUT/bronze/transactions"
echo "demo: tables are in $OUT/ (try: $INGOT table describe $OUT/bronze/transactions)"
