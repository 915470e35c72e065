#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace ingot::duck {
class Connection;
}

// Data quality expectations evaluated in SQL over a staged relation.
namespace ingot::quality {

enum class Action { kWarn, kDrop, kQuarantine, kFail };

// A named SQL boolean each row must satisfy. A row fails when it is false or NULL.
struct Expectation {
  std::string name;
  std::string expr;
  Action action = Action::kWarn;
};

struct ExpectationCount {
  std::string name;
  Action action = Action::kWarn;
  int64_t failed_rows = 0;
};

// Columns whose names start with this prefix are internal: never written, never quarantined.
inline constexpr const char* kInternalPrefix = "__ingot";
// When the input has this (VARCHAR) column, a non-NULL value rejects the row before any
// expectation: it is quarantined with _expectation 'schema' and the value as the reason.
inline constexpr const char* kRejectColumn = "__ingot_reject";
// For a column c, a column "__ingot_raw__c" holds the text the row arrived with where c could
// not be converted; quarantine stores it instead of c when it is not NULL.
inline constexpr const char* kRawPrefix = "__ingot_raw__";

struct CheckOptions {
  // The rows to check: a DuckDB table or view.
  std::string input;
  std::vector<Expectation> expectations;
  // The view to create over `input` with one flag column per expectation.
  std::string checked_view;
};

// Counts after a check. rows_in = rows_written + rows_dropped + rows_quarantined always holds:
// quarantine wins over drop, and warn rows are written (counted in rows_warned).
struct CheckResult {
  int64_t rows_in = 0;
  int64_t rows_written = 0;
  int64_t rows_dropped = 0;
  int64_t rows_quarantined = 0;
  int64_t rows_warned = 0;
  int64_t rows_rejected = 0;  // quarantined by the schema (kRejectColumn), part of quarantined
  std::vector<ExpectationCount> counts;
  // The data columns (without internal ones), in order.
  std::vector<std::string> columns;
  // A query for the rows to write (data columns only).
  std::string written_sql;
  // A query for the quarantined rows: every data column as VARCHAR (the raw text where the row
  // had one), then _expectation, _reason (used with ? parameters: none; run id and time are
  // literals given to QuarantineSql).
  std::string QuarantineSql(const std::string& run_id, const std::string& quarantined_at) const;

  // The first `fail` expectation that failed on some row, or nullptr.
  const ExpectationCount* FirstFailure() const;

  std::string checked_view;
  std::vector<Expectation> expectations;
  bool has_reject = false;
  std::vector<std::string> raw_columns;  // data columns that have a raw twin
};

// Creates `checked_view` and counts failures per expectation in one pass. kInvalidArgument
// naming the expectation when its expression does not bind ("expectation 'positive_amount':
// Binder Error: ...").
Result<CheckResult> CheckExpectations(duck::Connection* con, const CheckOptions& options);

// The data columns of a relation (internal ones left out).
Result<std::vector<std::string>> RelationColumns(duck::Connection* con, const std::string& relation,
                                                 bool include_internal = false);

}  // namespace ingot::quality
