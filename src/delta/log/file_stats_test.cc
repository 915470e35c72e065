#include "delta/log/file_stats.h"

#include <gtest/gtest.h>

namespace ingot::delta {
namespace {

TEST(delta_FileStats, FlattensNestedStructs) {
  std::string json =
      R"({"numRecords":2,"minValues":{"id":0,"d":0.00,"e":0E-10,"s":{"a":"x","t":{"b":-1}}},)"
      R"("maxValues":{"id":9223372036854775807,"s":{"a":"y\"z","t":{"b":5}}},)"
      R"("nullCount":{"id":0,"arr":1,"s":{"a":0,"t":{"b":2}}},"tightBounds":true})";
  Result<FileStats> stats = FileStats::Parse(json);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->num_records, 2);
  EXPECT_EQ(stats->tight_bounds, true);
  EXPECT_EQ(*stats->Find({"id"}), (ColumnStats{"0", "9223372036854775807", 0}));
  EXPECT_EQ(*stats->Find({"d"}), (ColumnStats{"0.00", std::nullopt, std::nullopt}));
  EXPECT_EQ(stats->Find({"e"})->min, "0E-10");
  EXPECT_EQ(*stats->Find({"s", "a"}), (ColumnStats{"\"x\"", "\"y\\\"z\"", 0}));
  EXPECT_EQ(*stats->Find({"s", "t", "b"}), (ColumnStats{"-1", "5", 2}));
  EXPECT_EQ(*stats->Find({"arr"}), (ColumnStats{std::nullopt, std::nullopt, 1}));
  EXPECT_EQ(stats->Find({"s"}), nullptr);
  EXPECT_EQ(stats->columns.size(), 6u);

  // Serialisation nests paths back; keys come in path order.
  EXPECT_EQ(stats->ToJson(),
            R"({"numRecords":2,"minValues":{"d":0.00,"e":0E-10,"id":0,"s":{"a":"x","t":{"b":-1}}},)"
            R"("maxValues":{"id":9223372036854775807,"s":{"a":"y\"z","t":{"b":5}}},)"
            R"("nullCount":{"arr":1,"id":0,"s":{"a":0,"t":{"b":2}}},"tightBounds":true})");
  EXPECT_EQ(FileStats::Parse(stats->ToJson()).ValueOrDie(), *stats);
}

TEST(delta_FileStats, PartialAndEmptyStats) {
  FileStats only_count = FileStats::Parse(R"({"numRecords":1})").ValueOrDie();
  EXPECT_EQ(only_count.num_records, 1);
  EXPECT_TRUE(only_count.columns.empty());
  EXPECT_EQ(only_count.ToJson(), R"({"numRecords":1})");

  FileStats empty = FileStats::Parse("{}").ValueOrDie();
  EXPECT_FALSE(empty.num_records.has_value());
  EXPECT_EQ(empty.ToJson(), "{}");

  // A struct with only null counts must not leave empty objects in minValues.
  FileStats nested = FileStats::Parse(R"({"minValues":{"a":1},"nullCount":{"s":{"x":3}},)"
                                      R"("futureKey":[1],"maxValues":null})")
                         .ValueOrDie();
  EXPECT_EQ(nested.ToJson(), R"({"minValues":{"a":1},"nullCount":{"s":{"x":3}}})");
}

TEST(delta_FileStats, ErrorsNameThePath) {
  Result<FileStats> bad_count = FileStats::Parse(R"({"nullCount":{"s":{"x":"3"}}})");
  ASSERT_FALSE(bad_count.ok());
  EXPECT_TRUE(bad_count.status().IsCorruption());
  EXPECT_EQ(bad_count.status().message(), "stats nullCount.s.x: expected an integer, got string");
  EXPECT_EQ(FileStats::Parse(R"({"minValues":[1]})").status().message(),
            "stats.minValues: expected an object, got array");
  EXPECT_EQ(FileStats::Parse(R"({"numRecords":1.5})").status().message(),
            "stats.numRecords: expected an int64 integer, got 1.5");
  EXPECT_TRUE(FileStats::Parse("{").status().IsCorruption());
  EXPECT_TRUE(FileStats::Parse("[]").status().IsCorruption());
}

}  // namespace
}  // namespace ingot::delta
