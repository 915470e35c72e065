#include "delta/log/actions_codec.h"

#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace ingot::delta {
namespace {

// One fully populated instance of every action kind.
std::vector<Action> EveryAction() {
  Protocol protocol;
  protocol.min_reader_version = 3;
  protocol.min_writer_version = 7;
  protocol.reader_features = std::set<std::string>{"deletionVectors"};
  protocol.writer_features = std::set<std::string>{"deletionVectors", "rowTracking"};

  Metadata metadata;
  metadata.id = "8a390218-e4ee-4341-b6de-4920e27d3f78";
  metadata.name = "events";
  metadata.description = "all the \"events\"\n";
  metadata.format.options = {{"k", "v"}};
  metadata.schema_string = R"({"type":"struct","fields":[]})";
  metadata.partition_columns = {"day", "kind"};
  metadata.configuration = {{"delta.enableDeletionVectors", "true"}};
  metadata.created_time = 1714496114564;

  DeletionVectorDescriptor dv{"u", "0X9F0q2<2yJ-f)Gm2!e0", 1, 34, 1, std::nullopt};

  Add add;
  add.path = "day=2024-01-01/kind=a%20b/part-0.parquet";
  add.partition_values = {{"day", "2024-01-01"}, {"kind", std::nullopt}};
  add.size = std::numeric_limits<int64_t>::max();
  add.modification_time = 1688691720000;
  add.data_change = false;
  add.stats = R"({"numRecords":3,"minValues":{"a":1.50},"tightBounds":false})";
  add.tags = {{"INSERTION_TIME", "1754750662000000"}};
  add.deletion_vector = dv;
  add.base_row_id = 0;
  add.default_row_commit_version = 12;
  add.clustering_provider = "liquid";

  Remove remove;
  remove.path = "part-1.parquet";
  remove.deletion_timestamp = 1623255727201;
  remove.data_change = true;
  remove.extended_file_metadata = true;
  remove.partition_values = PartitionValues{};
  remove.size = 793;
  remove.stats = R"({"numRecords":1})";
  remove.tags = {{"a", "b"}};
  remove.deletion_vector = DeletionVectorDescriptor{
      "i", "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", std::nullopt, 40, 6, 29};
  remove.base_row_id = 5;
  remove.default_row_commit_version = 3;

  CommitInfo commit_info;
  commit_info.in_commit_timestamp = 1683874206883;
  commit_info.timestamp = 1783874206883;
  commit_info.operation = "OPTIMIZE";
  commit_info.operation_parameters =
      JsonFields{{"predicate", R"("[]")"}, {"auto", "false"}, {"zOrderBy", R"(["id"])"}};
  commit_info.read_version = 1;
  commit_info.isolation_level = "SnapshotIsolation";
  commit_info.is_blind_append = false;
  commit_info.operation_metrics = JsonFields{{"numFiles", R"("2")"}};
  commit_info.user_metadata = "note";
  commit_info.engine_info = "Ingot/0.1.0";
  commit_info.txn_id = "79b3e3aa-82dc-4c18-b95e-8b50089b55c7";
  commit_info.other_fields = {{"clusterId", R"("0101-abc")"}, {"job", R"({"id":"1"})"}};

  return {commit_info,
          protocol,
          metadata,
          add,
          remove,
          Txn{"fakeAppId", 3, 200},
          DomainMetadata{"delta.rowTracking", R"({"rowIdHighWaterMark":435})", false},
          AddCDCFile{"_change_data/cdc-0.parquet", {{"p", "x"}}, 10, false, {{"t", "v"}}},
          CheckpointMetadata{2, {{"numOfAddFiles", "4"}}},
          Sidecar{"00000000000000000002.checkpoint.0000000001.0000000002.bd18.parquet",
                  9367,
                  1714496115780,
                  {}}};
}

TEST(delta_ActionsCodec, EveryActionRoundTrips) {
  std::vector<Action> actions = EveryAction();
  std::string text = SerializeCommit(actions);
  CommitParseStats stats;
  Result<std::vector<Action>> parsed = ParseCommit(text, 7, &stats);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, actions);
  EXPECT_EQ(stats.actions, 10);
  EXPECT_EQ(stats.unknown_fields, 0);
  EXPECT_EQ(SerializeCommit(*parsed), text);
}

