// The codecs against every real _delta_log in tests/data/delta-golden (Spark and delta-rs logs).

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "delta/log/actions_codec.h"
#include "delta/log/file_stats.h"
#include "delta/log/last_checkpoint.h"
#include "delta/log/log_file_names.h"
#include "delta/log/schema.h"

namespace ingot::delta {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = INGOT_DELTA_GOLDEN_DIR;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Every file directly inside some <table>/_delta_log/, sorted.
std::vector<fs::path> GoldenLogFiles() {
  std::vector<fs::path> files;
  for (const auto& table : fs::directory_iterator(kGoldenDir)) {
    fs::path log = table.path() / kDeltaLogDirName;
    if (!fs::is_directory(log)) continue;
    for (const auto& entry : fs::directory_iterator(log)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// JSON action files: commits and V2 JSON checkpoints.
std::vector<fs::path> GoldenJsonActionFiles() {
  std::vector<fs::path> files;
  for (const fs::path& path : GoldenLogFiles()) {
    LogFileName name = ParseLogFileName(path.filename().string());
    if (name.kind == LogFileKind::kCommit ||
        (name.kind == LogFileKind::kV2Checkpoint && name.format == CheckpointFormat::kJson)) {
      files.push_back(path);
    }
  }
  return files;
}

std::vector<Action> ParseGolden(const std::string& table, int64_t version,
                                CommitParseStats* stats = nullptr) {
  fs::path path = kGoldenDir / table / kDeltaLogDirName / CommitFileName(version);
  Result<std::vector<Action>> actions = ParseCommit(ReadFile(path), version, stats);
  EXPECT_TRUE(actions.ok()) << path << ": " << actions.status();
  return actions.ok() ? *actions : std::vector<Action>();
}

std::vector<std::string> NonBlankLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) lines.push_back(line);
  }
  return lines;
}

// Feature lists are sets in our model; compare them order-insensitively.
void SortFeatureLists(nlohmann::json* line) {
  if (!line->contains("protocol")) return;
  for (const char* key : {"readerFeatures", "writerFeatures"}) {
    auto& protocol = (*line)["protocol"];
    if (protocol.contains(key) && protocol[key].is_array()) {
      std::sort(protocol[key].begin(), protocol[key].end());
    }
  }
}

TEST(delta_GoldenLogs, GoldenDirectoryIsPresent) {
  ASSERT_TRUE(fs::is_directory(kGoldenDir)) << kGoldenDir << " (set INGOT_DELTA_GOLDEN_DIR)";
  EXPECT_GE(GoldenJsonActionFiles().size(), 225u);
}

// Every JSON action file parses; serialising the actions gives back each line as the same JSON
// value (unknown content aside), and parsing that again gives the same actions.
TEST(delta_GoldenLogs, EveryJsonLogFileParsesAndRoundTrips) {
  int files = 0;
  int identical_lines = 0;
  int lines_checked = 0;
  for (const fs::path& path : GoldenJsonActionFiles()) {
    SCOPED_TRACE(path.string());
    std::string text = ReadFile(path);
    LogFileName name = ParseLogFileName(path.filename().string());
    CommitParseStats stats;
    Result<std::vector<Action>> actions = ParseCommit(text, name.version, &stats);
    ASSERT_TRUE(actions.ok()) << actions.status();
    ++files;

    std::string serialized = SerializeCommit(*actions);
    Result<std::vector<Action>> reparsed = ParseCommit(serialized, name.version);
    ASSERT_TRUE(reparsed.ok()) << reparsed.status();
    // SerializeCommit reorders commitInfo/protocol/metaData first; compare as multisets by line.
    std::vector<std::string> first_lines;
    for (const Action& action : *actions) first_lines.push_back(SerializeAction(action));
    std::vector<std::string> second_lines;
    for (const Action& action : *reparsed) second_lines.push_back(SerializeAction(action));
    std::sort(first_lines.begin(), first_lines.end());
    std::sort(second_lines.begin(), second_lines.end());
    EXPECT_EQ(first_lines, second_lines);

    if (stats.unknown_actions != 0 || stats.unknown_fields != 0) continue;
    std::vector<std::string> lines = NonBlankLines(text);
    ASSERT_EQ(lines.size(), actions->size());
    for (size_t i = 0; i < lines.size(); ++i) {
      std::string ours = SerializeAction((*actions)[i]);
      nlohmann::json expected = nlohmann::json::parse(lines[i]);
      nlohmann::json actual = nlohmann::json::parse(ours);
      SortFeatureLists(&expected);
      SortFeatureLists(&actual);
      EXPECT_EQ(actual, expected) << "line " << i + 1;
      ++lines_checked;
      if (ours == lines[i]) ++identical_lines;
    }
  }
  EXPECT_EQ(files, static_cast<int>(GoldenJsonActionFiles().size()));
  // 94% of the lines come back byte for byte (field order, number text, escapes); the rest
  // differ only in map key order (we keep maps sorted) or feature order (sets).
  EXPECT_GT(identical_lines * 10, lines_checked * 9) << identical_lines << "/" << lines_checked;
}

TEST(delta_GoldenLogs, GetChangesActionKindsAndFields) {
  auto kinds = [](const std::vector<Action>& actions) {
    std::vector<std::string_view> names;
    for (const Action& action : actions) names.push_back(ActionKindName(action));
    return names;
  };
  std::vector<Action> v0 = ParseGolden("deltalog-getChanges", 0);
  std::vector<Action> v1 = ParseGolden("deltalog-getChanges", 1);
  std::vector<Action> v2 = ParseGolden("deltalog-getChanges", 2);
  using Names = std::vector<std::string_view>;
  EXPECT_EQ(kinds(v0), (Names{"commitInfo", "protocol", "metaData", "add"}));
  EXPECT_EQ(kinds(v1), (Names{"commitInfo", "cdc", "remove"}));
  EXPECT_EQ(kinds(v2), (Names{"commitInfo", "protocol", "txn"}));
  EXPECT_EQ(std::get<Add>(v0[3]).path, "fake/path/1");
  const auto& cdc = std::get<AddCDCFile>(v1[1]);
  EXPECT_EQ(cdc.partition_values, (PartitionValues{{"partition_foo", "partition_bar"}}));
  EXPECT_EQ(cdc.tags, (std::map<std::string, std::string>{{"tag_foo", "tag_bar"}}));
  EXPECT_FALSE(cdc.data_change);
  EXPECT_EQ(std::get<Remove>(v1[2]).deletion_timestamp, 100);
  EXPECT_EQ(std::get<Txn>(v2[2]), (Txn{"fakeAppId", 3, 200}));
  const auto& info = std::get<CommitInfo>(v1[0]);
  EXPECT_EQ(info.read_version, 0);
  EXPECT_EQ(info.engine_info, "Apache-Spark/3.5.0 Delta-Lake/3.1.0-SNAPSHOT");
  EXPECT_EQ(info.txn_id, "01d40235-c8b4-4f8e-8f19-8c97872217fd");
}

TEST(delta_GoldenLogs, PartitionValuesNullsAndEscapedPaths) {
  std::vector<Action> v0 = ParseGolden("data-reader-partition-values", 0);
  const Add& first = std::get<Add>(v0[3]);
  EXPECT_EQ(first.partition_values.at("as_string_lit_null"), "null");
  EXPECT_EQ(first.partition_values.at("as_timestamp"), "2021-09-08 11:11:11");
  Result<std::string> decoded = first.DecodedPath();
  ASSERT_TRUE(decoded.ok());
  EXPECT_NE(decoded->find("/as_timestamp=2021-09-08 11%3A11%3A11/"), std::string::npos);
  const Add& nulls = std::get<Add>(v0[4]);
  EXPECT_EQ(nulls.partition_values.size(), 12u);
  for (const auto& [column, value] : nulls.partition_values) {
    EXPECT_FALSE(value.has_value()) << column;
  }

  std::vector<Action> special = ParseGolden("log-replay-special-characters-a", 0);
  const Add& add = std::get<Add>(special[3]);
  EXPECT_EQ(add.path, "special%20p@%23h");
  EXPECT_EQ(add.DecodedPath().ValueOrDie(), "special p@#h");
  std::vector<Action> removed = ParseGolden("log-replay-special-characters-a", 1);
  EXPECT_EQ(std::get<Remove>(removed[1]).Key(), add.Key());
}

TEST(delta_GoldenLogs, DeletionVectorsAndStats) {
  std::vector<Action> v1 = ParseGolden("dv-partitioned-with-checkpoint", 1);
  const Add* with_dv = nullptr;
  for (const Action& action : v1) {
    if (const Add* add = std::get_if<Add>(&action); add && add->deletion_vector) with_dv = add;
  }
  ASSERT_NE(with_dv, nullptr);
  EXPECT_EQ(with_dv->path,
            "part=0/part-00000-8387c699-30b1-4734-a791-9278d560ec19.c000.snappy.parquet");
  EXPECT_EQ(*with_dv->deletion_vector,
            (DeletionVectorDescriptor{"u", "0X9F0q2<2yJ-f)Gm2!e0", 1, 34, 1, std::nullopt}));
  EXPECT_EQ(with_dv->Key().dv_id, "u0X9F0q2<2yJ-f)Gm2!e0@1");
  Result<FileStats> stats = FileStats::Parse(*with_dv->stats);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->num_records, 3);
  EXPECT_EQ(stats->tight_bounds, false);
  EXPECT_EQ(*stats->Find({"col2"}), (ColumnStats{"\"foo0\"", "\"foo0\"", 0}));
  EXPECT_EQ(stats->ToJson(), *with_dv->stats);
}

