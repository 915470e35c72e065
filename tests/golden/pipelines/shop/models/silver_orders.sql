-- Typed, standardised orders: the latest version per order_id (merge on updated_at).
SELECT
  order_id,
  customer_id,
  amount,
  lower(trim(status)) AS status,
  updated_at
FROM bronze.orders
