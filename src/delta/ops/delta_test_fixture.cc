#include "delta/ops/delta_test_fixture.h"

#include <filesystem>

#include <unistd.h>

#include "duck/query_result.h"

namespace ingot::delta::testing {

void DeltaTableTest::SetUp() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  root_ = ::testing::TempDir() + "ingot_" + info->test_suite_name() + "_" + info->name() + "_" +
          std::to_string(getpid());
  std::filesystem::remove_all(root_);
  auto db = duck::Database::Open({.threads = 2});
  ASSERT_TRUE(db.ok()) << db.status();
  db_ = std::move(db).ValueOrDie();
  auto con = db_->Connect();
  ASSERT_TRUE(con.ok()) << con.status();
  con_ = std::move(con).ValueOrDie();
}

void DeltaTableTest::TearDown() {
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

std::vector<std::string> DeltaTableTest::Rows(const std::string& sql) {
  std::vector<std::string> rows;
  auto result = con_->Query(sql);
  EXPECT_TRUE(result.ok()) << result.status() << "\n" << sql;
  if (!result.ok()) return rows;
  while (true) {
    auto chunk = (*result)->Next();
    EXPECT_TRUE(chunk.ok()) << chunk.status();
    if (!chunk.ok() || *chunk == nullptr) break;
    for (size_t r = 0; r < (*chunk)->size(); ++r) {
      std::string row;
      for (size_t c = 0; c < (*chunk)->column_count(); ++c) {
        row += (c ? "|" : "") + (*chunk)->ToString(c, r);
      }
      rows.push_back(row);
    }
  }
  return rows;
}

std::string DeltaTableTest::Scalar(const std::string& sql) {
  auto value = con_->QueryScalar(sql);
  return value.ok() ? *value : "error: " + value.status().message();
}

}  // namespace ingot::delta::testing
