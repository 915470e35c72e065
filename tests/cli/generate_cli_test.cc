// End-to-end: `ingot generate ecommerce` through the binary: the summary, the files, a refused
// second run, an appended batch, usage errors.
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_runner.h"

namespace ingot::testing {
namespace {

using ::testing::HasSubstr;

class GenerateCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir(std::string("generate_") +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    out_ = dir_ + "/data";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
  std::string out_;
};

TEST_F(GenerateCliTest, WritesFilesAndPrintsASummary) {
  CliRun run = RunIngot({"generate", "ecommerce", "--out", out_, "--transactions", "5000",
                         "--customers", "300", "--products", "50", "--files", "2", "--days", "31",
                         "--dirty-rate", "0.1", "--seed", "7"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("generated batch 1 into " + out_));
  EXPECT_THAT(run.out, HasSubstr("5,000 rows  in 2 files"));
  EXPECT_THAT(run.out, HasSubstr("late_update"));
  EXPECT_THAT(run.out, HasSubstr("transaction rows/s"));
  EXPECT_EQ(ListDir(out_), (std::vector<std::string>{"_ingot_generate.json", "customers",
                                                     "products", "transactions"}));
  EXPECT_EQ(ListDir(out_ + "/transactions"),
            (std::vector<std::string>{"transactions-00001.csv", "transactions-00002.csv"}));
  CliRun count = RunIngot({"sql", "--format", "csv",
                           "SELECT count(*) AS n, count(DISTINCT customer_id) <= 300 AS ok FROM "
                           "read_csv('" +
                               out_ + "/transactions/*.csv', all_varchar = true)"});
  EXPECT_EQ(count.out, "n,ok\n5000,true\n");

  CliRun again = RunIngot({"generate", "ecommerce", "--out", out_, "--transactions", "10"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.err, HasSubstr("already holds generated data"));
  EXPECT_THAT(again.err, HasSubstr("hint: pass --append"));

  CliRun append = RunIngot({"generate", "ecommerce", "--out", out_, "--append", "--transactions",
                            "1000", "--files", "1", "--days", "7", "-q"});
  ASSERT_EQ(append.exit_code, 0) << append.err;
  EXPECT_EQ(append.out, "");
  EXPECT_EQ(ListDir(out_ + "/transactions").back(), "transactions-00003.csv");
  CliRun window = RunIngot({"sql", "--format", "csv",
                            "SELECT min(event_time)::DATE AS first FROM read_csv('" + out_ +
                                "/transactions/transactions-00003.csv', all_varchar = true) "
                                "WHERE TRY_CAST(event_time AS TIMESTAMPTZ) >= '2025-02-01'"});
  EXPECT_EQ(window.out, "first\n2025-02-01\n");
}

TEST_F(GenerateCliTest, UsageErrors) {
  CliRun no_out = RunIngot({"generate", "ecommerce"});
  EXPECT_EQ(no_out.exit_code, 2);
  EXPECT_THAT(no_out.err, HasSubstr("--out is required"));
  CliRun seed_on_append =
      RunIngot({"generate", "ecommerce", "--out", out_, "--append", "--seed", "3"});
  EXPECT_EQ(seed_on_append.exit_code, 2);
  CliRun rate = RunIngot({"generate", "ecommerce", "--out", out_, "--dirty-rate", "2"});
  EXPECT_EQ(rate.exit_code, 2);
  CliRun nothing = RunIngot({"generate", "ecommerce", "--out", out_, "--append"});
  EXPECT_NE(nothing.exit_code, 0);
  EXPECT_THAT(nothing.err, HasSubstr("nothing generated there yet"));
}

}  // namespace
}  // namespace ingot::testing
