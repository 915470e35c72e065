#!/usr/bin/env bash
# Runs every model of pipeline.yaml by hand in one DuckDB session of `ingot sql`, with the layers
# as DuckDB schemas (bronze.transactions etc.), the expectations applied as filters, and checks the
# results. A stand-in for `ingot run` until the pipeline runner lands:
#   examples/ecommerce/verify_models.sh [ingot binary] [data dir]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
INGOT=${1:-build/src/cli/ingot}
DATA=${2:-$HERE/data}
M=$HERE/models
model() { sed -e 's/;[[:space:]]*$//' "$M/$1.sql"; }

{
cat <<SQL
CREATE SCHEMA bronze; CREATE SCHEMA silver; CREATE SCHEMA gold;
CREATE TABLE bronze.transactions AS
  SELECT *, now() AS _ingested_at, filename AS _source_file,
         row_number() OVER (PARTITION BY filename) AS _source_row, 'verify' AS _run_id
  FROM read_csv('$DATA/transactions/*.csv', all_varchar = true, header = true, filename = true);
CREATE TABLE bronze.customers AS
  SELECT *, now() AS _ingested_at FROM read_csv('$DATA/customers/*.csv', header = true);
CREATE TABLE bronze.products AS
  SELECT *, now() AS _ingested_at FROM read_csv('$DATA/products/*.csv', header = true);
CREATE TABLE silver.products AS $(model silver_products);
CREATE TABLE silver.customers AS $(model silver_customers);
CREATE TABLE silver.transactions_all AS $(model silver_transactions);
CREATE TABLE silver.transactions_checked AS SELECT * FROM silver.transactions_all
  WHERE coalesce(transaction_id IS NOT NULL AND order_id IS NOT NULL AND customer_id IS NOT NULL
        AND product_id IS NOT NULL AND status IS NOT NULL AND updated_at IS NOT NULL
        AND quantity IS NOT NULL AND quantity > 0 AND amount IS NOT NULL AND amount >= 0
        AND event_time IS NOT NULL AND product_known AND customer_known
        AND fx_rate IS NOT NULL, false);
-- The table's merge mode (keys: transaction_id, sequence_by: updated_at): the latest version.
CREATE TABLE silver.transactions AS SELECT * FROM silver.transactions_checked
  QUALIFY row_number() OVER (PARTITION BY transaction_id ORDER BY updated_at DESC NULLS LAST) = 1;
CREATE TABLE gold.daily_sales AS $(model gold_daily_sales);
CREATE TABLE gold.weekly_sales AS $(model gold_weekly_sales);
CREATE TABLE gold.monthly_sales AS $(model gold_monthly_sales);
CREATE TABLE gold.dim_customers AS $(model gold_dim_customers);
CREATE TABLE gold.dim_products AS $(model gold_dim_products);
CREATE TABLE gold.dim_dates AS $(model gold_dim_dates);
CREATE TABLE gold.customer_rfm AS $(model gold_customer_rfm);
CREATE TABLE gold.product_performance AS $(model gold_product_performance);
SELECT check_name, ok, detail FROM (
  SELECT 1 AS n, 'bronze = silver kept + quarantined + deduplicated' AS check_name,
         (SELECT count(*) FROM bronze.transactions) >= (SELECT count(*) FROM silver.transactions_all) AS ok,
         (SELECT count(*) FROM bronze.transactions) || ' bronze, '
           || (SELECT count(*) FROM silver.transactions) || ' silver, '
           || (SELECT count(*) FROM silver.transactions_all) - (SELECT count(*) FROM silver.transactions_checked)
           || ' quarantined' AS detail
  UNION ALL SELECT 2, 'silver keys unique',
         (SELECT count(*) = count(DISTINCT transaction_id) FROM silver.transactions), ''
  UNION ALL SELECT 3, 'no negative revenue anywhere',
         (SELECT min(revenue) >= 0 FROM gold.daily_sales) AND (SELECT min(revenue) >= 0 FROM gold.product_performance), ''
  UNION ALL SELECT 4, 'daily = weekly = monthly revenue',
         (SELECT sum(revenue) FROM gold.daily_sales) = (SELECT sum(revenue) FROM gold.weekly_sales)
         AND (SELECT sum(revenue) FROM gold.daily_sales) = (SELECT sum(revenue) FROM gold.monthly_sales),
         (SELECT sum(revenue) FROM gold.monthly_sales)::VARCHAR
  UNION ALL SELECT 5, 'every RFM segment populated',
         (SELECT count(DISTINCT segment) = 7 FROM gold.customer_rfm),
         (SELECT string_agg(segment || ' ' || n, ', ' ORDER BY n DESC) FROM (SELECT segment, count(*) n FROM gold.customer_rfm GROUP BY 1))
  UNION ALL SELECT 6, 'RFM scores 1..5',
         (SELECT min(r_score) = 1 AND max(r_score) = 5 AND min(f_score) = 1 AND max(m_score) = 5 FROM gold.customer_rfm), ''
  UNION ALL SELECT 7, 'dim_dates covers every sales day',
         (SELECT count(*) = 0 FROM gold.daily_sales s ANTI JOIN gold.dim_dates d USING (date)),
         (SELECT count(*) FROM gold.dim_dates)::VARCHAR || ' days'
  UNION ALL SELECT 8, 'return rates in [0, 1]',
         (SELECT min(return_rate) >= 0 AND max(return_rate) <= 1 FROM gold.product_performance),
         (SELECT round(sum(returned_units) / sum(units + returned_units), 4) FROM gold.product_performance)::VARCHAR
  UNION ALL SELECT 9, 'one category rank 1 per category',
         (SELECT count(*) FROM gold.product_performance WHERE category_rank = 1)
           = (SELECT count(DISTINCT category) FROM gold.product_performance), ''
  UNION ALL SELECT 10, 'dimensions complete',
         (SELECT count(*) FROM gold.dim_customers) = (SELECT count(*) FROM bronze.customers)
         AND (SELECT count(*) FROM gold.dim_products) = (SELECT count(*) FROM bronze.products), ''
) ORDER BY n;
SQL
} > /tmp/ingot-verify-models.sql
"$INGOT" sql - < /tmp/ingot-verify-models.sql
