#pragma once

// The fixture of the golden row tests (golden_delta_rows_test.cc, golden_delta_features_test.cc):
// a temp copy of a golden table, delta_scan text, and row-set comparisons through DuckDB.

#include <filesystem>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "golden_test_util.h"
#include "storage/storage_test_util.h"

namespace ingot::golden {

class GoldenRows : public ::testing::Test {
 protected:
  std::string Copy(const std::string& table) { return CopyGoldenTable(table, temp_.path()); }

  // delta_scan('<root>'[, version => v][, "timestamp" => 'ts']).
  static std::string Scan(const std::string& root, std::optional<int64_t> version = std::nullopt,
                          const std::string& timestamp = "") {
    std::string sql = "delta_scan(" + Lit(root);
    if (version.has_value()) sql += ", version => " + std::to_string(*version);
    if (!timestamp.empty()) sql += ", \"timestamp\" => " + Lit(timestamp);
    return sql + ")";
  }

  // Expects `actual` and `expected` (two queries with the same number of columns) to return the
  // same multiset of rows; prints up to 20 rows that differ.
  void ExpectRows(const std::string& actual, const std::string& expected,
                  const std::string& what = "") {
    std::string diff = "SELECT * FROM (SELECT 'missing' AS side, * FROM ((" + expected +
                       ") EXCEPT ALL (" + actual + ")) UNION ALL SELECT 'unexpected', * FROM ((" +
                       actual + ") EXCEPT ALL (" + expected + "))) LIMIT 20";
    Result<Rows> rows = duck_.Query(diff);
    ASSERT_TRUE(rows.ok()) << what << ": " << rows.status() << "\n  query: " << actual;
    std::string text;
    for (const auto& row : *rows) {
      text += "\n  ";
      for (size_t i = 0; i < row.size(); ++i) text += (i > 0 ? " | " : "") + row[i];
    }
    EXPECT_TRUE(rows->empty()) << what << ": rows differ (first 20):" << text;
  }

  // Expects the rows of SELECT <select> FROM <scan> to equal `expected`.
  void ExpectScan(const std::string& scan, const std::string& select, const std::string& expected,
                  const std::string& what = "") {
    ExpectRows("SELECT " + select + " FROM " + scan, expected, what.empty() ? scan : what);
  }

  std::string Columns(const std::string& scan) {
    Result<std::string> columns = duck_.Columns("SELECT * FROM " + scan);
    EXPECT_TRUE(columns.ok()) << scan << ": " << columns.status();
    return columns.ok() ? *columns : "error: " + columns.status().ToString();
  }

  std::string Scalar(const std::string& sql) {
    Result<std::string> value = duck_.Scalar(sql);
    EXPECT_TRUE(value.ok()) << sql << ": " << value.status();
    return value.ok() ? *value : "error: " + value.status().ToString();
  }

  int64_t Count(const std::string& scan) {
    Result<std::string> value = duck_.Scalar("SELECT count(*) FROM " + scan);
    EXPECT_TRUE(value.ok()) << scan << ": " << value.status();
    return value.ok() ? std::stoll(*value) : -1;
  }

  // The error of a query that must fail ("" and a test failure when it succeeds).
  std::string Error(const std::string& sql) {
    Result<Rows> rows = duck_.Query(sql);
    EXPECT_FALSE(rows.ok()) << sql << " succeeded with " << (rows.ok() ? rows->size() : 0)
                            << " rows";
    return rows.ok() ? "" : rows.status().message();
  }

  // Writes a one-row Parquet file `root`/`relative` (the fake data files of log-only tables).
  void WriteParquet(const std::string& root, const std::string& relative,
                    const std::string& select) {
    std::filesystem::path path = std::filesystem::path(root) / relative;
    std::filesystem::create_directories(path.parent_path());
    Result<Rows> done =
        duck_.Query("COPY (" + select + ") TO " + Lit(path.string()) + " (FORMAT parquet)");
    ASSERT_TRUE(done.ok()) << path << ": " << done.status();
  }

  storage::testing::ScopedTempDir temp_;
  DuckSession duck_;
};

#define COPY(var, table)         \
  std::string var = Copy(table); \
  ASSERT_FALSE(var.empty()) << table

}  // namespace ingot::golden
