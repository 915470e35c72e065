// The gold layer of examples/ecommerce (models/gold_*.sql) in nodejs-polars: the peer of
// `ingot run --select gold` in bench/pipeline/pipeline_benchmark.
//   node gold_polars.js <silver dir> <out dir>
// Reads <silver dir>/{transactions,customers,products}.parquet (the silver tables' rows),
// computes the eight gold tables with the same logic (decimals as Float64) and writes each as
// <out dir>/<table>.parquet. Prints one JSON line of row counts and total revenue (the check).
const fs = require('fs');
const pl = require('nodejs-polars');

const [silver, out] = process.argv.slice(2);
if (!silver || !out) {
  console.error('usage: node gold_polars.js <silver dir> <out dir>');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });

const f64 = (names) => names.map((c) => pl.col(c).cast(pl.Float64));
// Read once; every gold table is a lazy query over these frames.
const tx = pl
  .readParquet(`${silver}/transactions.parquet`, {
    columns: ['order_id', 'customer_id', 'product_id', 'quantity', 'status', 'order_date',
      'order_month', 'amount_usd', 'discount_usd', 'net_amount_usd', 'is_return', 'is_sale'],
  })
  .withColumns(...f64(['amount_usd', 'discount_usd', 'net_amount_usd']))
  .lazy();
const customers = pl.readParquet(`${silver}/customers.parquet`).lazy();
const products = pl
  .readParquet(`${silver}/products.parquet`)
  .withColumns(...f64(['unit_price', 'cost', 'unit_margin', 'margin_pct']))
  .lazy();

const completed = pl.col('status').eq(pl.lit('completed'));
const isReturn = pl.col('is_return');
const salesAggs = () => [
  pl.col('net_amount_usd').sum().round(2).alias('revenue'),
  pl.col('order_id').filter(completed).nUnique().alias('orders'),
  pl.col('quantity').filter(completed).sum().alias('units'),
  pl.col('customer_id').filter(completed).nUnique().alias('customers'),
  pl.col('amount_usd').filter(isReturn).sum().round(2).alias('returns'),
];
const avgOrderValue = pl
  .when(pl.col('orders').gt(0))
  .then(pl.col('revenue').div(pl.col('orders')).round(2))
  .otherwise(pl.lit(null))
  .alias('avg_order_value');

const gold = {};
gold.daily_sales = tx
  .groupBy('order_date')
  .agg(...salesAggs(), pl.col('status').eq(pl.lit('cancelled')).sum().alias('cancelled_lines'))
  .rename({ order_date: 'date' })
  .withColumns(avgOrderValue);

// Monday of the ISO week: 1970-01-01 was a Thursday.
const day = pl.col('order_date').cast(pl.Int32);
gold.weekly_sales = tx
  .withColumns(day.sub(day.add(3).modulo(7)).cast(pl.Date).alias('week_start'))
  .groupBy('week_start')
  .agg(...salesAggs())
  .withColumns(avgOrderValue);

gold.monthly_sales = tx
  .groupBy('order_month')
  .agg(...salesAggs(),
    pl.col('discount_usd').filter(completed).sum().round(2).alias('discounts'))
  .rename({ order_month: 'month' })
  .sort('month')
  .withColumns(avgOrderValue,
    pl.col('revenue').div(pl.col('revenue').shift(1)).sub(1).mul(100).round(1)
      .alias('revenue_change_pct'));

const history = tx
  .filter(completed.or(isReturn))
  .groupBy('customer_id')
  .agg(pl.col('order_date').min().alias('first_order_date'),
    pl.col('order_date').max().alias('last_order_date'),
    pl.col('order_id').nUnique().alias('orders'),
    pl.col('net_amount_usd').sum().round(2).alias('lifetime_revenue'),
    isReturn.sum().alias('returned_lines'));
gold.dim_customers = customers
  .select('customer_id', 'name', 'email', 'email_domain', 'country', 'city', 'segment',
    'signup_date')
  .join(history, { on: 'customer_id', how: 'left' })
  .withColumns(pl.col('first_order_date').isNotNull().alias('has_purchased'),
    pl.col('orders').fillNull(0), pl.col('lifetime_revenue').fillNull(0),
    pl.col('returned_lines').fillNull(0));

const sold = tx
  .filter(completed)
  .groupBy('product_id')
  .agg(pl.col('order_date').min().alias('first_sold_date'),
    pl.col('order_date').max().alias('last_sold_date'));
gold.dim_products = products
  .select('product_id', 'name', 'category', 'subcategory', 'brand', 'unit_price', 'cost',
    'unit_margin', 'margin_pct')
  .withColumns(pl.when(pl.col('unit_price').lt(20)).then(pl.lit('budget'))
    .when(pl.col('unit_price').lt(100)).then(pl.lit('mid'))
    .when(pl.col('unit_price').lt(500)).then(pl.lit('premium'))
    .otherwise(pl.lit('luxury')).alias('price_band'))
  .join(sold, { on: 'product_id', how: 'left' });

