#include "quality/expectations.h"

#include <algorithm>
#include <cstdlib>

#include "common/macros.h"
#include "duck/connection.h"
#include "duck/query_result.h"

namespace ingot::quality {
namespace {

std::string Flag(size_t i) { return "__ingot_e" + std::to_string(i); }

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

std::string AnyFlag(const std::vector<Expectation>& expectations, Action action) {
  std::string out;
  for (size_t i = 0; i < expectations.size(); ++i) {
    if (expectations[i].action != action) continue;
    out += (out.empty() ? "" : " OR ") + Flag(i);
  }
  return out.empty() ? "false" : "(" + out + ")";
}

}  // namespace

Result<std::vector<std::string>> RelationColumns(duck::Connection* con, const std::string& relation,
                                                 bool include_internal) {
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query("SELECT * FROM " + relation + " LIMIT 0"));
  std::vector<std::string> out;
  for (size_t i = 0; i < result->column_count(); ++i) {
    const std::string& name = result->ColumnName(i);
    if (!include_internal && StartsWith(name, kInternalPrefix)) continue;
    out.push_back(name);
  }
  return out;
}

Result<CheckResult> CheckExpectations(duck::Connection* con, const CheckOptions& options) {
  CheckResult out;
  out.checked_view = options.checked_view;
  out.expectations = options.expectations;
  INGOT_ASSIGN_OR_RAISE(auto all_columns, RelationColumns(con, options.input, true));
  out.has_reject =
      std::find(all_columns.begin(), all_columns.end(), kRejectColumn) != all_columns.end();
  for (const std::string& c : all_columns) {
    if (StartsWith(c, kInternalPrefix)) continue;
    out.columns.push_back(c);
    if (std::find(all_columns.begin(), all_columns.end(), kRawPrefix + c) != all_columns.end()) {
      out.raw_columns.push_back(c);
    }
  }
  // Each expectation alone first, so that a bad expression names its expectation.
  for (const Expectation& e : options.expectations) {
    Status status = con->Execute("SELECT NOT coalesce(CAST((" + e.expr +
                                 ") AS BOOLEAN), false) FROM " + options.input + " LIMIT 0");
    if (!status.ok()) {
      return Status::InvalidArgument("expectation '", e.name, "' (", e.expr,
                                     "): ", status.message());
    }
  }
  std::string select = "SELECT *";
  std::string rejected = out.has_reject ? std::string(kRejectColumn) + " IS NOT NULL" : "false";
  for (size_t i = 0; i < options.expectations.size(); ++i) {
    // A rejected row's typed columns are not trustworthy: it is not checked further.
    select += ", (NOT " + rejected + ") AND NOT coalesce(CAST((" + options.expectations[i].expr +
              ") AS BOOLEAN), false) AS " + Flag(i);
  }
  select += " FROM " + options.input;
  INGOT_RETURN_NOT_OK(
      con->Execute("CREATE OR REPLACE VIEW " + options.checked_view + " AS " + select));

  std::string quarantined =
      "(" + rejected + " OR " + AnyFlag(options.expectations, Action::kQuarantine) + ")";
  std::string dropped =
      "(NOT " + quarantined + " AND " + AnyFlag(options.expectations, Action::kDrop) + ")";
  std::string counts = "SELECT count(*), count_if(" + quarantined + "), count_if(" + dropped +
                       "), count_if(" + rejected + "), count_if(NOT " + quarantined + " AND NOT " +
                       dropped + " AND " + AnyFlag(options.expectations, Action::kWarn) + ")";
  for (size_t i = 0; i < options.expectations.size(); ++i) counts += ", count_if(" + Flag(i) + ")";
  counts += " FROM " + options.checked_view;
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query(counts));
  INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
  if (chunk == nullptr || chunk->size() == 0) return Status::Internal("expectation counts: no row");
  out.rows_in = chunk->GetInt64(0, 0);
  out.rows_quarantined = chunk->GetInt64(1, 0);
  out.rows_dropped = chunk->GetInt64(2, 0);
  out.rows_rejected = chunk->GetInt64(3, 0);
  out.rows_warned = chunk->GetInt64(4, 0);
  out.rows_written = out.rows_in - out.rows_quarantined - out.rows_dropped;
  for (size_t i = 0; i < options.expectations.size(); ++i) {
    out.counts.push_back(
        {options.expectations[i].name, options.expectations[i].action, chunk->GetInt64(5 + i, 0)});
  }
  std::string columns;
  for (const std::string& c : out.columns) {
    columns += (columns.empty() ? "" : ", ") + duck::QuoteIdentifier(c);
  }
  out.written_sql = "SELECT " + columns + " FROM " + options.checked_view + " WHERE NOT " +
                    quarantined + " AND NOT " + dropped;
  return out;
}

std::string CheckResult::QuarantineSql(const std::string& run_id,
                                       const std::string& quarantined_at) const {
  std::string rejected = has_reject ? std::string(kRejectColumn) + " IS NOT NULL" : "false";
  std::string select;
  for (const std::string& c : columns) {
    // The quarantine's own columns win (a bronze row's _run_id is this run's anyway).
    if (c == "_expectation" || c == "_reason" || c == "_run_id" || c == "_quarantined_at") continue;
    bool raw = std::find(raw_columns.begin(), raw_columns.end(), c) != raw_columns.end();
    std::string value = "CAST(" + duck::QuoteIdentifier(c) + " AS VARCHAR)";
    if (raw) value = "coalesce(" + duck::QuoteIdentifier(kRawPrefix + c) + ", " + value + ")";
    select += value + " AS " + duck::QuoteIdentifier(c) + ", ";
  }
  std::string names = "concat_ws(', '";
  std::string reason = "CASE";
  if (has_reject) {
    names = "concat_ws(', ', CASE WHEN " + rejected + " THEN 'schema' END";
    reason += " WHEN " + rejected + " THEN " + std::string(kRejectColumn);
  }
  for (size_t i = 0; i < expectations.size(); ++i) {
    if (expectations[i].action != Action::kQuarantine) continue;
    names +=
        ", CASE WHEN " + Flag(i) + " THEN " + duck::QuoteLiteral(expectations[i].name) + " END";
    reason += " WHEN " + Flag(i) + " THEN " +
              duck::QuoteLiteral("expectation '" + expectations[i].name +
                                 "' failed: " + expectations[i].expr);
  }
  names += ")";
  reason += " END";
  std::string quarantined =
      "(" + rejected + " OR " + AnyFlag(expectations, Action::kQuarantine) + ")";
  return "SELECT " + select + names + " AS _expectation, " + reason + " AS _reason, " +
         duck::QuoteLiteral(run_id) + " AS _run_id, CAST(" + duck::QuoteLiteral(quarantined_at) +
         " AS TIMESTAMP) AS _quarantined_at FROM " + checked_view + " WHERE " + quarantined;
}

const ExpectationCount* CheckResult::FirstFailure() const {
  for (const ExpectationCount& c : counts) {
    if (c.action == Action::kFail && c.failed_rows > 0) return &c;
  }
  return nullptr;
}

}  // namespace ingot::quality
