-- silver.transactions: typed, standardised and enriched transaction lines, one row per
-- transaction_id: the table's merge mode keeps the latest updated_at per id, within a batch
-- (exact re-sends, several versions) and against the table (late updates such as returns win).
-- Bad values become NULL through TRY_CAST and the table's expectations quarantine those rows.
WITH typed AS (
  SELECT
    TRY_CAST(trim(transaction_id) AS BIGINT)        AS transaction_id,
    TRY_CAST(trim(order_id) AS BIGINT)              AS order_id,
    TRY_CAST(trim(customer_id) AS BIGINT)           AS customer_id,
    TRY_CAST(trim(product_id) AS BIGINT)            AS product_id,
    TRY_CAST(trim(quantity) AS INTEGER)             AS quantity,
    TRY_CAST(trim(unit_price) AS DECIMAL(14, 2))    AS unit_price,
    coalesce(TRY_CAST(trim(discount) AS DECIMAL(4, 2)), 0) AS discount,
    TRY_CAST(trim(amount) AS DECIMAL(14, 2))        AS amount,
    upper(trim(currency))                           AS currency,
    lower(trim(payment_method))                     AS payment_method,
    upper(trim(country))                            AS country,
    lower(trim(status))                             AS status,
    TRY_CAST(trim(event_time) AS TIMESTAMPTZ)       AS event_time,
    TRY_CAST(trim(updated_at) AS TIMESTAMPTZ)       AS updated_at,
    _source_file,
    _source_row
  FROM bronze.transactions
),
-- Units of each currency per US dollar (the generator's reference rates).
fx(currency, fx_rate) AS (
  VALUES ('USD', 1.0), ('EUR', 0.92), ('GBP', 0.79), ('CAD', 1.36), ('AUD', 1.52),
         ('JPY', 150.0), ('BRL', 5.0), ('INR', 83.0)
)
SELECT
  t.transaction_id,
  t.order_id,
  t.customer_id,
  t.product_id,
  t.quantity,
  t.unit_price,
  t.discount,
  t.amount,
  t.currency,
  t.payment_method,
  t.country,
  t.status,
  t.event_time,
  t.updated_at,
  -- derived
  t.event_time::DATE                                            AS order_date,
  strftime(t.event_time, '%Y-%m')                               AS order_month,
  fx.fx_rate,
  round(t.amount / fx.fx_rate, 2)::DECIMAL(14, 2)               AS amount_usd,
  round(t.quantity * t.unit_price * t.discount / fx.fx_rate, 2)::DECIMAL(14, 2)
                                                                AS discount_usd,
  CASE WHEN t.status = 'completed'
       THEN round(t.amount / fx.fx_rate, 2) ELSE 0 END::DECIMAL(14, 2) AS net_amount_usd,
  t.status = 'returned'                                         AS is_return,
  t.status IN ('completed', 'returned')                         AS is_sale,
  p.product_id IS NOT NULL                                      AS product_known,
  c.customer_id IS NOT NULL                                     AS customer_known,
  t._source_file,
  t._source_row
FROM typed t
LEFT JOIN fx ON fx.currency = t.currency
LEFT JOIN silver.products p ON p.product_id = t.product_id
LEFT JOIN silver.customers c ON c.customer_id = t.customer_id