// ntile(5) over rows sorted by `by`: SQL's buckets (the first n % 5 buckets get one row more).
function ntile(frame, by, descending, name) {
  const idiv = (a, b) => a.cast(pl.Float64).div(b).floor().cast(pl.Int64);
  const n = pl.col('__i').count().cast(pl.Int64);
  const q = idiv(n, 5);
  const rest = n.sub(q.mul(5));
  const big = rest.mul(q.add(1));
  const i = pl.col('__i').cast(pl.Int64);
  return frame
    .sort(by, descending)
    .withRowIndex('__i')
    .withColumns(pl.when(i.lt(big)).then(idiv(i, q.add(1)).add(1))
      .otherwise(idiv(i.sub(big), q).add(rest).add(1)).alias(name))
    .drop('__i');
}
const span = tx
  .select(day.min().alias('first'), day.max().alias('last'))
  .collectSync()
  .toRecords()[0];
const asOfDays = span.last + 1;
let rfm = tx
  .filter(completed)
  .groupBy('customer_id')
  .agg(pl.col('order_date').max().cast(pl.Int32).alias('last_day'),
    pl.col('order_id').nUnique().alias('frequency'),
    pl.col('net_amount_usd').sum().round(2).alias('monetary'))
  .withColumns(pl.lit(asOfDays).sub(pl.col('last_day')).alias('recency_days'),
    pl.lit(asOfDays).cast(pl.Date).alias('as_of_date'))
  .drop('last_day');
rfm = ntile(rfm, ['recency_days', 'customer_id'], [true, false], 'r_score');
rfm = ntile(rfm, ['frequency', 'customer_id'], false, 'f_score');
rfm = ntile(rfm, ['monetary', 'customer_id'], false, 'm_score');
const r = pl.col('r_score');
const f = pl.col('f_score');
const m = pl.col('m_score');
gold.customer_rfm = rfm.withColumns(
  pl.concatString([r.cast(pl.Utf8), f.cast(pl.Utf8), m.cast(pl.Utf8)], '').alias('rfm_code'),
  pl.when(r.gtEq(4).and(f.gtEq(4)).and(m.gtEq(4))).then(pl.lit('Champions'))
    .when(r.gtEq(3).and(f.gtEq(4))).then(pl.lit('Loyal'))
    .when(r.gtEq(4).and(f.ltEq(2))).then(pl.lit('New'))
    .when(r.gtEq(3).and(f.gtEq(2))).then(pl.lit('Potential Loyalist'))
    .when(r.ltEq(2).and(f.gtEq(3))).then(pl.lit('At Risk'))
    .when(r.ltEq(2).and(f.ltEq(2))).then(pl.lit('Hibernating'))
    .otherwise(pl.lit('Needs Attention')).alias('segment'));

const sales = tx
  .groupBy('product_id')
  .agg(pl.col('net_amount_usd').sum().round(2).alias('revenue'),
    pl.col('quantity').filter(completed).sum().alias('units'),
    pl.col('order_id').filter(completed).nUnique().alias('orders'),
    pl.col('quantity').filter(isReturn).sum().alias('returned_units'),
    pl.col('quantity').filter(pl.col('is_sale')).sum().alias('sold_units'));
gold.product_performance = products
  .select('product_id', 'name', 'category', 'subcategory', 'brand', 'unit_margin')
  .join(sales, { on: 'product_id', how: 'left' })
  .withColumns(pl.col('revenue').fillNull(0), pl.col('units').fillNull(0),
    pl.col('orders').fillNull(0), pl.col('returned_units').fillNull(0))
  .withColumns(
    pl.col('returned_units').div(pl.col('sold_units')).round(4).alias('return_rate'),
    pl.col('units').mul(pl.col('unit_margin')).round(2).alias('est_margin'),
    pl.col('revenue').rank('min', true).over('category').alias('category_rank'),
    pl.col('revenue').div(pl.col('revenue').sum().over('category')).round(4)
      .alias('category_share'))
  .drop('unit_margin', 'sold_units');

// One row per day from the first to the last order (365 rows: built directly).
const dates = [];
for (let d = span.first; d <= span.last; ++d) dates.push(new Date(d * 86400000));
const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const isoWeek = (d) => {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
  return Math.ceil(((t - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86400000 + 1) / 7);
};
gold.dim_dates = pl.DataFrame({
  date: dates,
  year: dates.map((d) => d.getUTCFullYear()),
  quarter: dates.map((d) => Math.floor(d.getUTCMonth() / 3) + 1),
  month: dates.map((d) => d.getUTCMonth() + 1),
  year_month: dates.map((d) => d.toISOString().slice(0, 7)),
  month_name: dates.map((d) => monthNames[d.getUTCMonth()]),
  iso_week: dates.map(isoWeek),
  day_of_week: dates.map((d) => d.getUTCDay() || 7),
  day_name: dates.map((d) => dayNames[d.getUTCDay()]),
}).lazy().withColumns(pl.col('date').cast(pl.Date),
  pl.col('day_of_week').gtEq(6).alias('is_weekend'),
  pl.col('month').gtEq(11).alias('is_holiday_season'));

const counts = {};
let revenue = 0;
for (const [name, query] of Object.entries(gold)) {
  const frame = query.collectSync();
  frame.writeParquet(`${out}/${name}.parquet`);
  counts[name] = frame.height;
  if (name === 'monthly_sales') revenue = frame.getColumn('revenue').sum();
}
console.log(JSON.stringify({ rows: counts, monthly_revenue: Math.round(revenue * 100) / 100 }));
