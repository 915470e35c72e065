// End-to-end: Delta tables through the ingot binary (create, append, overwrite, scan, describe,
// history, delta_scan in SQL), checking output, exit codes and the files in _delta_log.
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_runner.h"

namespace ingot::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class TableCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir(std::string("table_") +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    table_ = dir_ + "/sales";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  CliRun Ok(const std::vector<std::string>& args) {
    CliRun run = RunIngot(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run;
  }

  std::string dir_;
  std::string table_;
};

TEST_F(TableCliTest, CreateAppendOverwriteAndTimeTravel) {
  WriteFile(dir_ + "/day1.csv", "id,country,amount\n1,DE,10.5\n2,FR,20\n3,DE,5\n");
  CliRun created =
      Ok({"table", "create", table_, "--file", dir_ + "/day1.csv", "--partition-by", "country"});
  EXPECT_EQ(created.out, "created table " + table_ + " at version 0\n");
  Ok({"table", "append", table_, "--sql", "SELECT 4 AS id, 'NL' AS country, 1.25 AS amount"});
  Ok({"table", "overwrite", table_, "--sql", "SELECT 5 AS id, 'DE' AS country, 99 AS amount",
      "--replace-where", "country = 'DE'"});
  CliRun now = Ok({"sql", "--format", "csv",
                   "SELECT id, country, amount FROM delta_scan('" + table_ + "') ORDER BY id"});
  EXPECT_EQ(now.out, "id,country,amount\n2,FR,20.0\n4,NL,1.25\n5,DE,99.0\n");
  CliRun v0 = Ok({"table", "scan", table_, "--version", "0", "--format", "csv"});
  EXPECT_THAT(v0.out, HasSubstr("1,DE,10.5"));
  EXPECT_THAT(v0.out, HasSubstr("3,DE,5.0"));
  EXPECT_EQ(std::count(v0.out.begin(), v0.out.end(), '\n'), 4);  // header + 3 rows
  CliRun history = Ok({"table", "history", table_, "--format", "csv"});
  EXPECT_THAT(history.out, StartsWith("version,timestamp,operation,parameters,metrics\n2,"));
  EXPECT_THAT(history.out, HasSubstr("CREATE TABLE AS SELECT"));
  // JSON output embeds parameters and metrics as objects, not as escaped strings.
  CliRun history_json = Ok({"table", "history", table_, "--format", "json"});
  EXPECT_THAT(history_json.out, HasSubstr(R"("parameters":{"mode":)"));
  EXPECT_THAT(history_json.out, HasSubstr(R"("metrics":{"numFiles":)"));
  CliRun describe = Ok({"table", "describe", table_, "--format", "csv"});
  EXPECT_THAT(describe.out, HasSubstr("partition_columns,country"));
  EXPECT_THAT(describe.out, HasSubstr("version,2"));
  EXPECT_THAT(describe.out, HasSubstr("files,3"));
}

TEST_F(TableCliTest, DataSkippingIsReportedByStats) {
  Ok({"table", "create", table_, "--sql", "SELECT i AS id, i % 3 AS shard FROM range(0, 100) t(i)",
      "--partition-by", "shard"});
  for (int batch = 1; batch < 5; ++batch) {
    Ok({"table", "append", table_, "--sql",
        "SELECT i AS id, i % 3 AS shard FROM range(" + std::to_string(batch * 100) + ", " +
            std::to_string(batch * 100 + 100) + ") t(i)"});
  }
  CliRun scan = Ok(
      {"table", "scan", table_, "--where", "id BETWEEN 250 AND 252", "--stats", "--format", "csv"});
  EXPECT_THAT(scan.out, StartsWith("id,shard\n"));
  for (const char* row : {"\n250,1\n", "\n251,2\n", "\n252,0\n"}) {
    EXPECT_THAT(scan.out, HasSubstr(row));
  }
  EXPECT_EQ(std::count(scan.out.begin(), scan.out.end(), '\n'), 4);
  EXPECT_THAT(scan.err, HasSubstr("scan of " + table_ + " v4: 3 of 15 files"));
  // ingot sql pushes WHERE conjuncts into delta_scan; --stats shows what was read.
  CliRun sql =
      Ok({"sql", "--stats", "--format", "csv",
          "SELECT count(*) AS n FROM delta_scan('" + table_ + "') WHERE id >= 480 AND shard = 1"});
  EXPECT_EQ(sql.out, "n\n7\n");
  EXPECT_THAT(sql.err, HasSubstr("1 of 15 files"));
  EXPECT_THAT(sql.err, HasSubstr("filter: ((id >= 480)) AND ((shard = 1))"));
  CliRun bad = RunIngot({"table", "scan", table_, "--where", "id >"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.err, HasSubstr("id >"));
}

TEST_F(TableCliTest, SchemaEnforcementAndMergeSchema) {
  Ok({"table", "create", table_, "--schema", "id BIGINT, amount DECIMAL(10,2)"});
  CliRun bad = RunIngot({"table", "append", table_, "--sql", "SELECT 'x' AS amount"});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_THAT(bad.err, HasSubstr("column 'amount': table has decimal(10,2), source has string"));
  CliRun extra = RunIngot({"table", "append", table_, "--sql", "SELECT 1 AS id, 'n' AS note"});
  EXPECT_EQ(extra.exit_code, 3);
  Ok({"table", "append", table_, "--sql", "SELECT 1 AS id, 'n' AS note", "--merge-schema"});
  CliRun rows = Ok({"table", "scan", table_, "--format", "json"});
  EXPECT_EQ(rows.out, "{\"id\":1,\"amount\":null,\"note\":\"n\"}\n");
  std::vector<std::string> log = ListDir(table_ + "/_delta_log");
  EXPECT_EQ(log,
            (std::vector<std::string>{"00000000000000000000.json", "00000000000000000001.json"}));
}

// A declared TIMESTAMP is timestamp_ntz (with the timestampNtz feature), TIMESTAMPTZ a UTC
// timestamp; column mapping is a table property, and DML refuses such tables by name.
TEST_F(TableCliTest, SchemaTimestampsAndColumnMapping) {
  Ok({"table", "create", table_, "--schema", "id BIGINT, t TIMESTAMP, tz TIMESTAMPTZ", "--property",
      "delta.columnMapping.mode=name"});
  std::ifstream in(table_ + "/_delta_log/00000000000000000000.json");
  std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(log, HasSubstr(R"("readerFeatures":["columnMapping","timestampNtz"])"));
  EXPECT_THAT(log, HasSubstr(R"(\"type\":\"timestamp_ntz\")"));
  EXPECT_THAT(log, HasSubstr(R"(\"delta.columnMapping.physicalName\":\"col-)"));
  EXPECT_THAT(log, HasSubstr(R"("delta.columnMapping.maxColumnId":"3")"));
  Ok({"table", "append", table_, "--sql",
      "SELECT 1 AS id, TIMESTAMP '2026-11-21 10:00:00' AS t, "
      "TIMESTAMPTZ '2026-11-21 10:00:00+00' AS tz"});
  CliRun rows = Ok({"table", "scan", table_, "--format", "csv"});
  EXPECT_THAT(rows.out, HasSubstr("1,2026-11-21 10:00:00,2026-11-21 10:00:00+00"));
  CliRun del = RunIngot({"table", "delete", table_, "--where", "id = 1"});
  EXPECT_EQ(del.exit_code, 10);
  EXPECT_THAT(del.err, HasSubstr("uses column mapping (mode name)"));
}

TEST_F(TableCliTest, TypeWideningOnMergeSchema) {
  Ok({"table", "create", table_, "--sql", "SELECT 1::INTEGER AS id, 1.25::DECIMAL(5, 2) AS amount",
      "--property", "delta.enableTypeWidening=true"});
  Ok({"table", "append", table_, "--merge-schema", "--sql",
      "SELECT 5000000000::BIGINT AS id, 1234.125::DECIMAL(7, 3) AS amount"});
  CliRun rows = Ok({"sql", "--format", "csv",
                    "SELECT id, amount FROM delta_scan('" + table_ + "') ORDER BY id"});
  EXPECT_EQ(rows.out, "id,amount\n1,1.250\n5000000000,1234.125\n");
  CliRun describe = Ok({"table", "describe", table_, "--format", "csv"});
  EXPECT_THAT(describe.out, HasSubstr("typeWidening"));
  EXPECT_THAT(describe.out, HasSubstr("struct<id:long,amount:decimal(7,3)>"));
}

TEST_F(TableCliTest, ErrorsNameTheTable) {
  CliRun missing = RunIngot({"table", "scan", dir_ + "/nope"});
  EXPECT_EQ(missing.exit_code, 4);
  EXPECT_THAT(missing.err, HasSubstr(dir_ + "/nope"));
  Ok({"table", "create", table_, "--sql", "SELECT 1 AS a"});
  CliRun twice = RunIngot({"table", "create", table_, "--sql", "SELECT 1 AS a"});
  EXPECT_EQ(twice.exit_code, 5);
  EXPECT_THAT(twice.err, HasSubstr("already exists"));
  CliRun future = RunIngot({"table", "scan", table_, "--version", "5"});
  EXPECT_NE(future.exit_code, 0);
  EXPECT_THAT(future.err, HasSubstr("5"));
  CliRun both =
      RunIngot({"table", "create", dir_ + "/t2", "--sql", "SELECT 1", "--schema", "a INT"});
  EXPECT_EQ(both.exit_code, 3);
}

// The exit code says what kind of failure it was, also when the error comes up through SQL.
TEST_F(TableCliTest, DamagedTablesExitWithTheirErrorKind) {
  Ok({"table", "create", table_, "--sql", "SELECT range AS id FROM range(10)"});
  CliRun missing = RunIngot({"sql", "SELECT * FROM delta_scan('" + dir_ + "/nope')"});
  EXPECT_EQ(missing.exit_code, 4) << missing.err;

  // A truncated data file: corrupt data (9), naming the file, and the table for table scan.
  std::string data_file;
  for (const std::string& name : ListDir(table_)) {
    if (name.ends_with(".parquet")) data_file = table_ + "/" + name;
  }
  ASSERT_FALSE(data_file.empty());
  std::filesystem::resize_file(data_file, 40);
  CliRun sql = RunIngot({"sql", "SELECT count(*) FROM delta_scan('" + table_ + "')"});
  EXPECT_EQ(sql.exit_code, 9) << sql.err;
  EXPECT_THAT(sql.err, HasSubstr(data_file));
  CliRun scan = RunIngot({"table", "scan", table_});
  EXPECT_EQ(scan.exit_code, 9) << scan.err;
  EXPECT_THAT(scan.err, HasSubstr("table '" + table_ + "' version 0"));

  // A reader feature Ingot does not know: not implemented (10), naming the feature.
  std::string log = table_ + "/_delta_log/00000000000000000001.json";
  WriteFile(log, R"({"commitInfo":{"timestamp":1}})"
                 "\n"
                 R"({"protocol":{"minReaderVersion":3,"minWriterVersion":7,)"
                 R"("readerFeatures":["futureFeature"],"writerFeatures":["futureFeature"]}})"
                 "\n");
  CliRun feature = RunIngot({"sql", "SELECT count(*) FROM delta_scan('" + table_ + "')"});
  EXPECT_EQ(feature.exit_code, 10) << feature.err;
  EXPECT_THAT(feature.err, HasSubstr("futureFeature"));
}

}  // namespace
}  // namespace ingot::testing
