-- gold.weekly_sales: one row per ISO week (weeks start on Monday).
SELECT
  date_trunc('week', order_date)::DATE                               AS week_start,
  sum(net_amount_usd)::DECIMAL(18, 2)                                AS revenue,
  count(DISTINCT order_id) FILTER (WHERE status = 'completed')       AS orders,
  coalesce(sum(quantity) FILTER (WHERE status = 'completed'), 0)     AS units,
  count(DISTINCT customer_id) FILTER (WHERE status = 'completed')    AS customers,
  (sum(net_amount_usd)
     / nullif(count(DISTINCT order_id) FILTER (WHERE status = 'completed'), 0))::DECIMAL(12, 2)
                                                                     AS avg_order_value,
  coalesce(sum(amount_usd) FILTER (WHERE is_return), 0)::DECIMAL(18, 2) AS returns
FROM silver.transactions
GROUP BY 1
