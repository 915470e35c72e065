-- gold.dim_products: every product with its catalog attributes and a price band.
SELECT
  p.product_id,
  p.name,
  p.category,
  p.subcategory,
  p.brand,
  p.unit_price,
  p.cost,
  p.unit_margin,
  p.margin_pct,
  CASE WHEN p.unit_price < 20 THEN 'budget'
       WHEN p.unit_price < 100 THEN 'mid'
       WHEN p.unit_price < 500 THEN 'premium'
       ELSE 'luxury' END                                            AS price_band,
  s.first_sold_date,
  s.last_sold_date
FROM silver.products p
LEFT JOIN (
  SELECT product_id, min(order_date) AS first_sold_date, max(order_date) AS last_sold_date
  FROM silver.transactions WHERE status = 'completed' GROUP BY product_id
) s USING (product_id)
