#include "connectors/generators/ecommerce_model.h"

#include <algorithm>
#include <numeric>
#include <span>

#include "connectors/generators/calendar.h"
#include "connectors/generators/catalog.h"

namespace ingot::generators {
namespace {

// Salts keep the random streams of the different entities apart.
constexpr uint64_t kCustomerSalt = 0xc0570e7;
constexpr uint64_t kProductSalt = 0x960d0c7;
constexpr uint64_t kOrderSalt = 0x0d3e7;
constexpr uint64_t kLineSalt = 0x11e5;
constexpr uint64_t kOrderStartSalt = 0x57a77;
constexpr uint64_t kDirtySalt = 0xd1277;

// Relative weights of the dirty kinds (sum 100); duplicates and late updates are re-sends.
constexpr int kNullWeight = 20;
constexpr int kDuplicateWeight = 15;
constexpr int kNegativeWeight = 10;
constexpr int kMalformedDateWeight = 10;
constexpr int kUnknownProductWeight = 15;
constexpr int kNonNumericWeight = 10;
constexpr int kLateUpdateWeight = 20;
constexpr int kResendWeight = kDuplicateWeight + kLateUpdateWeight;
static_assert(kNullWeight + kNegativeWeight + kMalformedDateWeight + kUnknownProductWeight +
                  kNonNumericWeight + kResendWeight ==
              100);

constexpr int64_t kDay = 86'400;

template <typename T>
int PickWeighted(std::span<const T> items, int (*weight)(const T&), Rng* rng) {
  int total = 0;
  for (const T& item : items) total += weight(item);
  int target = static_cast<int>(rng->Below(static_cast<uint64_t>(total)));
  for (size_t i = 0; i < items.size(); ++i) {
    target -= weight(items[i]);
    if (target < 0) return static_cast<int>(i);
  }
  return static_cast<int>(items.size()) - 1;
}

int CountryWeight(const Country& c) { return c.weight; }
int CategoryWeight(const Category& c) { return c.weight; }
int NamedWeight(const Weighted& w) { return w.weight; }

template <typename T>
const T& PickUniform(std::span<const T> items, Rng* rng) {
  return items[rng->Below(items.size())];
}

// A multiplier coprime to n near n / golden ratio: i -> i * stride mod n is a bijection that
// scatters popularity ranks over the ids.
int64_t CoprimeStride(int64_t n) {
  if (n <= 2) return 1;
  int64_t stride = std::max<int64_t>(1, n * 618 / 1000);
  while (std::gcd(stride, n) != 1) ++stride;
  return stride;
}

uint64_t SampleCdf(const std::vector<uint64_t>& cdf, Rng* rng) {
  uint64_t target = rng->Below(cdf.back());
  return static_cast<uint64_t>(std::upper_bound(cdf.begin(), cdf.end(), target) - cdf.begin());
}

std::vector<uint64_t> DayCdf(const ModelParams& params, const BatchWindow& batch) {
  std::vector<uint64_t> cdf;
  cdf.reserve(static_cast<size_t>(batch.days));
  uint64_t total = 0;
  for (int32_t d = 0; d < batch.days; ++d) {
    const int64_t day = batch.start_day + d;
    const CivilDate date = CivilFromDays(day);
    const int weekday = Weekday(day);
    // Growth of 50% a year since the first batch, monthly seasonality, weekly rhythm.
    uint64_t weight =
        static_cast<uint64_t>(std::max<int64_t>(100, 1000 + (day - params.base_day) * 500 / 365));
    weight *= static_cast<uint64_t>(MonthWeights()[static_cast<size_t>(date.month - 1)]);
    weight *= static_cast<uint64_t>(WeekdayWeights()[static_cast<size_t>(weekday)]);
    // Black Friday and Cyber Monday.
    if (date.month == 11 && weekday == 4 && date.day >= 23 && date.day <= 29) weight *= 3;
    if (weekday == 0 &&
        ((date.month == 11 && date.day >= 26) || (date.month == 12 && date.day <= 2))) {
      weight *= 2;
    }
    total += weight;
    cdf.push_back(total);
  }
  return cdf;
}

}  // namespace

std::string_view DirtyKindName(DirtyKind kind) {
  switch (kind) {
    case DirtyKind::kNone:
      return "clean";
    case DirtyKind::kNullRequired:
      return "null_required";
    case DirtyKind::kDuplicate:
      return "duplicate";
    case DirtyKind::kNegativeAmount:
      return "negative_amount";
    case DirtyKind::kMalformedDate:
      return "malformed_date";
    case DirtyKind::kUnknownProduct:
      return "unknown_product";
    case DirtyKind::kNonNumericQuantity:
      return "non_numeric_quantity";
    case DirtyKind::kLateUpdate:
      return "late_update";
  }
  return "clean";
}

std::string_view TxStatusName(TxStatus status) {
  switch (status) {
    case TxStatus::kCompleted:
      return "completed";
    case TxStatus::kReturned:
      return "returned";
    case TxStatus::kCancelled:
      return "cancelled";
    case TxStatus::kPending:
      return "pending";
  }
  return "completed";
}

Customer MakeCustomer(const ModelParams& params, int64_t id) {
  Rng rng(HashKey(params.seed, static_cast<uint64_t>(id), kCustomerSalt));
  Customer c;
  c.id = id;
  c.country = PickWeighted(Countries(), CountryWeight, &rng);
  c.city = PickUniform(Countries()[static_cast<size_t>(c.country)].cities, &rng);
  c.first_name = PickUniform(FirstNames(), &rng);
  c.last_name = PickUniform(LastNames(), &rng);
  c.email_number = static_cast<int>(rng.Below(1000));
  c.email_domain = PickUniform(EmailDomains(), &rng);
  c.signup_day = params.base_day - rng.Between(1, 3 * 365);
  c.segment =
      CustomerSegments()[static_cast<size_t>(PickWeighted(CustomerSegments(), NamedWeight, &rng))]
          .name;
  return c;
}

Product MakeProduct(const ModelParams& params, int64_t id) {
  Rng rng(HashKey(params.seed, static_cast<uint64_t>(id), kProductSalt));
  Product p;
  p.id = id;
  p.category = PickWeighted(Categories(), CategoryWeight, &rng);
  const Category& category = Categories()[static_cast<size_t>(p.category)];
  p.subcategory = PickUniform(category.subcategories, &rng);
  p.brand = PickUniform(category.brands, &rng);
  p.adjective = PickUniform(ProductAdjectives(), &rng);
  p.model_number = static_cast<int>(rng.Between(100, 999));
  // Skewed towards the cheap end of the category's range; prices end in 99 cents.
  const double u = rng.Unit();
  const int64_t span = category.max_price_cents - category.min_price_cents;
  p.price_cents =
      category.min_price_cents + static_cast<int64_t>(u * u * static_cast<double>(span));
  p.price_cents = p.price_cents / 100 * 100 + 99;
  p.cost_cents = p.price_cents * rng.Between(35, 75) / 100;
  return p;
}

TransactionModel::TransactionModel(ModelParams params, std::vector<BatchWindow> batches)
    : params_(params),
      batches_(std::move(batches)),
      customer_stride_(CoprimeStride(params.customers)),
      product_stride_(CoprimeStride(params.products)) {
  for (const BatchWindow& batch : batches_) {
    const double resend = ResendShare(batch.dirty_rate);
    const double corrupt = batch.dirty_rate - resend;
    windows_.push_back({batch, DayCdf(params_, batch), resend < 1 ? corrupt / (1 - resend) : 0});
  }
  uint64_t total = 0;
  for (int weight : HourWeights()) hour_cdf_.push_back(total += static_cast<uint64_t>(weight));
  customer_country_.reserve(static_cast<size_t>(params_.customers));
  for (int64_t id = 1; id <= params_.customers; ++id) {
    customer_country_.push_back(static_cast<uint8_t>(MakeCustomer(params_, id).country));
  }
  product_price_cents_.reserve(static_cast<size_t>(params_.products));
  for (int64_t id = 1; id <= params_.products; ++id) {
    product_price_cents_.push_back(MakeProduct(params_, id).price_cents);
  }
}

double TransactionModel::ResendShare(double dirty_rate) {
  return dirty_rate * kResendWeight / 100.0;
}

const TransactionModel::Window& TransactionModel::WindowOf(int64_t id) const {
  auto it = std::upper_bound(windows_.begin(), windows_.end(), id,
                             [](int64_t v, const Window& w) { return v < w.batch.first_id; });
  return it == windows_.begin() ? windows_.front() : *(it - 1);
}

int64_t TransactionModel::OrderStart(int64_t id, const Window& window) const {
  // An id starts a new order with probability 0.6 (or every 5th id): 1.6 lines per order on
  // average, at most 5.
  constexpr uint64_t kThreshold = 0x9999999999999999ULL;  // 0.6 * 2^64
  int64_t o = id;
  while (o > window.batch.first_id && o % 5 != 0 &&
         HashKey(params_.seed, static_cast<uint64_t>(o), kOrderStartSalt) >= kThreshold) {
    --o;
  }
  return o;
}

int64_t TransactionModel::PickCustomer(Rng* rng) const {
  // Popularity rank ~ u^2: the top 10% of customers place about a third of the orders.
  const double u = rng->Unit();
  const auto rank = static_cast<int64_t>(u * u * static_cast<double>(params_.customers));
  return 1 + (rank * customer_stride_) % params_.customers;
}

int64_t TransactionModel::PickProduct(Rng* rng) const {
  // Popularity rank ~ u^3: the top 10% of products sell about half the units.
  const double u = rng->Unit();
  const auto rank = static_cast<int64_t>(u * u * u * static_cast<double>(params_.products));
  return 1 + (rank * product_stride_) % params_.products;
}

Transaction TransactionModel::Clean(int64_t id) const {
  const Window& window = WindowOf(id);
  const int64_t order = OrderStart(id, window);
  Transaction tx;
  tx.transaction_id = id;
  tx.order_id = order;

  // Order-level fields: the same for every line of the order.
  Rng orng(HashKey(params_.seed, static_cast<uint64_t>(order), kOrderSalt));
  tx.customer_id = PickCustomer(&orng);
  tx.country = customer_country_[static_cast<size_t>(tx.customer_id - 1)];
  const int64_t day =
      window.batch.start_day + static_cast<int64_t>(SampleCdf(window.day_cdf, &orng));
  const int64_t hour = static_cast<int64_t>(SampleCdf(hour_cdf_, &orng));
  tx.event_time = day * kDay + hour * 3600 + orng.Between(0, 3599);
  tx.payment_method = PickWeighted(PaymentMethods(), NamedWeight, &orng);
  const uint64_t order_status = orng.Below(1000);
  tx.status = order_status < 40   ? TxStatus::kCancelled
              : order_status < 70 ? TxStatus::kPending
                                  : TxStatus::kCompleted;

  // Line-level fields.
  Rng lrng(HashKey(params_.seed, static_cast<uint64_t>(id), kLineSalt));
  tx.product_id = PickProduct(&lrng);
  const uint64_t q = lrng.Below(100);
  tx.quantity = q < 65   ? 1
                : q < 85 ? 2
                : q < 93 ? 3
                : q < 98 ? static_cast<int32_t>(lrng.Between(4, 6))
                         : static_cast<int32_t>(lrng.Between(7, 10));
  tx.discount_pct = lrng.Below(100) < 65 ? 0 : static_cast<int32_t>(5 * lrng.Between(1, 6));
  if (tx.status == TxStatus::kCompleted && lrng.Below(1000) < 60) tx.status = TxStatus::kReturned;
  const Country& country = Countries()[static_cast<size_t>(tx.country)];
  const int64_t usd_price = product_price_cents_[static_cast<size_t>(tx.product_id - 1)];
  tx.unit_price_cents = (usd_price * country.usd_rate_micros + 500'000) / 1'000'000;
  tx.amount_cents = (tx.quantity * tx.unit_price_cents * (100 - tx.discount_pct) + 50) / 100;
  switch (tx.status) {
    case TxStatus::kCompleted:
      tx.updated_at = tx.event_time + lrng.Between(60, 2 * 3600);
      break;
    case TxStatus::kReturned:
      tx.updated_at = tx.event_time + lrng.Between(2 * kDay, 30 * kDay);
      break;
    case TxStatus::kCancelled:
      tx.updated_at = tx.event_time + lrng.Between(300, kDay);
      break;
    case TxStatus::kPending:
      tx.updated_at = tx.event_time;
      break;
  }
  return tx;
}

DirtyKind TransactionModel::Corruption(int64_t id) const {
  const Window& window = WindowOf(id);
  const uint64_t h = HashKey(params_.seed, static_cast<uint64_t>(id), kDirtySalt);
  if (static_cast<double>(h >> 11) * 0x1.0p-53 >= window.corrupt_probability) {
    return DirtyKind::kNone;
  }
  const int pick = static_cast<int>(Mix64(h) % (100 - kResendWeight));
  if (pick < kNullWeight) return DirtyKind::kNullRequired;
  if (pick < kNullWeight + kNegativeWeight) return DirtyKind::kNegativeAmount;
  if (pick < kNullWeight + kNegativeWeight + kMalformedDateWeight) return DirtyKind::kMalformedDate;
  if (pick < kNullWeight + kNegativeWeight + kMalformedDateWeight + kUnknownProductWeight) {
    return DirtyKind::kUnknownProduct;
  }
  return DirtyKind::kNonNumericQuantity;
}

Transaction TransactionModel::LateUpdate(int64_t id, int64_t not_before, Rng* rng) const {
  Transaction tx = Clean(id);
  switch (tx.status) {
    case TxStatus::kCompleted:
      tx.status = TxStatus::kReturned;
      break;
    case TxStatus::kReturned:
    case TxStatus::kCancelled:
      tx.status = TxStatus::kCompleted;
      break;
    case TxStatus::kPending:
      tx.status = rng->Below(10) < 7 ? TxStatus::kCompleted : TxStatus::kCancelled;
      break;
  }
  tx.updated_at = std::max(tx.updated_at + rng->Between(3600, 14 * kDay),
                           not_before + rng->Between(0, 3 * kDay));
  return tx;
}

}  // namespace ingot::generators
