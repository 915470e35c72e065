-- silver.products: one row per product, names trimmed, categories in title case, margin derived.
SELECT
  product_id,
  trim(name)                                          AS name,
  upper(left(trim(category), 1)) || lower(substr(trim(category), 2)) AS category,
  trim(subcategory)                                   AS subcategory,
  trim(brand)                                         AS brand,
  unit_price::DECIMAL(12, 2)                          AS unit_price,
  cost::DECIMAL(12, 2)                                AS cost,
  (unit_price - cost)::DECIMAL(12, 2)                 AS unit_margin,
  round((unit_price - cost) / nullif(unit_price, 0), 4)::DECIMAL(6, 4) AS margin_pct,
  _ingested_at
FROM bronze.products
QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY _ingested_at DESC) = 1
