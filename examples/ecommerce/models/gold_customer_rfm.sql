-- gold.customer_rfm: recency / frequency / monetary scores (1 = worst, 5 = best, quintiles via
-- NTILE) for every customer with a completed order, measured as of the day after the last
-- order, and a named segment.
WITH as_of AS (
  SELECT max(order_date) + 1 AS as_of_date FROM silver.transactions
),
per_customer AS (
  SELECT
    t.customer_id,
    (a.as_of_date - max(t.order_date))                AS recency_days,
    count(DISTINCT t.order_id)                        AS frequency,
    sum(t.net_amount_usd)::DECIMAL(18, 2)             AS monetary,
    a.as_of_date
  FROM silver.transactions t, as_of a
  WHERE t.status = 'completed'
  GROUP BY t.customer_id, a.as_of_date
),
scored AS (
  SELECT
    *,
    ntile(5) OVER (ORDER BY recency_days DESC, customer_id) AS r_score,
    ntile(5) OVER (ORDER BY frequency, customer_id)         AS f_score,
    ntile(5) OVER (ORDER BY monetary, customer_id)          AS m_score
  FROM per_customer
)
SELECT
  customer_id,
  as_of_date,
  recency_days,
  frequency,
  monetary,
  r_score,
  f_score,
  m_score,
  r_score::VARCHAR || f_score::VARCHAR || m_score::VARCHAR AS rfm_code,
  CASE
    WHEN r_score >= 4 AND f_score >= 4 AND m_score >= 4 THEN 'Champions'
    WHEN r_score >= 3 AND f_score >= 4                  THEN 'Loyal'
    WHEN r_score >= 4 AND f_score <= 2                  THEN 'New'
    WHEN r_score >= 3 AND f_score >= 2                  THEN 'Potential Loyalist'
    WHEN r_score <= 2 AND f_score >= 3                  THEN 'At Risk'
    WHEN r_score <= 2 AND f_score <= 2                  THEN 'Hibernating'
    ELSE 'Needs Attention'
  END AS segment
FROM scored
