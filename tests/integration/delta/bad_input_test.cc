// Damaged tables on disk, read through the CLI: the read fails with a non-zero exit code and an
// error that names what is wrong (table and version, unknown feature, data file), never prints
// wrong rows.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta_test_util.h"

namespace ingot::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// `text`'s lines, sorted (a scan's row order is not defined).
std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

class DeltaBadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir(std::string("delta_bad_") +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    table_ = dir_ + "/t";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Ok(const std::vector<std::string>& args) {
    CliRun run = RunIngot(args);
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }

  // A table at version 2: create (one row) and two appends.
  void MakeTable() {
    Ok({"table", "create", table_, "--sql", "SELECT 1 AS id, 'a' AS name"});
    Ok({"table", "append", table_, "--sql", "SELECT 2 AS id, 'b' AS name"});
    Ok({"table", "append", table_, "--sql", "SELECT 3 AS id, 'c' AS name"});
  }

  std::string LogFile(int64_t version) const {
    char name[32];
    std::snprintf(name, sizeof(name), "%020lld.json", static_cast<long long>(version));
    return table_ + "/_delta_log/" + name;
  }

  std::string dir_;
  std::string table_;
};

TEST_F(DeltaBadInputTest, TruncatedLatestCommitFailsNamingTableAndVersion) {
  MakeTable();
  std::string last = LogFile(2);
  std::filesystem::resize_file(last, std::filesystem::file_size(last) / 2);

  CliRun scan = RunIngot({"table", "scan", table_, "--format", "csv"});
  EXPECT_NE(scan.exit_code, 0);
  EXPECT_EQ(scan.exit_code, 9) << "kCorruption; " << scan.err;
  EXPECT_THAT(scan.err, HasSubstr(table_));
  EXPECT_THAT(scan.err, HasSubstr("version 2"));
  EXPECT_EQ(scan.out, "");

  // The same through SQL. (It exits 3, "invalid input", with the hint "check the SQL": the
  // corruption reaches the CLI as a DuckDB Invalid Input Error. Reported with the data file case
  // below; not asserted.)
  CliRun sql = RunIngot({"sql", "SELECT * FROM delta_scan(" + SqlLiteral(table_) + ")"});
  EXPECT_NE(sql.exit_code, 0);
  EXPECT_THAT(sql.err, HasSubstr(table_));
  EXPECT_THAT(sql.err, HasSubstr("version 2"));

  // Older versions do not depend on the damaged commit.
  CliRun v1 = RunIngot({"table", "scan", table_, "--version", "1", "--format", "csv"});
  EXPECT_EQ(v1.exit_code, 0) << v1.err;
  EXPECT_EQ(SortedLines(v1.out), (std::vector<std::string>{"1,a", "2,b", "id,name"}));
}

TEST_F(DeltaBadInputTest, UnknownReaderFeatureIsRefusedByName) {
  Ok({"table", "create", table_, "--sql", "SELECT 1 AS id"});
  // A later writer upgraded the protocol to a reader feature this version does not know.
  WriteFile(LogFile(1),
            "{\"commitInfo\":{\"timestamp\":1767225600000,\"operation\":\"SET TBLPROPERTIES\","
            "\"operationParameters\":{}}}\n"
            "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,"
            "\"readerFeatures\":[\"futureFeature\"],\"writerFeatures\":[\"futureFeature\"]}}\n");

  CliRun scan = RunIngot({"table", "scan", table_, "--format", "csv"});
  EXPECT_NE(scan.exit_code, 0);
  EXPECT_EQ(scan.exit_code, 10) << "kNotImplemented; " << scan.err;
  EXPECT_THAT(scan.err, HasSubstr("futureFeature"));
  EXPECT_THAT(scan.err, HasSubstr(table_));
  EXPECT_EQ(scan.out, "");

  CliRun sql = RunIngot({"sql", "SELECT * FROM delta_scan(" + SqlLiteral(table_) + ")"});
  EXPECT_NE(sql.exit_code, 0);
  EXPECT_THAT(sql.err, HasSubstr("futureFeature"));

  // Writing is refused too, and leaves the log as it was.
  CliRun append = RunIngot({"table", "append", table_, "--sql", "SELECT 2 AS id"});
  EXPECT_NE(append.exit_code, 0);
  EXPECT_THAT(append.err, HasSubstr("futureFeature"));
  EXPECT_EQ(CommitFileVersions(table_), (std::vector<int64_t>{0, 1}));
}

TEST_F(DeltaBadInputTest, TruncatedDataFileFailsNamingTheFile) {
  MakeTable();
  // Damage the file added by version 1.
  std::string commit = ReadFileText(LogFile(1));
  size_t at = commit.find("\"path\":\"");
  ASSERT_NE(at, std::string::npos) << commit;
  std::string file = commit.substr(at + 8, commit.find('"', at + 8) - (at + 8));
  std::string path = table_ + "/" + file;
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);

  CliRun scan = RunIngot({"table", "scan", table_, "--format", "csv"});
  EXPECT_NE(scan.exit_code, 0);
  EXPECT_THAT(scan.err, HasSubstr(file));
  EXPECT_THAT(scan.out, Not(HasSubstr("2,b")));
  // KNOWN BUG (reported, not fixed here): docs/cli.md gives exit code 9 for "stored data is
  // corrupt", but a truncated data file exits 3 ("invalid input") with the hint "check the input
  // and the command's options" and a position "(at line 1, column 60)" in the query Ingot
  // generated, which the user never wrote. Restore when fixed:
  //   EXPECT_EQ(scan.exit_code, 9) << scan.err;
  //   EXPECT_THAT(scan.err, Not(HasSubstr("(at line")));

  CliRun sql = RunIngot({"sql", "SELECT count(*) FROM delta_scan(" + SqlLiteral(table_) + ")"});
  EXPECT_NE(sql.exit_code, 0);
  EXPECT_THAT(sql.err, HasSubstr(file));
}

}  // namespace
}  // namespace ingot::testing
