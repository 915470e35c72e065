// LoadSnapshot against the real Spark / delta-rs tables in tests/data/delta-golden (copied to a
// temp dir first), compared with the expectations in its MANIFEST.md.

#include <filesystem>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/uri.h"
#include "delta/log/file_stats.h"
#include "delta/log/log_file_names.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/snapshot/snapshot_test_util.h"
#include "duck/connection.h"
#include "storage/local_fs.h"
#include "storage/storage_test_util.h"

namespace ingot::delta {
namespace {

using ::ingot::delta::testing::CopyGoldenTable;
using ::ingot::delta::testing::GoldenTableExists;
using ::ingot::delta::testing::NewConnection;
using ::ingot::delta::testing::Paths;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class delta_SnapshotGolden : public ::testing::Test {
 protected:
  delta_SnapshotGolden()
      : fs_(std::make_shared<storage::LocalFileSystem>(
            storage::LocalFileSystemOptions{.durable = false})),
        con_(NewConnection()) {}

  // Copies the golden table and returns its path ("" and a skip when it is not there).
  std::string Copy(const std::string& table) {
    if (!GoldenTableExists(table)) return "";
    return CopyGoldenTable(table, temp_.path());
  }

  Result<std::shared_ptr<const Snapshot>> Load(const std::string& root,
                                               SnapshotOptions options = {}) {
    return LoadSnapshot(fs_, root, con_.get(), options);
  }

  // Loads the table twice: as is, and with every checkpoint and _last_checkpoint deleted (pure
  // JSON replay), and checks that both give the same state.
  void ExpectCheckpointMatchesJsonReplay(const std::string& root, SnapshotOptions options = {}) {
    ASSERT_OK_AND_ASSIGN(auto with_checkpoint, Load(root, options));
    ASSERT_TRUE(with_checkpoint->checkpoint_version().has_value());
    std::string json_only = root + "-json-only";
    std::filesystem::copy(root, json_only, std::filesystem::copy_options::recursive);
    for (const auto& entry : std::filesystem::directory_iterator(json_only + "/_delta_log")) {
      LogFileName name = ParseLogFileName(entry.path().filename().string());
      if (name.is_checkpoint() || name.kind == LogFileKind::kLastCheckpoint) {
        std::filesystem::remove(entry.path());
      }
    }
    ASSERT_OK_AND_ASSIGN(auto replayed, Load(json_only, options));
    EXPECT_FALSE(replayed->checkpoint_version().has_value());
    EXPECT_EQ(with_checkpoint->version(), replayed->version());
    EXPECT_EQ(with_checkpoint->protocol(), replayed->protocol());
    EXPECT_EQ(with_checkpoint->metadata(), replayed->metadata());
    EXPECT_EQ(with_checkpoint->transactions(), replayed->transactions());
    EXPECT_EQ(with_checkpoint->domains(), replayed->domains());
    ASSERT_EQ(with_checkpoint->files().size(), replayed->files().size());
    for (size_t i = 0; i < replayed->files().size(); ++i) {
      const Add& a = with_checkpoint->files()[i];
      const Add& b = replayed->files()[i];
      EXPECT_EQ(a.path, b.path);
      EXPECT_EQ(a.size, b.size);
      EXPECT_EQ(a.partition_values, b.partition_values);
      EXPECT_EQ(a.modification_time, b.modification_time);
      EXPECT_EQ(a.deletion_vector, b.deletion_vector);
      if (a.stats.has_value()) {
        EXPECT_EQ(a.stats, b.stats) << a.path;
      }
    }
    ASSERT_EQ(with_checkpoint->tombstones().size() <= replayed->tombstones().size(), true);
  }

  storage::testing::ScopedTempDir temp_;
  std::shared_ptr<storage::LocalFileSystem> fs_;
  std::unique_ptr<duck::Connection> con_;
};

// Rows = sum of numRecords over the live files (tables without deletion vectors).
int64_t RowsFromStats(const Snapshot& snapshot) {
  int64_t rows = 0;
  for (const Add& add : snapshot.files()) {
    if (!add.stats.has_value()) return -1;
    Result<FileStats> stats = FileStats::Parse(*add.stats);
    if (!stats.ok() || !stats->num_records.has_value()) return -1;
    rows += *stats->num_records;
  }
  return rows;
}

// Rows = count(*) over the live data files, read by DuckDB (for tables whose logs have no stats).
int64_t RowsFromData(const Snapshot& snapshot, const std::string& root, duck::Connection* con) {
  if (snapshot.files().empty()) return 0;
  std::string list;
  for (const Add& add : snapshot.files()) {
    Result<std::string> path = add.DecodedPath();
    if (!path.ok()) return -1;
    if (!list.empty()) list += ", ";
    list += duck::QuoteLiteral(JoinPath(root, *path));
  }
  Result<std::string> count = con->QueryScalar("SELECT count(*) FROM read_parquet([" + list + "])");
  if (!count.ok()) {
    ADD_FAILURE() << count.status();
    return -1;
  }
  return std::stoll(*count);
}

#define COPY_OR_SKIP(var, table)                                                         \
  std::string var = Copy(table);                                                         \
  if (var.empty())                                                                       \
    GTEST_FAIL() << "golden table " << table << " is missing (tests/data/delta-golden)"; \
  ASSERT_FALSE(::testing::Test::HasFailure())

TEST_F(delta_SnapshotGolden, Checkpoint) {
  COPY_OR_SKIP(root, "checkpoint");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 14);
  EXPECT_EQ(snapshot->checkpoint_version(), 10);
  EXPECT_THAT(Paths(snapshot->files()), ElementsAre("15"));
  EXPECT_EQ(snapshot->tombstones().size(), 14u);
  ExpectCheckpointMatchesJsonReplay(root);
  // Every version before and after the checkpoint has exactly one live file.
  for (int64_t v = 0; v <= 14; ++v) {
    ASSERT_OK_AND_ASSIGN(auto at, Load(root, {.version = v}));
    EXPECT_EQ(at->files().size(), 1u) << "version " << v;
    EXPECT_EQ(at->checkpoint_version().has_value(), v >= 10);
  }
}

TEST_F(delta_SnapshotGolden, IteratorBug125) {
  COPY_OR_SKIP(root, "125-iterator-bug");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 11);
  EXPECT_EQ(snapshot->checkpoint_version(), 10);
  EXPECT_EQ(RowsFromData(*snapshot, root, con_.get()), 5);
  ExpectCheckpointMatchesJsonReplay(root);
  ASSERT_OK_AND_ASSIGN(auto v10, Load(root, {.version = 10}));
  EXPECT_EQ(RowsFromData(*v10, root, con_.get()), 4);
}

