#include "cli/errors.h"

#include <set>

#include <gtest/gtest.h>

namespace ingot::cli {
namespace {

TEST(CliErrorsTest, EveryCodeHasItsOwnExitCode) {
  std::set<int> seen;
  for (int code = 1; code <= static_cast<int>(StatusCode::kLastCode); ++code) {
    int exit_code = ExitCodeFor(Status(static_cast<StatusCode>(code), "x"));
    EXPECT_NE(exit_code, 0);
    EXPECT_NE(exit_code, kExitUsage);
    EXPECT_TRUE(seen.insert(exit_code).second) << "duplicate exit code " << exit_code;
  }
  EXPECT_EQ(ExitCodeFor(Status::OK()), 0);
}

TEST(CliErrorsTest, SqlErrorsKeepTheirPosition) {
  std::string message =
      "Binder Error: Referenced column \"x\" not found\n\nLINE 1: SELECT x FROM t\n"
      "               ^";
  EXPECT_EQ(OneLineMessage(message),
            "Binder Error: Referenced column \"x\" not found (at line 1, column 8)");
}

TEST(CliErrorsTest, CsvErrorsNameFileAndLine) {
  std::string message =
      "converting 'bad.csv': Conversion Error: CSV Error on Line: 4\nOriginal Line: foo,z\n"
      "Error when converting column \"a\". Could not convert string \"foo\" to 'INTEGER'\n\n"
      "Column a is being converted as type INTEGER\n  file = bad.csv\n  delimiter = ,\n";
  EXPECT_EQ(OneLineMessage(message),
            "converting 'bad.csv': bad.csv:4: Error when converting column \"a\". Could not "
            "convert string \"foo\" to 'INTEGER'");
}

TEST(CliErrorsTest, OtherMessagesKeepTheFirstLine) {
  EXPECT_EQ(OneLineMessage("IO Error: No files found that match the pattern \"m.csv\"\n\nmore"),
            "IO Error: No files found that match the pattern \"m.csv\"");
  EXPECT_FALSE(HintFor(Status::NotFound("x")).empty());
}

}  // namespace
}  // namespace ingot::cli
