-- gold.dim_dates: one row per calendar day from the first to the last order.
SELECT
  d::DATE                                   AS date,
  year(d)                                   AS year,
  quarter(d)                                AS quarter,
  month(d)                                  AS month,
  strftime(d, '%Y-%m')                      AS year_month,
  monthname(d)                              AS month_name,
  weekofyear(d)                             AS iso_week,
  date_trunc('week', d)::DATE               AS week_start,
  isodow(d)                                 AS day_of_week,
  dayname(d)                                AS day_name,
  isodow(d) >= 6                            AS is_weekend,
  month(d) IN (11, 12)                      AS is_holiday_season
FROM (SELECT min(order_date) AS first_day, max(order_date) AS last_day FROM silver.transactions) b,
     generate_series(b.first_day::TIMESTAMP, b.last_day::TIMESTAMP, INTERVAL 1 DAY) AS s(d)
