// End-to-end tests: run the real ingot binary and check stdout, stderr, exit codes and files.
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_runner.h"

namespace ingot::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  // Rows of a query over the produced files, as CSV without header.
  std::string Csv(const std::string& sql) {
    CliRun run = RunIngot({"sql", "--format", "csv", sql});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    size_t header_end = run.out.find('\n');
    return header_end == std::string::npos ? "" : run.out.substr(header_end + 1);
  }

  // A failing run prints exactly "error: ..." and "hint: ..." on stderr.
  static void ExpectOneLineError(const CliRun& run, const std::string& fragment) {
    EXPECT_THAT(run.err, StartsWith("error: "));
    EXPECT_THAT(run.err, HasSubstr(fragment));
    size_t first_newline = run.err.find('\n');
    ASSERT_NE(first_newline, std::string::npos);
    EXPECT_THAT(run.err.substr(first_newline + 1), StartsWith("hint: "));
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 2) << run.err;
  }

  std::string dir_;
};

TEST_F(CliTest, VersionAndHelp) {
  CliRun version = RunIngot({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, "ingot 0.1.0 (DuckDB v1.4.4)\n");
  CliRun help = RunIngot({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("sql"));
  EXPECT_THAT(help.out, HasSubstr("convert"));
  CliRun sub_help = RunIngot({"convert", "--help"});
  EXPECT_EQ(sub_help.exit_code, 0);
  EXPECT_THAT(sub_help.out, HasSubstr("--compression"));
}

TEST_F(CliTest, UsageErrorsExitWithTwo) {
  CliRun none = RunIngot({});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.err, StartsWith("error: "));
  CliRun unknown = RunIngot({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  ExpectOneLineError(unknown, "unknown command 'frobnicate'");
  CliRun missing_arg = RunIngot({"convert", "only_one.csv"});
  EXPECT_EQ(missing_arg.exit_code, 2);
  ExpectOneLineError(missing_arg, "output is required");
  CliRun bad_format = RunIngot({"sql", "--format", "xml", "SELECT 1"});
  EXPECT_EQ(bad_format.exit_code, 2);
}

TEST_F(CliTest, SqlPrintsAnAlignedTable) {
  CliRun run = RunIngot({"sql",
                         "SELECT 1 AS id, 'alice' AS name, 10.5::DECIMAL(5,2) AS amount "
                         "UNION ALL SELECT 22, NULL, 3 ORDER BY id"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "id | name  | amount\n"
            "---+-------+-------\n"
            " 1 | alice |  10.50\n"
            "22 | NULL  |   3.00\n"
            "(2 rows)\n");
}

TEST_F(CliTest, SqlTableModeCapsRowsButCountsThemAll) {
  CliRun run = RunIngot({"sql", "--max-rows", "3", "SELECT range AS i FROM range(10)"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("... 7 more rows not shown"));
  EXPECT_THAT(run.out, HasSubstr("(10 rows)"));
  EXPECT_THAT(run.out, ::testing::Not(HasSubstr("\n3\n")));
}

TEST_F(CliTest, SqlCsvAndJsonFormats) {
  std::string sql = "SELECT 1 AS a, 'x,\"y\"' AS b, NULL::INT AS c, [1, 2] AS l";
  CliRun csv = RunIngot({"sql", "--format", "csv", sql});
  EXPECT_EQ(csv.exit_code, 0);
  EXPECT_EQ(csv.out, "a,b,c,l\n1,\"x,\"\"y\"\"\",,\"[1, 2]\"\n");
  CliRun json = RunIngot({"sql", "--format", "json", sql});
  EXPECT_EQ(json.exit_code, 0);
  EXPECT_EQ(json.out, "{\"a\":1,\"b\":\"x,\\\"y\\\"\",\"c\":null,\"l\":[1,2]}\n");
}

TEST_F(CliTest, SqlRunsSeveralStatementsAndReadsStdin) {
  CliRun run = RunIngot({"sql", "--format", "csv", "-"},
                        "CREATE TABLE t AS SELECT range AS i FROM range(5);\n"
                        "SELECT sum(i) AS s FROM t;");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "s\n10\n");
}

TEST_F(CliTest, InvalidSqlIsAOneLineErrorWithPosition) {
  CliRun run = RunIngot({"sql", "SELECT nope FROM range(3)"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out, "");
  ExpectOneLineError(run, "Referenced column \"nope\" not found");
  EXPECT_THAT(run.err, HasSubstr("(at line 1, column 8)"));
  CliRun parse = RunIngot({"sql", "SELEC 1"});
  EXPECT_EQ(parse.exit_code, 3);
  ExpectOneLineError(parse, "syntax error");
  CliRun missing = RunIngot({"sql", "SELECT * FROM '" + Path("missing.parquet") + "'"});
  EXPECT_EQ(missing.exit_code, 8);
  ExpectOneLineError(missing, "missing.parquet");
}

TEST_F(CliTest, ConvertRoundTripsCsvParquetJsonWithInferredTypes) {
  WriteFile(Path("in.csv"),
            "id,name,amount,day\n1,alice,10.50,2024-01-31\n2,\"bob, jr\",,2024-02-01\n"
            "3,carol,7.25,2024-02-29\n");
  CliRun to_parquet = RunIngot({"convert", Path("in.csv"), Path("out.parquet")});
  EXPECT_EQ(to_parquet.exit_code, 0) << to_parquet.err;
  EXPECT_THAT(to_parquet.out, HasSubstr("converted 3 rows"));
  CliRun to_json = RunIngot({"convert", Path("out.parquet"), Path("out.json")});
  EXPECT_EQ(to_json.exit_code, 0) << to_json.err;
  CliRun to_csv = RunIngot({"convert", Path("out.json"), Path("back.csv"), "-q"});
  EXPECT_EQ(to_csv.exit_code, 0) << to_csv.err;
  EXPECT_EQ(to_csv.out, "");
  EXPECT_EQ(Csv("SELECT typeof(id), typeof(amount), typeof(day) FROM '" + Path("out.parquet") +
                "' LIMIT 1"),
            "BIGINT,DOUBLE,DATE\n");
  std::string expected =
      "1,alice,10.5,2024-01-31\n2,\"bob, jr\",,2024-02-01\n3,carol,7.25,2024-02-29\n";
  EXPECT_EQ(Csv("SELECT * FROM '" + Path("out.parquet") + "' ORDER BY id"), expected);
  EXPECT_EQ(Csv("SELECT * FROM '" + Path("back.csv") + "' ORDER BY id"), expected);
  EXPECT_THAT(ListDir(dir_), ElementsAre("back.csv", "in.csv", "out.json", "out.parquet"));
}

TEST_F(CliTest, ConvertHonoursSchemaAndCompression) {
  WriteFile(Path("in.csv"), "id,amount\n1,10.5\n2,3\n");
  CliRun run = RunIngot({"convert", Path("in.csv"), Path("out.parquet"), "--schema",
                         "id INTEGER, amount DECIMAL(10,2)", "--compression", "zstd"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Csv("SELECT typeof(id), typeof(amount), sum(amount) FROM '" + Path("out.parquet") +
                "' GROUP BY ALL"),
            "INTEGER,\"DECIMAL(10,2)\",13.50\n");
  EXPECT_EQ(Csv("SELECT DISTINCT compression FROM parquet_metadata('" + Path("out.parquet") + "')"),
            "ZSTD\n");
  CliRun gz = RunIngot({"convert", Path("out.parquet"), Path("out.csv.gz")});
  EXPECT_EQ(gz.exit_code, 0) << gz.err;
  EXPECT_EQ(Csv("SELECT count(*) FROM '" + Path("out.csv.gz") + "'"), "2\n");
}

TEST_F(CliTest, MalformedCsvNamesFileAndLineAndLeavesNoOutput) {
  WriteFile(Path("bad.csv"), "id,name\n1,a\n2,b\nthree,c\n");
  CliRun run = RunIngot(
      {"convert", Path("bad.csv"), Path("out.parquet"), "--schema", "id INTEGER, name VARCHAR"});
  EXPECT_EQ(run.exit_code, 3);
  ExpectOneLineError(run, "bad.csv:4:");
  EXPECT_THAT(run.err, HasSubstr("three"));
  EXPECT_THAT(ListDir(dir_), ElementsAre("bad.csv"));
}

TEST_F(CliTest, MalformedJsonNamesFileAndLeavesNoOutput) {
  WriteFile(Path("bad.json"), "{\"a\": 1}\n{\"a\": \n");
  CliRun run = RunIngot({"convert", Path("bad.json"), Path("out.parquet")});
  EXPECT_EQ(run.exit_code, 3);
  ExpectOneLineError(run, "bad.json");
  EXPECT_THAT(run.err, HasSubstr("line 3"));
  EXPECT_THAT(ListDir(dir_), ElementsAre("bad.json"));
}

TEST_F(CliTest, ConvertRejectsBadInputsClearly) {
  WriteFile(Path("in.csv"), "a\n1\n");
  CliRun missing = RunIngot({"convert", Path("nope.csv"), Path("o.parquet")});
  EXPECT_EQ(missing.exit_code, 4);
  ExpectOneLineError(missing, "nope.csv' does not exist");
  CliRun unknown = RunIngot({"convert", Path("in.csv"), Path("o.xlsx")});
  EXPECT_EQ(unknown.exit_code, 3);
  ExpectOneLineError(unknown, "cannot tell the format of '" + Path("o.xlsx") + "'");
  CliRun compression =
      RunIngot({"convert", Path("in.csv"), Path("o.parquet"), "--compression", "rar"});
  EXPECT_EQ(compression.exit_code, 3);
  ExpectOneLineError(compression, "unknown parquet compression 'rar'");
  CliRun schema =
      RunIngot({"convert", Path("in.csv"), Path("o.parquet"), "--schema", "a NOTATYPE"});
  EXPECT_EQ(schema.exit_code, 3);
  ExpectOneLineError(schema, "invalid schema 'a NOTATYPE'");
  CliRun dir = RunIngot({"convert", dir_, Path("o.parquet")});
  EXPECT_EQ(dir.exit_code, 3);
  ExpectOneLineError(dir, "is a directory");
  EXPECT_THAT(ListDir(dir_), ElementsAre("in.csv"));
}

TEST_F(CliTest, ConvertReadsGlobsAndExplicitFormats) {
  WriteFile(Path("part1.txt"), "k,v\n1,a\n");
  WriteFile(Path("part2.txt"), "k,v\n2,b\n");
  CliRun run = RunIngot(
      {"convert", Path("part*.txt"), Path("all.data"), "--from", "csv", "--to", "parquet"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Csv("SELECT k, v FROM read_parquet('" + Path("all.data") + "') ORDER BY k"),
            "1,a\n2,b\n");
}

}  // namespace
}  // namespace ingot::testing
