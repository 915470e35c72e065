-- silver.customers: one row per customer, e-mail lower-cased, country codes upper-cased.
SELECT
  customer_id,
  trim(name)                                  AS name,
  split_part(trim(name), ' ', 1)              AS first_name,
  trim(substr(trim(name), length(split_part(trim(name), ' ', 1)) + 2)) AS last_name,
  lower(trim(email))                          AS email,
  split_part(lower(trim(email)), '@', 2)      AS email_domain,
  upper(trim(country))                        AS country,
  trim(city)                                  AS city,
  signup_date,
  lower(trim(segment))                        AS segment,
  _ingested_at
FROM bronze.customers
QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY _ingested_at DESC) = 1