TEST(delta_ActionsCodec, SerializesInSparkFieldOrder) {
  std::vector<Action> actions = EveryAction();
  EXPECT_EQ(SerializeAction(actions[3]),
            R"({"add":{"path":"day=2024-01-01/kind=a%20b/part-0.parquet",)"
            R"("partitionValues":{"day":"2024-01-01","kind":null},"size":9223372036854775807,)"
            R"("modificationTime":1688691720000,"dataChange":false,)"
            R"("stats":"{\"numRecords\":3,\"minValues\":{\"a\":1.50},\"tightBounds\":false}",)"
            R"("tags":{"INSERTION_TIME":"1754750662000000"},)"
            R"("deletionVector":{"storageType":"u","pathOrInlineDv":"0X9F0q2<2yJ-f)Gm2!e0",)"
            R"("offset":1,"sizeInBytes":34,"cardinality":1},"baseRowId":0,)"
            R"("defaultRowCommitVersion":12,"clusteringProvider":"liquid"}})");
  EXPECT_EQ(SerializeAction(actions[0]),
            R"({"commitInfo":{"inCommitTimestamp":1683874206883,"timestamp":1783874206883,)"
            R"("operation":"OPTIMIZE","operationParameters":{"predicate":"[]","auto":false,)"
            R"("zOrderBy":["id"]},"readVersion":1,"isolationLevel":"SnapshotIsolation",)"
            R"("isBlindAppend":false,"operationMetrics":{"numFiles":"2"},"userMetadata":"note",)"
            R"("engineInfo":"Ingot/0.1.0","txnId":"79b3e3aa-82dc-4c18-b95e-8b50089b55c7",)"
            R"("clusterId":"0101-abc","job":{"id":"1"}}})");
  EXPECT_EQ(SerializeAction(Txn{"app", 3, std::nullopt}), R"({"txn":{"appId":"app","version":3}})");
}

TEST(delta_ActionsCodec, CommitOrderIsCommitInfoProtocolMetadataThenRest) {
  std::vector<Action> actions = EveryAction();
  std::vector<Action> shuffled = {actions[3], actions[2], actions[5],
                                  actions[1], actions[0], actions[4]};
  Result<std::vector<Action>> parsed = ParseCommit(SerializeCommit(shuffled), 0);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  std::vector<ActionKind> kinds;
  for (const Action& action : *parsed) kinds.push_back(KindOf(action));
  EXPECT_EQ(kinds, (std::vector<ActionKind>{ActionKind::kCommitInfo, ActionKind::kProtocol,
                                            ActionKind::kMetadata, ActionKind::kAdd,
                                            ActionKind::kTxn, ActionKind::kRemove}));
}

TEST(delta_ActionsCodec, SkipsBlankLinesUnknownActionsAndFields) {
  std::string text =
      "\n"
      R"({"txn":{"appId":"a","version":1,"future":[1,{"x":null}]},"sidecar_v9":{"a":1}})"
      "\r\n   \n"
      R"({"someNewAction":{"a":1}})"
      "\n{}\n"
      R"({"add":null,"remove":{"path":"p","dataChange":false,"newField":"x"}})";
  CommitParseStats stats;
  Result<std::vector<Action>> parsed = ParseCommit(text, 4, &stats);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ(std::get<Txn>((*parsed)[0]), (Txn{"a", 1, std::nullopt}));
  EXPECT_EQ(std::get<Remove>((*parsed)[1]).path, "p");
  EXPECT_EQ(stats.actions, 2);
  EXPECT_EQ(stats.unknown_actions, 2);  // {"someNewAction":...} and {}
  EXPECT_EQ(stats.unknown_fields, 3);   // txn.future, sidecar_v9, remove.newField
  EXPECT_EQ(stats.blank_lines, 2);
}

TEST(delta_ActionsCodec, PartitionValuesNullAndEmptyStringMeanNull) {
  Result<std::vector<Action>> parsed =
      ParseCommit(R"({"add":{"path":"x","partitionValues":{"a":null,"b":"","c":"null","d":" "},)"
                  R"("size":1,"modificationTime":2,"dataChange":true}})",
                  0);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const Add& add = std::get<Add>((*parsed)[0]);
  EXPECT_EQ(add.partition_values,
            (PartitionValues{{"a", std::nullopt}, {"b", std::nullopt}, {"c", "null"}, {"d", " "}}));
  EXPECT_NE(
      SerializeAction(add).find(R"("partitionValues":{"a":null,"b":null,"c":"null","d":" "})"),
      std::string::npos);
}

TEST(delta_ActionsCodec, NumbersStayExact) {
  Result<std::vector<Action>> parsed =
      ParseCommit(R"({"add":{"path":"x","partitionValues":{},"size":9007199254740993,)"
                  R"("modificationTime":-9223372036854775808,"dataChange":true}})",
                  0);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const Add& add = std::get<Add>((*parsed)[0]);
  EXPECT_EQ(add.size, 9007199254740993);  // not representable as a double
  EXPECT_EQ(add.modification_time, std::numeric_limits<int64_t>::min());
}

