-- gold.dim_customers: every customer with their purchase history summarised.
WITH history AS (
  SELECT
    customer_id,
    min(order_date)                                                 AS first_order_date,
    max(order_date)                                                 AS last_order_date,
    count(DISTINCT order_id)                                        AS orders,
    sum(net_amount_usd)::DECIMAL(18, 2)                             AS lifetime_revenue,
    count(*) FILTER (WHERE is_return)                               AS returned_lines
  FROM silver.transactions
  WHERE status = 'completed' OR is_return
  GROUP BY customer_id
)
SELECT
  c.customer_id,
  c.name,
  c.email,
  c.email_domain,
  c.country,
  c.city,
  c.segment,
  c.signup_date,
  h.first_order_date,
  h.last_order_date,
  coalesce(h.orders, 0)                                             AS orders,
  coalesce(h.lifetime_revenue, 0)::DECIMAL(18, 2)                   AS lifetime_revenue,
  coalesce(h.returned_lines, 0)                                     AS returned_lines,
  h.customer_id IS NOT NULL                                         AS has_purchased
FROM silver.customers c
LEFT JOIN history h USING (customer_id)
