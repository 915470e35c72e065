#pragma once

// Renders generated rows as CSV lines or newline-delimited JSON objects, spoiling a row the way
// its DirtyKind says. Pure formatting: no I/O, no allocation beyond the output string.
#include <cstdint>
#include <string>

#include "connectors/generators/ecommerce_model.h"

namespace ingot::generators {

enum class OutputFormat { kCsv, kJson };

class RowFormat {
 public:
  RowFormat(OutputFormat format, const ModelParams& params) : format_(format), params_(params) {}

  OutputFormat format() const { return format_; }
  // "csv" or "json": the file extension.
  const char* extension() const { return format_ == OutputFormat::kCsv ? "csv" : "json"; }

  // The header line (CSV) or nothing (JSON), for each file kind.
  void AppendCustomerHeader(std::string* out) const;
  void AppendProductHeader(std::string* out) const;
  void AppendTransactionHeader(std::string* out) const;

  void AppendCustomer(const Customer& customer, std::string* out) const;
  void AppendProduct(const Product& product, std::string* out) const;
  // `dirty` is one of the spoiling kinds (kNullRequired, kNegativeAmount, kMalformedDate,
  // kUnknownProduct, kNonNumericQuantity) or kNone; re-sends are written as clean rows.
  void AppendTransaction(const Transaction& tx, DirtyKind dirty, std::string* out) const;

 private:
  OutputFormat format_;
  ModelParams params_;
};

}  // namespace ingot::generators