TEST_F(delta_SnapshotGolden, BasicWithInsertsDeletesCheckpoint) {
  COPY_OR_SKIP(root, "basic-with-inserts-deletes-checkpoint");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 13);
  EXPECT_EQ(snapshot->checkpoint_version(), 10);
  EXPECT_EQ(RowsFromStats(*snapshot), 41);
  ExpectCheckpointMatchesJsonReplay(root);
  const std::vector<int64_t> rows = {10, 20, 30, 40, 50, 45, 40, 35, 30, 25, 35, 45, 55, 41};
  for (int64_t v = 0; v <= 13; ++v) {
    ASSERT_OK_AND_ASSIGN(auto at, Load(root, {.version = v}));
    EXPECT_EQ(RowsFromStats(*at), rows[v]) << "version " << v;
  }
}

TEST_F(delta_SnapshotGolden, CorruptedLastCheckpoint) {
  COPY_OR_SKIP(root, "corrupted-last-checkpoint-kernel");
  ASSERT_EQ(std::filesystem::file_size(root + "/_delta_log/_last_checkpoint"), 0u);
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 11);
  EXPECT_EQ(snapshot->checkpoint_version(), 10);
  EXPECT_EQ(RowsFromStats(*snapshot), 100);
  ASSERT_OK_AND_ASSIGN(auto v10, Load(root, {.version = 10}));
  EXPECT_EQ(RowsFromStats(*v10), 110);
}

TEST_F(delta_SnapshotGolden, StaleOrCorruptLastCheckpointIsHarmless) {
  COPY_OR_SKIP(root, "checkpoint");
  std::string hint = root + "/_delta_log/_last_checkpoint";
  for (std::string content :
       {std::string("{\"version\":99,\"size\":3}"), std::string("{\"version\":5,\"size\":3}"),
        std::string("not json"), std::string()}) {
    ASSERT_OK(fs_->WriteFileAtomic(hint, content));
    ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
    EXPECT_EQ(snapshot->version(), 14) << content;
    EXPECT_EQ(snapshot->checkpoint_version(), 10) << content;
  }
  ASSERT_OK(fs_->Delete(hint));
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->checkpoint_version(), 10);
}

