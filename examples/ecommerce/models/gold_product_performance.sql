-- gold.product_performance: sales per product with its return rate and its rank by revenue
-- within its category.
WITH sales AS (
  SELECT
    product_id,
    sum(net_amount_usd)::DECIMAL(18, 2)                            AS revenue,
    coalesce(sum(quantity) FILTER (WHERE status = 'completed'), 0) AS units,
    count(DISTINCT order_id) FILTER (WHERE status = 'completed')   AS orders,
    coalesce(sum(quantity) FILTER (WHERE is_return), 0)            AS returned_units,
    coalesce(sum(quantity) FILTER (WHERE is_sale), 0)              AS sold_units
  FROM silver.transactions
  GROUP BY product_id
)
SELECT
  p.product_id,
  p.name,
  p.category,
  p.subcategory,
  p.brand,
  coalesce(s.revenue, 0)::DECIMAL(18, 2)                                  AS revenue,
  coalesce(s.units, 0)                                                    AS units,
  coalesce(s.orders, 0)                                                   AS orders,
  coalesce(s.returned_units, 0)                                           AS returned_units,
  round(coalesce(s.returned_units, 0) / nullif(s.sold_units, 0), 4)       AS return_rate,
  (coalesce(s.units, 0) * p.unit_margin)::DECIMAL(18, 2)                  AS est_margin,
  rank() OVER (PARTITION BY p.category ORDER BY coalesce(s.revenue, 0) DESC) AS category_rank,
  round(coalesce(s.revenue, 0)
        / nullif(sum(coalesce(s.revenue, 0)) OVER (PARTITION BY p.category), 0), 4)
                                                                          AS category_share
FROM silver.products p
LEFT JOIN sales s USING (product_id)
