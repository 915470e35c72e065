#include "delta/scan/delta_functions.h"

#include <filesystem>

#include <unistd.h>

#include <gtest/gtest.h>

#include "common/clock.h"
#include "delta/ops/create_table.h"
#include "delta/ops/delta_test_fixture.h"
#include "delta/ops/write_table.h"
#include "delta/snapshot/history.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

namespace fs = std::filesystem;

class DeltaFunctionsTest : public testing::DeltaTableTest {
 protected:
  void SetUp() override {
    DeltaTableTest::SetUp();
    ASSERT_TRUE(RegisterDeltaFunctions(db_.get(), con_.get()).ok());
  }
};

TEST_F(DeltaFunctionsTest, DeltaScanReadsLatestAndTimeTravels) {
  ASSERT_TRUE(CreateTable(con_.get(), {.table_root = root_,
                                       .source_sql = "SELECT range AS id, ['x','y'][1 + range % 2] "
                                                     "AS p FROM range(10)",
                                       .partition_columns = {"p"}})
                  .ok());
  ASSERT_TRUE(
      WriteTable(con_.get(), {.table_root = root_, .source_sql = "SELECT 100 AS id, 'z' AS p"})
          .ok());
  std::string t = "'" + root_ + "'";
  EXPECT_EQ(Scalar("SELECT sum(id) FROM delta_scan(" + t + ")"), "145");
  EXPECT_EQ(Scalar("SELECT sum(id) FROM delta_scan(" + t + ", version => 0)"), "45");
  EXPECT_EQ(Scalar("SELECT count(*) FROM delta_scan(" + t + ") WHERE p = 'z'"), "1");
  auto history = History(std::make_shared<storage::LocalFileSystem>(), root_);
  ASSERT_TRUE(history.ok()) << history.status();
  std::string v0_time = FormatIso8601Millis(history->back().timestamp_millis);
  EXPECT_EQ(Scalar("SELECT sum(id) FROM delta_scan(" + t + ", \"timestamp\" => '" + v0_time + "')"),
            "45");
  auto future =
      con_->QueryScalar("SELECT sum(id) FROM delta_scan(" + t + ", \"timestamp\" => '2999-01-01')");
  EXPECT_FALSE(future.ok());
  auto past = con_->QueryScalar("SELECT sum(id) FROM delta_scan(" + t +
                                ", \"timestamp\" => '2000-01-01T00:00:00Z')");
  EXPECT_FALSE(past.ok());
  auto bad_version = con_->QueryScalar("SELECT * FROM delta_scan(" + t + ", version => 9)");
  EXPECT_FALSE(bad_version.ok());
  EXPECT_NE(bad_version.status().message().find("9"), std::string::npos) << bad_version.status();
  auto missing = con_->QueryScalar("SELECT * FROM delta_scan('" + root_ + "_missing')");
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find(root_ + "_missing"), std::string::npos);
}

TEST(DeltaTimestampParseTest, IsoForms) {
  EXPECT_EQ(*ParseTimestampMillis("1970-01-02"), 86'400'000);
  EXPECT_EQ(*ParseTimestampMillis("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(*ParseTimestampMillis("1970-01-01 00:00:02"), 2000);
  EXPECT_FALSE(ParseTimestampMillis("last tuesday").ok());
}

}  // namespace
}  // namespace ingot::delta