TEST(delta_GoldenLogs, CommitInfoVariants) {
  std::vector<Action> ict = ParseGolden("cdc_ict_table", 1);
  const auto& info = std::get<CommitInfo>(ict[0]);
  EXPECT_EQ(info.in_commit_timestamp, 1683874206883);
  EXPECT_EQ(info.timestamp, 1783874206883);
  EXPECT_EQ(info.OperationMetric("numOutputRows"), "4");

  std::vector<Action> optimize =
      ParseGolden("commit-info-containing-arbitrary-operationParams-types", 2);
  const auto& params = std::get<CommitInfo>(optimize[0]);
  EXPECT_EQ(params.operation, "OPTIMIZE");
  EXPECT_EQ(params.OperationParameter("zOrderBy"), "[\"id\"]");
  EXPECT_EQ(params.OperationParameter("auto"), "false");
  EXPECT_EQ(*FindJsonField(*params.operation_parameters, "auto"), "false");
}

TEST(delta_GoldenLogs, ForwardCompatibleLogCountsUnknownContent) {
  CommitParseStats v4_stats;
  std::vector<Action> v4 = ParseGolden("transaction_log_schema_evolvability", 4, &v4_stats);
  EXPECT_EQ(v4.size(), 2u);  // 2 removes
  EXPECT_EQ(v4_stats.unknown_actions, 1);
  CommitParseStats v5_stats;
  std::vector<Action> v5 = ParseGolden("transaction_log_schema_evolvability", 5, &v5_stats);
  ASSERT_EQ(v5.size(), 3u);
  EXPECT_EQ(v5_stats.unknown_fields, 5);  // 3 alongside-action keys, 2 unknown add fields
  EXPECT_EQ(std::get<Add>(v5[1]).size, 793);
}

