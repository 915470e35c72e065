-- gold.daily_sales: one row per day. Revenue counts completed lines in USD (returned and
-- cancelled lines are excluded; returns are reported separately).
SELECT
  order_date                                                         AS date,
  sum(net_amount_usd)::DECIMAL(18, 2)                                AS revenue,
  count(DISTINCT order_id) FILTER (WHERE status = 'completed')       AS orders,
  coalesce(sum(quantity) FILTER (WHERE status = 'completed'), 0)     AS units,
  count(DISTINCT customer_id) FILTER (WHERE status = 'completed')    AS customers,
  (sum(net_amount_usd)
     / nullif(count(DISTINCT order_id) FILTER (WHERE status = 'completed'), 0))::DECIMAL(12, 2)
                                                                     AS avg_order_value,
  coalesce(sum(amount_usd) FILTER (WHERE is_return), 0)::DECIMAL(18, 2) AS returns,
  count(*) FILTER (WHERE status = 'cancelled')                       AS cancelled_lines
FROM silver.transactions
GROUP BY order_date
