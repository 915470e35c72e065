#include "delta/log/log_file_names.h"

#include <gtest/gtest.h>

#include "delta/log/last_checkpoint.h"

namespace ingot::delta {
namespace {

TEST(delta_LogFileNames, Builds) {
  EXPECT_EQ(CommitFileName(5), "00000000000000000005.json");
  EXPECT_EQ(CommitFileName(0), "00000000000000000000.json");
  EXPECT_EQ(ChecksumFileName(12), "00000000000000000012.crc");
  EXPECT_EQ(CheckpointFileName(10), "00000000000000000010.checkpoint.parquet");
  EXPECT_EQ(MultiPartCheckpointFileName(10, 1, 3),
            "00000000000000000010.checkpoint.0000000001.0000000003.parquet");
  EXPECT_EQ(
      V2CheckpointFileName(2, "6374b053-df23-479b-b2cf-c9c550132b49", CheckpointFormat::kJson),
      "00000000000000000002.checkpoint.6374b053-df23-479b-b2cf-c9c550132b49.json");
  EXPECT_EQ(V2CheckpointFileName(2, "u", CheckpointFormat::kParquet),
            "00000000000000000002.checkpoint.u.parquet");
  EXPECT_EQ(CompactionFileName(4, 6), "00000000000000000004.00000000000000000006.compacted.json");
  EXPECT_EQ(CommitFileName(INT64_MAX), "09223372036854775807.json");
}

TEST(delta_LogFileNames, ClassifiesEveryKind) {
  LogFileName commit = ParseLogFileName("00000000000000000005.json");
  EXPECT_EQ(commit, (LogFileName{LogFileKind::kCommit, 5}));
  EXPECT_EQ(ParseLogFileName("s3://b/t/_delta_log/00000000000000000007.json").version, 7);
  EXPECT_EQ(ParseLogFileName("5.json").kind, LogFileKind::kCommit);  // Spark matches \d+

  LogFileName classic = ParseLogFileName("00000000000000000010.checkpoint.parquet");
  EXPECT_EQ(classic.kind, LogFileKind::kCheckpoint);
  EXPECT_EQ(classic.version, 10);
  EXPECT_TRUE(classic.is_checkpoint());

  LogFileName part =
      ParseLogFileName("00000000000000000010.checkpoint.0000000002.0000000003.parquet");
  EXPECT_EQ(part.kind, LogFileKind::kMultiPartCheckpoint);
  EXPECT_EQ(part.part, 2);
  EXPECT_EQ(part.num_parts, 3);

  LogFileName v2 = ParseLogFileName(
      "00000000000000000002.checkpoint.e8fa2696-9728-4e9c-b285-634743fdd4fb.parquet");
  EXPECT_EQ(v2.kind, LogFileKind::kV2Checkpoint);
  EXPECT_EQ(v2.uuid, "e8fa2696-9728-4e9c-b285-634743fdd4fb");
  EXPECT_EQ(v2.format, CheckpointFormat::kParquet);
  EXPECT_EQ(ParseLogFileName("00000000000000000002.checkpoint.abc.json").format,
            CheckpointFormat::kJson);

  LogFileName compaction =
      ParseLogFileName("00000000000000000004.00000000000000000006.compacted.json");
  EXPECT_EQ(compaction.kind, LogFileKind::kCompaction);
  EXPECT_EQ(compaction.version, 4);
  EXPECT_EQ(compaction.end_version, 6);

  EXPECT_EQ(ParseLogFileName("00000000000000000003.crc"), (LogFileName{LogFileKind::kChecksum, 3}));
  EXPECT_EQ(ParseLogFileName("_last_checkpoint").kind, LogFileKind::kLastCheckpoint);
  EXPECT_EQ(LogFileKindName(LogFileKind::kMultiPartCheckpoint), "multi-part checkpoint");
}

TEST(delta_LogFileNames, EverythingElseIsOther) {
  for (std::string_view name : {
           ".00000000000000000000.json.crc",
           "00000000000000000000.json.tmp",
           "_commits",
           "00000000000000000000",
           "abc.json",
           "-1.json",
           "99999999999999999999.json",                                      // overflows int64
           "00000000000000000010.checkpoint.0000000004.0000000003.parquet",  // part > parts
           "00000000000000000010.checkpoint.0000000000.0000000003.parquet",
           "00000000000000000010.checkpoint.0000000001.0000000003.json",
           "00000000000000000010.checkpoint.a.b.parquet",
           "00000000000000000010.checkpoint.json",
           "00000000000000000010.checkpoint.parquet.crc",
           "00000000000000000006.00000000000000000004.compacted.json",
           "00000000000000000004.x.compacted.json",
       }) {
    EXPECT_EQ(ParseLogFileName(name).kind, LogFileKind::kOther) << name;
  }
}

TEST(delta_LastCheckpoint, ParsesAndSerializes) {
  Result<LastCheckpoint> parsed = LastCheckpoint::Parse(
      R"({"version":40,"size":44,"sizeInBytes":17200,"numOfAddFiles":2,)"
      R"("checkpointSchema":{"type":"struct","fields":[]},"checksum":"1db7","future":1})");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, (LastCheckpoint{40, 44, std::nullopt, 17200, 2}));
  EXPECT_EQ(parsed->ToJson(), R"({"version":40,"size":44,"sizeInBytes":17200,"numOfAddFiles":2})");

  LastCheckpoint multi{10, 13, 3, std::nullopt, std::nullopt};
  EXPECT_EQ(multi.ToJson(), R"({"version":10,"size":13,"parts":3})");
  EXPECT_EQ(LastCheckpoint::Parse(multi.ToJson()).ValueOrDie(), multi);
}

TEST(delta_LastCheckpoint, RejectsBrokenHints) {
  EXPECT_TRUE(LastCheckpoint::Parse("").status().IsCorruption());
  EXPECT_TRUE(LastCheckpoint::Parse("{\"version\":1").status().IsCorruption());
  EXPECT_EQ(LastCheckpoint::Parse(R"({"version":1})").status().message(),
            "_last_checkpoint: missing required field 'size'");
  EXPECT_EQ(LastCheckpoint::Parse(R"({"version":"1","size":2})").status().message(),
            "_last_checkpoint.version: expected an integer, got string");
  EXPECT_TRUE(LastCheckpoint::Parse(R"({"version":1,"size":2,"parts":0})").status().IsCorruption());
}

}  // namespace
}  // namespace ingot::delta