TEST_F(delta_SnapshotGolden, OnlyCheckpointFiles) {
  COPY_OR_SKIP(root, "only-checkpoint-files");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 2);
  EXPECT_EQ(snapshot->checkpoint_version(), 2);
  EXPECT_EQ(RowsFromStats(*snapshot), 25);
  ASSERT_OK_AND_ASSIGN(auto v1, Load(root, {.version = 1}));
  EXPECT_EQ(v1->checkpoint_version(), 1);
  EXPECT_EQ(RowsFromStats(*v1), 5);
  ASSERT_OK_AND_ASSIGN(auto v0, Load(root, {.version = 0}));
  EXPECT_EQ(RowsFromStats(*v0), 10);
  EXPECT_EQ(v0->files().size(), 10u);
  ExpectCheckpointMatchesJsonReplay(root);
}

TEST_F(delta_SnapshotGolden, VersionsNotContiguous) {
  COPY_OR_SKIP(root, "versions-not-contiguous");
  Result<std::shared_ptr<const Snapshot>> result = Load(root);
  ASSERT_CODE(kCorruption, result);
  EXPECT_THAT(result.status().message(), HasSubstr("versions are not contiguous"));
  EXPECT_THAT(result.status().message(), HasSubstr("commit 1 is missing"));
  EXPECT_THAT(result.status().message(), HasSubstr("found commits 0, 2"));
  ASSERT_OK_AND_ASSIGN(auto v0, Load(root, {.version = 0}));
  EXPECT_EQ(v0->files().size(), 1u);
}

TEST_F(delta_SnapshotGolden, NoDeltaLogFolder) {
  COPY_OR_SKIP(root, "no-delta-log-folder");
  Result<std::shared_ptr<const Snapshot>> result = Load(root);
  ASSERT_CODE(kNotFound, result);
  EXPECT_THAT(result.status().message(), HasSubstr("no Delta table at '" + root));
  EXPECT_THAT(result.status().message(), HasSubstr(root + "/_delta_log' does not exist"));
}

TEST_F(delta_SnapshotGolden, InvalidProtocolVersion) {
  COPY_OR_SKIP(root, "deltalog-invalid-protocol-version");
  Result<std::shared_ptr<const Snapshot>> result = Load(root);
  ASSERT_CODE(kNotImplemented, result);
  EXPECT_THAT(result.status().message(), HasSubstr("requires Delta reader version 99"));
}

TEST_F(delta_SnapshotGolden, MissingProtocolAndMissingMetadata) {
  COPY_OR_SKIP(root, "deltalog-state-reconstruction-without-protocol");
  Result<std::shared_ptr<const Snapshot>> result = Load(root);
  ASSERT_CODE(kCorruption, result);
  EXPECT_THAT(result.status().message(), HasSubstr("No protocol found"));

  COPY_OR_SKIP(missing, "deltalog-state-reconstruction-from-checkpoint-missing-metadata");
  result = Load(missing);
  ASSERT_CODE(kCorruption, result);
  EXPECT_THAT(result.status().message(), HasSubstr("No metadata found"));
}

TEST_F(delta_SnapshotGolden, V2CheckpointJson) {
  COPY_OR_SKIP(root, "v2-checkpoint-json");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 2);
  EXPECT_EQ(snapshot->checkpoint_version(), 2);
  EXPECT_EQ(snapshot->files().size(), 4u);  // _last_checkpoint: numOfAddFiles 4
  EXPECT_EQ(RowsFromStats(*snapshot), 10);
  EXPECT_EQ(snapshot->protocol().reader_features, std::set<std::string>{"v2Checkpoint"});
  ExpectCheckpointMatchesJsonReplay(root);
}

TEST_F(delta_SnapshotGolden, V2CheckpointParquet) {
  COPY_OR_SKIP(root, "v2-checkpoint-parquet");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 2);
  EXPECT_EQ(snapshot->checkpoint_version(), 2);
  EXPECT_EQ(snapshot->files().size(), 4u);
  EXPECT_EQ(RowsFromStats(*snapshot), 10);
  ExpectCheckpointMatchesJsonReplay(root);
}

TEST_F(delta_SnapshotGolden, V2CheckpointMissingSidecarIsNotFound) {
  COPY_OR_SKIP(root, "v2-checkpoint-json");
  for (const auto& entry : std::filesystem::directory_iterator(root + "/_delta_log/_sidecars")) {
    if (entry.path().extension() == ".parquet") {
      std::filesystem::remove(entry.path());
      break;
    }
  }
  Result<std::shared_ptr<const Snapshot>> result = Load(root);
  ASSERT_CODE(kNotFound, result);
  EXPECT_THAT(result.status().message(), HasSubstr("_sidecars/"));
}

