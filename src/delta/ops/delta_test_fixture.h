#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "duck/connection.h"
#include "duck/database.h"

namespace ingot::delta::testing {

// A fresh table directory (unique per test and process, removed afterwards) and an in-memory
// DuckDB with two threads, for tests that write and read Delta tables.
class DeltaTableTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Every row of `sql`, each as "v1|v2|..." in DuckDB's text rendering.
  std::vector<std::string> Rows(const std::string& sql);
  // The first value of `sql`, or "error: <message>".
  std::string Scalar(const std::string& sql);

  std::string root_;
  std::unique_ptr<duck::Database> db_;
  std::unique_ptr<duck::Connection> con_;
};

}  // namespace ingot::delta::testing
