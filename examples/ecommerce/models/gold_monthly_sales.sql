-- gold.monthly_sales: one row per month ('YYYY-MM', the partition column), with the change in
-- revenue against the previous month.
WITH monthly AS (
  SELECT
    order_month                                                      AS month,
    sum(net_amount_usd)::DECIMAL(18, 2)                              AS revenue,
    count(DISTINCT order_id) FILTER (WHERE status = 'completed')     AS orders,
    coalesce(sum(quantity) FILTER (WHERE status = 'completed'), 0)   AS units,
    count(DISTINCT customer_id) FILTER (WHERE status = 'completed')  AS customers,
    coalesce(sum(amount_usd) FILTER (WHERE is_return), 0)::DECIMAL(18, 2) AS returns,
    coalesce(sum(discount_usd) FILTER (WHERE status = 'completed'), 0)::DECIMAL(18, 2) AS discounts
  FROM silver.transactions
  GROUP BY order_month
)
SELECT
  month,
  revenue,
  orders,
  units,
  customers,
  (revenue / nullif(orders, 0))::DECIMAL(12, 2)                      AS avg_order_value,
  returns,
  discounts,
  round(100 * (revenue / nullif(lag(revenue) OVER (ORDER BY month), 0) - 1), 1)
                                                                     AS revenue_change_pct
FROM monthly