TEST_F(delta_SnapshotGolden, CheckpointV2TableFromDeltaRs) {
  COPY_OR_SKIP(root, "checkpoint-v2-table");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 9);
  EXPECT_EQ(snapshot->checkpoint_version(), 8);
  EXPECT_EQ(RowsFromStats(*snapshot), 44);
  const std::vector<int64_t> rows = {0, 10, 11, 21, 22, 22, 32, 33, 43, 44};
  for (int64_t v = 0; v <= 9; ++v) {
    ASSERT_OK_AND_ASSIGN(auto at, Load(root, {.version = v}));
    EXPECT_EQ(RowsFromStats(*at), rows[v]) << "version " << v;
  }
  ExpectCheckpointMatchesJsonReplay(root);
}

TEST_F(delta_SnapshotGolden, LatestMetadataAndProtocol) {
  COPY_OR_SKIP(root, "log-replay-latest-metadata-protocol");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 2);
  ASSERT_EQ(snapshot->schema().fields().size(), 2u);
  EXPECT_EQ(snapshot->schema().fields()[0].name, "col1");
  EXPECT_EQ(snapshot->schema().fields()[1].name, "col2");
  EXPECT_EQ(snapshot->protocol().min_reader_version, 3);
  EXPECT_EQ(snapshot->protocol().min_writer_version, 7);
  EXPECT_EQ(RowsFromStats(*snapshot), 40);
  ASSERT_OK_AND_ASSIGN(auto v0, Load(root, {.version = 0}));
  EXPECT_EQ(v0->schema().fields().size(), 1u);
  EXPECT_EQ(RowsFromStats(*v0), 20);
}

TEST_F(delta_SnapshotGolden, SnapshotVacuumed) {
  COPY_OR_SKIP(root, "snapshot-vacuumed");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 5);
  ASSERT_EQ(snapshot->files().size(), 2u);
  EXPECT_EQ(RowsFromData(*snapshot, root, con_.get()), 20);
  // Every data file left on disk is referenced by the latest snapshot, and vice versa.
  std::vector<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > 8 && name.substr(name.size() - 8) == ".parquet") {
      on_disk.push_back(name);
    }
  }
  std::sort(on_disk.begin(), on_disk.end());
  EXPECT_EQ(on_disk, Paths(snapshot->files()));
  // Older versions replay (their data files are gone, which only a data read would notice).
  const std::vector<size_t> files = {2, 4, 2, 4, 3, 2};
  for (int64_t v = 0; v <= 5; ++v) {
    ASSERT_OK_AND_ASSIGN(auto at, Load(root, {.version = v}));
    EXPECT_EQ(at->files().size(), files[v]) << "version " << v;
  }
}

TEST_F(delta_SnapshotGolden, DeleteReAddSameFile) {
  COPY_OR_SKIP(root, "delete-re-add-same-file-different-transactions");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 3);
  EXPECT_THAT(Paths(snapshot->files()), ElementsAre("bar", "foo"));
  EXPECT_EQ(snapshot->FindFile(FileKey{"foo", ""})->modification_time, 1700000000000);
}

TEST_F(delta_SnapshotGolden, GetChangesTxn) {
  COPY_OR_SKIP(root, "deltalog-getChanges");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 2);
  EXPECT_EQ(snapshot->TxnVersion("fakeAppId"), 3);
  EXPECT_TRUE(snapshot->files().empty());
}

TEST_F(delta_SnapshotGolden, SpecialCharacters) {
  COPY_OR_SKIP(root, "log-replay-special-characters-a");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 1);
  EXPECT_TRUE(snapshot->files().empty());
  ASSERT_OK_AND_ASSIGN(auto v0, Load(root, {.version = 0}));
  ASSERT_EQ(v0->files().size(), 1u);
  EXPECT_EQ(*v0->files()[0].DecodedPath(), "special p@#h");
}

TEST_F(delta_SnapshotGolden, SnapshotRepartitioned) {
  COPY_OR_SKIP(root, "snapshot-repartitioned");
  const std::vector<int64_t> rows = {10, 20, 10, 30, 20, 20};
  for (int64_t v = 0; v <= 5; ++v) {
    ASSERT_OK_AND_ASSIGN(auto at, Load(root, {.version = v}));
    EXPECT_EQ(RowsFromData(*at, root, con_.get()), rows[v]) << "version " << v;
  }
  ASSERT_OK_AND_ASSIGN(auto latest, Load(root));
  EXPECT_EQ(latest->files().size(), 2u);
}