TEST(delta_GoldenLogs, ProtocolsAndMetadata) {
  std::vector<Action> invalid = ParseGolden("deltalog-invalid-protocol-version", 0);
  EXPECT_EQ(std::get<Protocol>(invalid[0]).min_reader_version, 99);
  std::vector<Action> latest = ParseGolden("log-replay-latest-metadata-protocol", 2);
  for (const Action& action : latest) {
    if (const auto* protocol = std::get_if<Protocol>(&action)) {
      EXPECT_EQ(protocol->reader_features, std::set<std::string>{});
      EXPECT_EQ(protocol->writer_features, (std::set<std::string>{"appendOnly", "invariants"}));
    }
  }
  std::vector<Action> readd = ParseGolden("delete-re-add-same-file-different-transactions", 2);
  EXPECT_EQ(std::get<Add>(readd[1]).path, "foo");
  EXPECT_EQ(std::get<Add>(readd[1]).modification_time, 1700000000000);
  // A log-only table whose metaData has no schemaString.
  std::vector<Action> no_schema = ParseGolden("versions-not-contiguous", 0);
  EXPECT_TRUE(std::get<Metadata>(no_schema[2]).schema_string.empty());
}

TEST(delta_GoldenLogs, V2JsonCheckpoint) {
  fs::path log = kGoldenDir / "v2-checkpoint-json" / kDeltaLogDirName;
  std::string name =
      V2CheckpointFileName(2, "6374b053-df23-479b-b2cf-c9c550132b49", CheckpointFormat::kJson);
  Result<std::vector<Action>> actions = ParseCommit(ReadFile(log / name), 2);
  ASSERT_TRUE(actions.ok()) << actions.status();
  ASSERT_EQ(actions->size(), 5u);
  EXPECT_EQ(std::get<CheckpointMetadata>((*actions)[0]).version, 2);
  EXPECT_EQ(std::get<Sidecar>((*actions)[1]).size_in_bytes, 9367);
  EXPECT_EQ(std::get<Sidecar>((*actions)[2]).modification_time, 1714496115788);
  EXPECT_EQ(std::get<Protocol>((*actions)[3]).reader_features,
            std::set<std::string>{"v2Checkpoint"});
}

