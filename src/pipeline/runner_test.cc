#include "pipeline/runner.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>

#include "delta/scan/delta_functions.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "pipeline/spec_parser.h"

namespace ingot::pipeline {
namespace {

namespace fs = std::filesystem;

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() /
            ("ingot_runner_test_" + std::to_string(getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(dir_);
    fs::create_directories(dir_ + "/input");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& path, const std::string& text) {
    std::ofstream(dir_ + "/" + path) << text;
  }

  std::string dir_;
};

// A text source of several files is written by one connection per DuckDB thread, each running
// with threads = 1; the database's thread count is back as it was after the run, and every row
// carries its number within its own file.
TEST_F(RunnerTest, SplitSourceWriteRestoresThreadsAndNumbersRowsPerFile) {
  for (int f = 1; f <= 3; ++f) {
    std::string text = "id,note\n";
    for (int row = 1; row <= 1000; ++row) {
      text +=
          std::to_string(f) + "-" + std::to_string(row) + ",\"n, " + std::to_string(row) + "\"\n";
    }
    Write("input/events_" + std::to_string(f) + ".csv", text);
  }
  Write("pipeline.yaml",
        "name: split\nwarehouse: ./wh\nsources:\n  events:\n    path: ./input/events_*.csv\n"
        "    schema: {id: VARCHAR, note: VARCHAR}\ntables:\n"
        "  bronze.events: {from: events}\n");
  auto spec = LoadPipelineSpec(dir_ + "/pipeline.yaml", {});
  ASSERT_TRUE(spec.ok()) << spec.status();
  auto db = duck::Database::Open({.threads = 3});
  ASSERT_TRUE(db.ok()) << db.status();
  auto con = (*db)->Connect();
  ASSERT_TRUE(con.ok()) << con.status();
  ASSERT_TRUE(delta::RegisterDeltaFunctions(db->get(), con->get()).ok());

  RunReport report = RunPipeline(db->get(), *spec, {});
  ASSERT_TRUE(report.status.ok()) << report.status;
  ASSERT_EQ(report.tables.size(), 1u);
  EXPECT_EQ(report.tables[0].rows_written, 3000);
  EXPECT_EQ((*con)->QueryScalar("SELECT current_setting('threads')").ValueOrDie(), "3");
  // One data file per connection: the three files were written at once.
  int data_files = 0;
  for (const auto& e : fs::directory_iterator(dir_ + "/wh/bronze/events")) {
    data_files += e.path().extension() == ".parquet";
  }
  EXPECT_EQ(data_files, 3);
  EXPECT_EQ((*con)
                ->QueryScalar("SELECT count(*) FROM delta_scan('" + dir_ +
                              "/wh/bronze/events') WHERE id <> regexp_extract(_source_file, "
                              "'events_([0-9])', 1) || '-' || _source_row OR note <> 'n, ' || "
                              "_source_row")
                .ValueOrDie(),
            "0");
}

}  // namespace
}  // namespace ingot::pipeline
