#include "quality/expectations.h"

#include <gtest/gtest.h>

#include "duck/connection.h"
#include "duck/database.h"
#include "duck/query_result.h"

namespace ingot::quality {
namespace {

class ExpectationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = *duck::Database::Open({.threads = 1});
    con_ = *db_->Connect();
    ASSERT_TRUE(con_->Execute("CREATE TABLE input AS SELECT * FROM (VALUES (1, 10), (2, -5), "
                              "(3, NULL), (4, 200), (5, 7)) t(id, amount)")
                    .ok());
  }
  std::string Scalar(const std::string& sql) { return *con_->QueryScalar(sql); }

  std::unique_ptr<duck::Database> db_;
  std::unique_ptr<duck::Connection> con_;
};

TEST_F(ExpectationsTest, EachActionCountsAndReconciles) {
  auto result = CheckExpectations(con_.get(),
                                  {.input = "input",
                                   .expectations = {{"positive", "amount > 0", Action::kQuarantine},
                                                    {"small", "amount < 100", Action::kDrop},
                                                    {"not_five", "id <> 5", Action::kWarn}},
                                   .checked_view = "checked"});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->rows_in, 5);
  EXPECT_EQ(result->rows_quarantined, 2);  // -5 and NULL
  EXPECT_EQ(result->rows_dropped, 1);      // 200
  EXPECT_EQ(result->rows_written, 2);
  EXPECT_EQ(result->rows_warned, 1);
  EXPECT_EQ(result->rows_in,
            result->rows_written + result->rows_dropped + result->rows_quarantined);
  EXPECT_EQ(result->FirstFailure(), nullptr);
  EXPECT_EQ(
      Scalar("SELECT string_agg(id::VARCHAR, ',' ORDER BY id) FROM (" + result->written_sql + ")"),
      "1,5");
  EXPECT_EQ(Scalar("SELECT string_agg(id || ':' || _expectation, ',' ORDER BY id) FROM (" +
                   result->QuarantineSql("r1", "2026-01-01 00:00:00") + ")"),
            "2:positive,3:positive");
}

TEST_F(ExpectationsTest, FailAndBadExpression) {
  auto result = CheckExpectations(
      con_.get(), {.input = "input",
                   .expectations = {{"has_amount", "amount IS NOT NULL", Action::kFail}},
                   .checked_view = "checked"});
  ASSERT_TRUE(result.ok());
  ASSERT_NE(result->FirstFailure(), nullptr);
  EXPECT_EQ(result->FirstFailure()->failed_rows, 1);
  auto bad = CheckExpectations(con_.get(), {.input = "input",
                                            .expectations = {{"typo", "amout > 0", Action::kDrop}},
                                            .checked_view = "checked"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("expectation 'typo'"), std::string::npos);
}

TEST_F(ExpectationsTest, RejectedRowsKeepTheirRawText) {
  ASSERT_TRUE(con_->Execute("CREATE TABLE raw AS SELECT * FROM (VALUES ('1'), ('x')) t(v);"
                            "CREATE VIEW typed AS SELECT TRY_CAST(v AS INTEGER) AS v, v AS "
                            "__ingot_raw__v, CASE WHEN TRY_CAST(v AS INTEGER) IS NULL THEN 'bad "
                            "v' END AS __ingot_reject FROM raw")
                  .ok());
  auto result = CheckExpectations(con_.get(), {.input = "typed", .checked_view = "checked2"});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->rows_quarantined, 1);
  EXPECT_EQ(result->rows_rejected, 1);
  EXPECT_EQ(Scalar("SELECT v || '|' || _expectation || '|' || _reason FROM (" +
                   result->QuarantineSql("r", "2026-01-01") + ")"),
            "x|schema|bad v");
}

}  // namespace
}  // namespace ingot::quality
