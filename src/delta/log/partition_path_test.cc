#include "delta/log/partition_path.h"

#include <gtest/gtest.h>

namespace ingot::delta {
namespace {

TEST(delta_PartitionPath, EscapesTheCharactersSparkEscapes) {
  EXPECT_EQ(EscapePartitionPathName("a b"), "a b");  // spaces are kept
  EXPECT_EQ(EscapePartitionPathName("a/b"), "a%2Fb");
  EXPECT_EQ(EscapePartitionPathName("100%"), "100%25");
  EXPECT_EQ(EscapePartitionPathName("k=v"), "k%3Dv");
  EXPECT_EQ(EscapePartitionPathName("2021-09-08 11:11:11"), "2021-09-08 11%3A11%3A11");
  EXPECT_EQ(EscapePartitionPathName("\"#'*?\\{[]^"), "%22%23%27%2A%3F%5C%7B%5B%5D%5E");
  EXPECT_EQ(EscapePartitionPathName("}<>|!@$&()+,;~`"), "}<>|!@$&()+,;~`");  // not escaped
  EXPECT_EQ(EscapePartitionPathName("\x01\n\x1F\x7F"), "%01%0A%1F%7F");
  EXPECT_EQ(EscapePartitionPathName(std::string("a\0b", 3)), "a%00b");
  EXPECT_EQ(EscapePartitionPathName("\xC3\xA9t\xC3\xA9 \xE6\x97\xA5"),
            "\xC3\xA9t\xC3\xA9 \xE6\x97\xA5");  // UTF-8 kept
  EXPECT_EQ(EscapePartitionPathName(""), "");
}

TEST(delta_PartitionPath, UnescapeIsTheInverseAndLenient) {
  for (std::string text : {"a b", "a/b", "100%", "k=v", "x:y", "\"#'*?\\{[]^", "\x01\x7F",
                           "\xC3\xA9t\xC3\xA9", "%41", ""}) {
    EXPECT_EQ(UnescapePartitionPathName(EscapePartitionPathName(text)), text) << text;
  }
  EXPECT_EQ(UnescapePartitionPathName("%3a%3A"), "::");
  EXPECT_EQ(UnescapePartitionPathName("100%"), "100%");  // no two hex digits: kept
  EXPECT_EQ(UnescapePartitionPathName("%4"), "%4");
  EXPECT_EQ(UnescapePartitionPathName("%zz%41"), "%zzA");
}

TEST(delta_PartitionPath, SegmentsAndDirectories) {
  EXPECT_EQ(PartitionPathSegment("day", std::string("2024-01-01")), "day=2024-01-01");
  EXPECT_EQ(PartitionPathSegment("day", std::nullopt), "day=__HIVE_DEFAULT_PARTITION__");
  EXPECT_EQ(PartitionPathSegment("day", std::string("")), "day=__HIVE_DEFAULT_PARTITION__");
  EXPECT_EQ(PartitionPathSegment("a=b", std::string("c/d")), "a%3Db=c%2Fd");

  PartitionValues values = {
      {"as_timestamp", "2021-09-08 11:11:11"}, {"as_string", std::nullopt}, {"s", "null"}};
  Result<std::string> dir = PartitionDirectory({"as_string", "as_timestamp", "s"}, values);
  ASSERT_TRUE(dir.ok()) << dir.status();
  EXPECT_EQ(*dir,
            "as_string=__HIVE_DEFAULT_PARTITION__/as_timestamp=2021-09-08 11%3A11%3A11/s=null");
  // The add.path Spark writes for it (golden data-reader-partition-values).
  EXPECT_EQ(EncodeLogPath(*dir),
            "as_string=__HIVE_DEFAULT_PARTITION__/"
            "as_timestamp=2021-09-08%2011%253A11%253A11/s=null");
  EXPECT_EQ(PartitionDirectory({}, values).ValueOrDie(), "");
  EXPECT_TRUE(PartitionDirectory({"missing"}, values).status().IsInvalidArgument());

  auto parsed = ParsePartitionDirectory(*dir + "/");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  using Pairs = std::vector<std::pair<std::string, std::optional<std::string>>>;
  EXPECT_EQ(
      *parsed,
      (Pairs{{"as_string", std::nullopt}, {"as_timestamp", "2021-09-08 11:11:11"}, {"s", "null"}}));
  EXPECT_TRUE(ParsePartitionDirectory("").ValueOrDie().empty());
  EXPECT_TRUE(ParsePartitionDirectory("a=1//b=2").status().IsInvalidArgument());
  EXPECT_TRUE(ParsePartitionDirectory("a=1/part-0.parquet").status().IsInvalidArgument());
  EXPECT_EQ(ParsePartitionDirectory("k=a=b").ValueOrDie(), (Pairs{{"k", "a=b"}}));
}

}  // namespace
}  // namespace ingot::delta