TEST(delta_GoldenLogs, LogFileNamesAndLastCheckpoints) {
  int last_checkpoints = 0;
  for (const fs::path& path : GoldenLogFiles()) {
    SCOPED_TRACE(path.string());
    std::string file_name = path.filename().string();
    LogFileName name = ParseLogFileName(file_name);
    switch (name.kind) {
      case LogFileKind::kCommit:
        EXPECT_EQ(CommitFileName(name.version), file_name);
        break;
      case LogFileKind::kChecksum:
        EXPECT_EQ(ChecksumFileName(name.version), file_name);
        break;
      case LogFileKind::kCheckpoint:
        EXPECT_EQ(CheckpointFileName(name.version), file_name);
        break;
      case LogFileKind::kV2Checkpoint:
        EXPECT_EQ(V2CheckpointFileName(name.version, name.uuid, name.format), file_name);
        break;
      case LogFileKind::kLastCheckpoint: {
        std::string text = ReadFile(path);
        Result<LastCheckpoint> last = LastCheckpoint::Parse(text);
        if (text.empty()) {  // corrupted-last-checkpoint-kernel
          EXPECT_TRUE(last.status().IsCorruption());
        } else {
          ASSERT_TRUE(last.ok()) << last.status();
          EXPECT_EQ(LastCheckpoint::Parse(last->ToJson()).ValueOrDie(), *last);
          ++last_checkpoints;
        }
        break;
      }
      default:
        EXPECT_EQ(file_name.front(), '.') << "unexpected file in a log";
    }
  }
  EXPECT_GE(last_checkpoints, 8);
  fs::path v2 = kGoldenDir / "v2-checkpoint-json" / kDeltaLogDirName / kLastCheckpointFileName;
  EXPECT_EQ(LastCheckpoint::Parse(ReadFile(v2)).ValueOrDie(),
            (LastCheckpoint{2, 9, std::nullopt, 19554, 4}));
}

// Every schemaString in the golden logs parses, and serialising it gives back the same bytes.
TEST(delta_GoldenLogs, EverySchemaRoundTripsByteForByte) {
  int schemas = 0;
  for (const fs::path& path : GoldenJsonActionFiles()) {
    Result<std::vector<Action>> actions = ParseCommit(ReadFile(path), 0);
    ASSERT_TRUE(actions.ok()) << actions.status();
    for (const Action& action : *actions) {
      const auto* metadata = std::get_if<Metadata>(&action);
      if (metadata == nullptr || metadata->schema_string.empty()) continue;
      SCOPED_TRACE(path.string());
      Result<DataType> schema = ParseSchema(metadata->schema_string);
      ASSERT_TRUE(schema.ok()) << schema.status();
      EXPECT_EQ(SerializeDataType(*schema), metadata->schema_string);
      ++schemas;
    }
  }
  EXPECT_GE(schemas, 60);
}

// Every add/remove stats string parses and re-serialises to the same JSON value.
TEST(delta_GoldenLogs, EveryStatsStringParses) {
  int parsed_stats = 0;
  for (const fs::path& path : GoldenJsonActionFiles()) {
    Result<std::vector<Action>> actions = ParseCommit(ReadFile(path), 0);
    ASSERT_TRUE(actions.ok()) << actions.status();
    for (const Action& action : *actions) {
      const std::optional<std::string>* stats = nullptr;
      if (const auto* add = std::get_if<Add>(&action)) stats = &add->stats;
      if (const auto* remove = std::get_if<Remove>(&action)) stats = &remove->stats;
      if (stats == nullptr || !stats->has_value()) continue;
      SCOPED_TRACE(path.string() + ": " + **stats);
      Result<FileStats> file_stats = FileStats::Parse(**stats);
      ASSERT_TRUE(file_stats.ok()) << file_stats.status();
      EXPECT_EQ(nlohmann::json::parse(file_stats->ToJson()), nlohmann::json::parse(**stats));
      ++parsed_stats;
    }
  }
  EXPECT_GE(parsed_stats, 200);
}

}  // namespace
}  // namespace ingot::delta