TEST(delta_ActionsCodec, CommitInfoKeepsArbitraryJson) {
  std::string line =
      R"({"commitInfo":{"timestamp":"not-a-number","operation":"OPTIMIZE",)"
      R"("operationParameters":{"predicate":"[]","auto":false,"n":1.5e3,"o":{"a":[1,"x"]}},)"
      R"("readVersion":null,"userId":"123","tags":{"k":"v"}}})";
  Result<std::vector<Action>> parsed = ParseCommit(line, 0);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const CommitInfo& info = std::get<CommitInfo>((*parsed)[0]);
  EXPECT_FALSE(info.timestamp.has_value());
  EXPECT_FALSE(info.read_version.has_value());
  EXPECT_EQ(info.operation, "OPTIMIZE");
  EXPECT_EQ(info.OperationParameter("predicate"), "[]");
  EXPECT_EQ(info.OperationParameter("auto"), "false");
  EXPECT_EQ(info.OperationParameter("n"), "1.5e3");
  EXPECT_EQ(info.OperationParameter("o"), R"({"a":[1,"x"]})");
  EXPECT_EQ(info.OperationParameter("missing"), std::nullopt);
  EXPECT_EQ(info.other_fields, (JsonFields{{"timestamp", R"("not-a-number")"},
                                           {"userId", R"("123")"},
                                           {"tags", R"({"k":"v"})"}}));
  Result<std::vector<Action>> again = ParseCommit(SerializeCommit(*parsed), 0);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, *parsed);
}

TEST(delta_ActionsCodec, ProtocolWithEmptyFeatureLists) {
  Result<std::vector<Action>> parsed =
      ParseCommit(R"({"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":[],)"
                  R"("writerFeatures":["invariants","appendOnly"]}})",
                  0);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const Protocol& protocol = std::get<Protocol>((*parsed)[0]);
  ASSERT_TRUE(protocol.reader_features.has_value());
  EXPECT_TRUE(protocol.reader_features->empty());
  EXPECT_EQ(protocol.writer_features, (std::set<std::string>{"appendOnly", "invariants"}));
  EXPECT_EQ(SerializeAction(protocol),
            R"({"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":[],)"
            R"("writerFeatures":["appendOnly","invariants"]}})");
}

TEST(delta_ActionsCodec, EmptyInputIsAnEmptyCommit) {
  Result<std::vector<Action>> parsed = ParseCommit("", 0);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->empty());
  EXPECT_EQ(SerializeCommit({}), "");
}

struct BadLine {
  std::string text;
  std::string expected_message;
};

class delta_ActionsCodecErrors : public ::testing::TestWithParam<BadLine> {};

TEST_P(delta_ActionsCodecErrors, AreCorruptionNamingVersionLineAndField) {
  std::string text = std::string(R"({"txn":{"appId":"a","version":1}})") + "\n" + GetParam().text;
  Result<std::vector<Action>> parsed = ParseCommit(text, 12);
  ASSERT_FALSE(parsed.ok());
  EXPECT_TRUE(parsed.status().IsCorruption()) << parsed.status();
  // simdjson's own wording follows "malformed JSON: "; only our part is compared.
  EXPECT_EQ(parsed.status().message().substr(0, 19 + GetParam().expected_message.size()),
            "version 12 line 2: " + GetParam().expected_message);
}

INSTANTIATE_TEST_SUITE_P(
    Lines, delta_ActionsCodecErrors,
    ::testing::Values(
        BadLine{R"({"add":{"path":"x","partitionValues":{},"size":"1","modificationTime":1,)"
                R"("dataChange":true}})",
                "add.size: expected an int64 integer, got string"},
        BadLine{R"({"add":{"path":"x","partitionValues":{},"size":1.5,"modificationTime":1,)"
                R"("dataChange":true}})",
                "add.size: expected an int64 integer, got number"},
        BadLine{R"({"add":{"path":"x","partitionValues":{},"size":1,"dataChange":true}})",
                "add: missing required field 'modificationTime'"},
        BadLine{R"({"remove":{"path":"x","dataChange":true,"deletionVector":{"storageType":"u"}}})",
                "remove.deletionVector: missing required field 'pathOrInlineDv'"},
        BadLine{R"({"remove":{"path":"x","dataChange":true,"partitionValues":{"a":1}}})",
                "remove.partitionValues: expected a string, got number"},
        BadLine{R"({"protocol":{"minReaderVersion":1}})",
                "protocol: missing required field 'minWriterVersion'"},
        BadLine{R"({"protocol":{"minReaderVersion":1,"minWriterVersion":4294967296}})",
                "protocol.minWriterVersion: 4294967296 does not fit in int32"},
        BadLine{R"({"metaData":{"id":"x","configuration":{"a":true}}})",
                "metaData.configuration: expected an object of strings, got boolean"},
        BadLine{R"({"txn":[1]})", "txn: expected an object, got array"},
        BadLine{R"({"txn":{"appId":"a","version":1}},{"x":1})",
                "trailing content after the JSON object"},
        BadLine{R"({"txn":{"appId":"a","version":1},"txn":{"appId":"b","version":2}})",
                "expected one action per line, found 'txn' and 'txn'"},
        BadLine{R"([{"txn":{}}])", "expected a JSON object per line"},
        BadLine{R"({"add":{"path":"x")", "malformed JSON: "}));

}  // namespace
}  // namespace ingot::delta
