#pragma once

// The e-commerce data model: customers, products and transaction rows as pure functions of
// (seed, id). Nothing is stored per row, so any row can be regenerated later: that is how the
// generator writes exact duplicates and late updates of rows written long before (even by an
// earlier batch) in constant memory.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "connectors/generators/random.h"

namespace ingot::generators {

// The kinds of bad rows the generator mixes into the transactions.
enum class DirtyKind : uint8_t {
  kNone = 0,
  kNullRequired,        // a required field is empty
  kDuplicate,           // an exact re-send of an earlier row
  kNegativeAmount,      // amount < 0
  kMalformedDate,       // event_time that is not an ISO-8601 timestamp of a real day
  kUnknownProduct,      // product_id not in products
  kNonNumericQuantity,  // quantity that is not a number
  kLateUpdate,          // an earlier transaction again, with a later updated_at and a new status
};
inline constexpr int kDirtyKindCount = 8;

// "null_required", "duplicate", ... ("clean" for kNone).
std::string_view DirtyKindName(DirtyKind kind);

enum class TxStatus : uint8_t { kCompleted, kReturned, kCancelled, kPending };
std::string_view TxStatusName(TxStatus status);

// What the whole data set shares, fixed by its first batch.
struct ModelParams {
  uint64_t seed = 42;
  int64_t customers = 50'000;
  int64_t products = 2'000;
  int64_t base_day = 0;  // the first batch's start (days since 1970-01-01): signups precede it
};

// One batch of transaction files: the ids it assigned and the window its events fall in.
struct BatchWindow {
  int64_t first_id = 1;  // transaction ids [first_id, end_id)
  int64_t end_id = 1;
  int64_t start_day = 0;
  int32_t days = 365;
  double dirty_rate = 0.02;
};

struct Customer {
  int64_t id;
  std::string_view first_name;
  std::string_view last_name;
  int email_number;
  std::string_view email_domain;
  int country;  // index into Countries()
  std::string_view city;
  int64_t signup_day;
  std::string_view segment;
};

struct Product {
  int64_t id;
  int category;  // index into Categories()
  std::string_view subcategory;
  std::string_view brand;
  std::string_view adjective;
  int model_number;
  int64_t price_cents;  // USD list price
  int64_t cost_cents;
};

// One transaction row with clean values. Money is in cents of the row's currency.
struct Transaction {
  int64_t transaction_id;
  int64_t order_id;
  int64_t customer_id;
  int64_t product_id;
  int32_t quantity;
  int64_t unit_price_cents;
  int32_t discount_pct;
  int64_t amount_cents;
  int country;  // index into Countries(); also gives the currency
  int payment_method;
  TxStatus status;
  int64_t event_time;  // seconds since the epoch, UTC
  int64_t updated_at;
};

Customer MakeCustomer(const ModelParams& params, int64_t id);
Product MakeProduct(const ModelParams& params, int64_t id);

// Transactions of all batches known so far. Thread-safe after construction (const methods only).
class TransactionModel {
 public:
  // `batches` sorted by first_id, contiguous; the last one is the batch being written.
  TransactionModel(ModelParams params, std::vector<BatchWindow> batches);

  const ModelParams& params() const { return params_; }
  const std::vector<BatchWindow>& batches() const { return batches_; }

  // The clean row of transaction `id` (any batch).
  Transaction Clean(int64_t id) const;

  // How a freshly written transaction `id` is spoiled (kNone for most): never kDuplicate or
  // kLateUpdate, which are extra rows chosen by the writer.
  DirtyKind Corruption(int64_t id) const;

  // The row that later updates transaction `id`: same fields, another status and a later
  // updated_at, no earlier than `not_before` (seconds). `rng` picks the change.
  Transaction LateUpdate(int64_t id, int64_t not_before, Rng* rng) const;

  // Share of all rows that are re-sends of earlier rows (duplicates and late updates), given the
  // dirty rate; the rest of the dirty rows are spoiled fresh transactions.
  static double ResendShare(double dirty_rate);

 private:
  struct Window {
    BatchWindow batch;
    std::vector<uint64_t> day_cdf;  // cumulative weights of the batch's days
    double corrupt_probability;
  };
  const Window& WindowOf(int64_t id) const;
  int64_t OrderStart(int64_t id, const Window& window) const;
  int64_t PickCustomer(Rng* rng) const;
  int64_t PickProduct(Rng* rng) const;

  ModelParams params_;
  std::vector<BatchWindow> batches_;
  std::vector<Window> windows_;
  std::vector<uint64_t> hour_cdf_;
  int64_t customer_stride_;
  int64_t product_stride_;
  // Per-row lookups precomputed once (memory grows with the dimensions, not with the rows).
  std::vector<uint8_t> customer_country_;     // index id - 1
  std::vector<int64_t> product_price_cents_;  // index id - 1
};

}  // namespace ingot::generators