TEST_F(delta_SnapshotGolden, SchemaEvolvability) {
  COPY_OR_SKIP(root, "transaction_log_schema_evolvability");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 5);
  ASSERT_OK_AND_ASSIGN(auto v2, Load(root, {.version = 2}));
  EXPECT_EQ(v2->checkpoint_version(), 2);
  // The checkpoint holds stats_parsed only, so its adds come without stats.
  for (const Add& add : v2->files()) EXPECT_FALSE(add.stats.has_value());
  ExpectCheckpointMatchesJsonReplay(root);
}

TEST_F(delta_SnapshotGolden, VacuumProtocolCheckIsReadable) {
  COPY_OR_SKIP(root, "basic-with-vacuum-protocol-check-feature");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(RowsFromStats(*snapshot), 100);
}

TEST_F(delta_SnapshotGolden, TimestampNtzIsReadable) {
  COPY_OR_SKIP(root, "data-reader-timestamp_ntz");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
  EXPECT_EQ(snapshot->version(), 1);
  EXPECT_EQ(RowsFromStats(*snapshot), 9);
}

TEST_F(delta_SnapshotGolden, DeletionVectorTablesLoad) {
  // Latest version and live files with a DV (a read applies them: golden_delta_rows_test).
  const std::vector<std::tuple<const char*, int64_t, size_t>> tables = {
      {"basic-dv-no-checkpoint", 1, 1},
      {"dv-partitioned-with-checkpoint", 15, 2},
      {"basic-dv-with-checkpoint", 46, 2}};
  for (const auto& [table, version, with_dv] : tables) {
    COPY_OR_SKIP(root, table);
    ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
    EXPECT_EQ(snapshot->version(), version) << table;
    size_t dvs = 0;
    for (const Add& add : snapshot->files()) dvs += add.deletion_vector.has_value();
    EXPECT_EQ(dvs, with_dv) << table;
  }
}

TEST_F(delta_SnapshotGolden, ColumnMappingTablesLoad) {
  for (const char* table :
       {"table-with-columnmapping-mode-name", "table-with-columnmapping-mode-id",
        "data-reader-timestamp_ntz-name-mode", "table-with-icebegCompatV2Enabled"}) {
    COPY_OR_SKIP(root, table);
    ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root));
    EXPECT_TRUE(snapshot->Config("delta.columnMapping.mode").has_value()) << table;
  }
}

TEST_F(delta_SnapshotGolden, DeletionVectorLogsReplayWhenTheCheckIsSkipped) {
  COPY_OR_SKIP(root, "basic-dv-with-checkpoint");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root, {.skip_protocol_check = true}));
  EXPECT_EQ(snapshot->version(), 46);
  EXPECT_EQ(snapshot->checkpoint_version(), 40);
  ExpectCheckpointMatchesJsonReplay(root, {.skip_protocol_check = true});

  COPY_OR_SKIP(partitioned, "dv-partitioned-with-checkpoint");
  ExpectCheckpointMatchesJsonReplay(partitioned, {.skip_protocol_check = true});
}

TEST_F(delta_SnapshotGolden, DomainMetadataFromCheckpointOnly) {
  COPY_OR_SKIP(root, "table-with-domain-metadata");
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(root, {.skip_protocol_check = true}));
  EXPECT_EQ(snapshot->version(), 108);
  EXPECT_EQ(snapshot->checkpoint_version(), 108);
  EXPECT_EQ(snapshot->files().size(), 109u);
  ASSERT_TRUE(snapshot->DomainConfiguration("delta.clustering").has_value());
  EXPECT_THAT(*snapshot->DomainConfiguration("delta.clustering"),
              HasSubstr("\"clusteringColumns\":[[\"department\"]]"));
  ASSERT_TRUE(snapshot->DomainConfiguration("delta.rowTracking").has_value());
  EXPECT_THAT(*snapshot->DomainConfiguration("delta.rowTracking"), HasSubstr("435"));
  EXPECT_TRUE(snapshot->DomainConfiguration("com.databricks.liquid").has_value());
  EXPECT_EQ(RowsFromStats(*snapshot), 436);
  // Version 107 predates the only checkpoint, and its commits are gone.
  Result<std::shared_ptr<const Snapshot>> result =
      Load(root, {.version = 107, .skip_protocol_check = true});
  ASSERT_CODE(kNotFound, result);
  EXPECT_THAT(result.status().message(), HasSubstr("earliest available version is 108"));
}

}  // namespace
}  // namespace ingot::delta
