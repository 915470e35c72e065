// DELETE, UPDATE and MERGE on tables with deletion vectors: merge-on-read writes (DV files that
// decode independently, per PROTOCOL.md), and copy-on-write that respects existing DVs.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <roaring/roaring.h>

#include "delta/ops/delete_table.h"
#include "delta/ops/dml_test_util.h"
#include "delta/ops/merge_table.h"
#include "delta/ops/update_table.h"
#include "delta/ops/write_table.h"
#include "delta/txn/commit.h"
#include "delta/txn/log_store.h"
#include "duck/connection.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::map<std::string, std::string> kDvs = {{"delta.enableDeletionVectors", "true"}};

uint32_t Be32(const std::string& bytes, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(bytes.at(at + i));
  return v;
}

uint64_t Le(const std::string& bytes, size_t at, int width) {
  uint64_t v = 0;
  for (int i = width - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(bytes.at(at + i));
  return v;
}

// CRC-32 (IEEE), bit by bit.
uint32_t Crc(std::string_view data) {
  uint32_t crc = 0xffffffffu;
  for (char c : data) {
    crc ^= static_cast<uint8_t>(c);
    for (int k = 0; k < 8; ++k) crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
  }
  return ~crc;
}

// The row indexes of the DV at `dv` in the file at `path`, decoded from the bytes by hand:
// version byte 1; at the offset a u32 BE size, the bitmap (u32 LE magic 1681511377, u64 LE bucket
// count, per bucket a u32 LE key and a portable 32-bit RoaringBitmap), then a u32 BE CRC-32.
std::vector<uint64_t> DecodeByHand(const std::string& path, const DeletionVectorDescriptor& dv) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_GE(bytes.size(), 1u);
  EXPECT_EQ(bytes[0], '\x01') << path;
  EXPECT_TRUE(dv.offset.has_value());
  const size_t offset = static_cast<size_t>(dv.offset.value_or(1));
  const uint32_t size = Be32(bytes, offset);
  EXPECT_EQ(size, static_cast<uint32_t>(dv.size_in_bytes));
  const std::string data = bytes.substr(offset + 4, size);
  EXPECT_EQ(Be32(bytes, offset + 4 + size), Crc(data));
  EXPECT_EQ(Le(data, 0, 4), 1681511377u);
  const uint64_t buckets = Le(data, 4, 8);
  size_t pos = 12;
  std::vector<uint64_t> rows;
  for (uint64_t b = 0; b < buckets; ++b) {
    const uint64_t high = Le(data, pos, 4) << 32;
    pos += 4;
    size_t used = roaring_bitmap_portable_deserialize_size(data.data() + pos, data.size() - pos);
    roaring_bitmap_t* bitmap = roaring_bitmap_portable_deserialize_safe(data.data() + pos, used);
    EXPECT_NE(bitmap, nullptr);
    if (bitmap == nullptr) return rows;
    std::vector<uint32_t> low(roaring_bitmap_get_cardinality(bitmap));
    roaring_bitmap_to_uint32_array(bitmap, low.data());
    roaring_bitmap_free(bitmap);
    for (uint32_t value : low) rows.push_back(high | value);
    pos += used;
  }
  EXPECT_EQ(pos, data.size());
  EXPECT_EQ(static_cast<int64_t>(rows.size()), dv.cardinality);
  return rows;
}

class DeletionVectorDmlTest : public testing::DmlTest {
 protected:
  // Two files: ids 0-9 and 10-19, v = id * 10.
  void CreateTwoFiles(const std::map<std::string, std::string>& properties = kDvs) {
    Create("SELECT i AS id, i * 10 AS v FROM range(0, 10) t(i)", {}, properties);
    Append("SELECT i AS id, i * 10 AS v FROM range(10, 20) t(i)");
  }
  Result<DeleteTableResult> Delete(const std::string& predicate, CommitOptions commit = {}) {
    return DeleteFromTable(con_.get(),
                           {.table_root = root_, .predicate = predicate, .commit = commit});
  }
  // The physical positions of the rows of data file `add` satisfying `predicate`.
  std::vector<uint64_t> Positions(const Add& add, const std::string& predicate) {
    std::vector<uint64_t> out;
    for (const std::string& row :
         Rows("SELECT file_row_number FROM read_parquet('" + *add.LocalPath(root_) +
              "', file_row_number=true) WHERE " + predicate + " ORDER BY 1")) {
      out.push_back(std::stoull(row));
    }
    return out;
  }
  std::vector<std::string> DvFiles() {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(root_)) {
      std::string name = entry.path().filename().string();
      if (name.starts_with("deletion_vector_")) out.push_back(name);
    }
    return out;
  }
  // Commits a metaData action setting `key` to `value`.
  void SetProperty(const std::string& key, const std::string& value) {
    auto snapshot = Load();
    Metadata metadata = snapshot->metadata();
    metadata.configuration[key] = value;
    LogStore store(std::make_shared<storage::LocalFileSystem>(), root_);
    CommitRequest request{.read_version = snapshot->version(),
                          .actions = {metadata},
                          .operation = "SET TBLPROPERTIES"};
    auto committed = Commit(store, std::move(request));
    ASSERT_TRUE(committed.ok()) << committed.status();
  }
};

TEST_F(DeletionVectorDmlTest, CreateWithDeletionVectorsUsesTheTableFeature) {
  CreateTwoFiles();
  const Protocol& protocol = Load()->protocol();
  EXPECT_EQ(protocol.min_reader_version, 3);
  EXPECT_EQ(protocol.min_writer_version, 7);
  EXPECT_TRUE(protocol.reader_features->count("deletionVectors"));
  EXPECT_TRUE(protocol.writer_features->count("deletionVectors"));
}

TEST_F(DeletionVectorDmlTest, DeleteWritesDeletionVectorsThatDecodeIndependently) {
  CreateTwoFiles();
  auto before = Load();
  auto deleted = Delete("id % 3 = 0");
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(deleted->rows_deleted, 7);
  EXPECT_EQ(deleted->deletion_vectors_added, 2);
  EXPECT_EQ(deleted->files_added, 0);
  EXPECT_EQ(deleted->files_removed, 0);
  EXPECT_EQ(LastMetric("numDeletionVectorsAdded"), "2");

  auto after = Load();
  ASSERT_EQ(after->files().size(), 2u);
  ASSERT_EQ(DvFiles().size(), 1u);
  for (const Add& add : after->files()) {
    ASSERT_TRUE(add.deletion_vector.has_value()) << add.path;
    EXPECT_EQ(add.deletion_vector->storage_type, "u");
    EXPECT_EQ(add.deletion_vector->path_or_inline_dv.size(), 20u);
    EXPECT_THAT(*add.stats, HasSubstr("\"numRecords\":10"));
    EXPECT_THAT(*add.stats, HasSubstr("\"tightBounds\":false"));
    EXPECT_EQ(DecodeByHand(root_ + "/" + DvFiles()[0], *add.deletion_vector),
              Positions(add, "id % 3 = 0"));
  }
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "13");
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ") WHERE id % 3 = 0"), "0");
  // The data files stay; time travel to the version before still sees every row.
  EXPECT_EQ(before->files()[0].path, after->files()[0].path);
  EXPECT_EQ(Scalar("SELECT count(*) FROM delta_scan('" + root_ + "', version => 1)"), "20");
}

TEST_F(DeletionVectorDmlTest, RepeatedDeletesUnionTheirVectorsAndDropEmptyFiles) {
  CreateTwoFiles();
  ASSERT_TRUE(Delete("id % 3 = 0").ok());
  auto second = Delete("id % 3 = 1");
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->rows_deleted, 7);
  auto snapshot = Load();
  for (const Add& add : snapshot->files()) {
    ASSERT_TRUE(add.deletion_vector.has_value());
    EXPECT_EQ(add.deletion_vector->cardinality,
              static_cast<int64_t>(Positions(add, "id % 3 < 2").size()));
  }
  EXPECT_THAT(Rows("SELECT id FROM (" + TableSql() + ") ORDER BY 1"),
              ElementsAre("2", "5", "8", "11", "14", "17"));
  // Deleting the last live rows of the first file removes it.
  auto third = Delete("id < 10");
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(third->rows_deleted, 3);
  EXPECT_EQ(third->files_removed, 1);
  EXPECT_EQ(Load()->files().size(), 1u);
  EXPECT_THAT(Rows("SELECT id FROM (" + TableSql() + ") ORDER BY 1"),
              ElementsAre("11", "14", "17"));
}

TEST_F(DeletionVectorDmlTest, UpdateAndMergeMarkOldRowsAndWriteOnlyChangedOnes) {
  CreateTwoFiles();
  auto updated = UpdateTable(
      con_.get(), {.table_root = root_, .assignments = "v = -v", .predicate = "id IN (4, 14)"});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->rows_updated, 2);
  EXPECT_EQ(updated->rows_copied, 0);
  EXPECT_EQ(updated->deletion_vectors_added, 2);
  EXPECT_EQ(updated->files_added, 1);
  EXPECT_EQ(
      Scalar("SELECT string_agg(v, ',' ORDER BY id) FROM (" + TableSql() + ") WHERE id IN (4, 14)"),
      "-40,-140");
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "20");

  auto merged = MergeTable(con_.get(), {.table_root = root_,
                                        .source_sql = "SELECT * FROM (VALUES (4, 1), (5, 2), "
                                                      "(100, 3)) s(id, v)",
                                        .keys = {"id"}});
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(merged->rows_updated, 2);
  EXPECT_EQ(merged->rows_inserted, 1);
  EXPECT_EQ(merged->rows_copied, 0);
  EXPECT_EQ(merged->files_removed, 0);
  EXPECT_EQ(Scalar("SELECT string_agg(id || '=' || v, ',' ORDER BY id) FROM (" + TableSql() +
                   ") WHERE id IN (4, 5, 14, 100)"),
            "4=1,5=2,14=-140,100=3");
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "21");

  auto pruned =
      MergeTable(con_.get(), {.table_root = root_,
                              .source_sql = "SELECT 5 AS id, 50 AS v",
                              .keys = {"id"},
                              .when_matched = MatchedAction::kDelete,
                              .when_not_matched_by_source = NotMatchedBySourceAction::kDelete});
  ASSERT_TRUE(pruned.ok()) << pruned.status();
  EXPECT_EQ(pruned->rows_deleted, 21);
  EXPECT_EQ(Load()->files().size(), 0u);
}

TEST_F(DeletionVectorDmlTest, CopyOnWriteRespectsExistingDeletionVectors) {
  CreateTwoFiles();
  ASSERT_TRUE(Delete("id % 2 = 0").ok());
  SetProperty("delta.enableDeletionVectors", "false");
  // Rewriting a file with a DV drops its deleted rows; the DV goes with the old file.
  auto updated =
      UpdateTable(con_.get(), {.table_root = root_, .assignments = "v = 0", .predicate = "id = 3"});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->rows_updated, 1);
  EXPECT_EQ(updated->rows_copied, 4);
  auto deleted = Delete("id = 13");
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(deleted->rows_copied, 4);
  auto merged = MergeTable(
      con_.get(), {.table_root = root_, .source_sql = "SELECT 2 AS id, 7 AS v", .keys = {"id"}});
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(merged->rows_inserted, 1);
  auto snapshot = Load();
  for (const Add& add : snapshot->files())
    EXPECT_FALSE(add.deletion_vector.has_value()) << add.path;
  EXPECT_THAT(Rows("SELECT id || '=' || v FROM (" + TableSql() + ") ORDER BY id"),
              ElementsAre("1=10", "2=7", "3=0", "5=50", "7=70", "9=90", "11=110", "15=150",
                          "17=170", "19=190"));
}

TEST_F(DeletionVectorDmlTest, SparkWrittenDeletionVectorsAreKept) {
  std::filesystem::copy(
      std::string(INGOT_SOURCE_DIR) + "/tests/data/delta-golden/basic-dv-no-checkpoint", root_,
      std::filesystem::copy_options::recursive);
  std::vector<std::string> live = Rows("SELECT id FROM (" + TableSql() + ") ORDER BY 1");
  ASSERT_LT(live.size(), 10u);
  ASSERT_TRUE(Delete("id = 9").ok());
  auto merged = MergeTable(con_.get(), {.table_root = root_,
                                        .source_sql = "SELECT CAST(range AS BIGINT) AS id "
                                                      "FROM range(0, 10)",
                                        .keys = {"id"},
                                        .when_not_matched = NotMatchedAction::kIgnore});
  ASSERT_TRUE(merged.ok()) << merged.status();
  std::vector<std::string> expected;
  for (const std::string& id : live) {
    if (id != "9") expected.push_back(id);
  }
  EXPECT_EQ(Rows("SELECT id FROM (" + TableSql() + ") ORDER BY 1"), expected);
}

TEST_F(DeletionVectorDmlTest, ConcurrentDeletionVectorOnAReadFileFailsMerge) {
  CreateTwoFiles();
  auto other = db_->Connect();
  ASSERT_TRUE(other.ok());
  testing::HookClock clock([&] {
    auto deleted = DeleteFromTable(other->get(), {.table_root = root_, .predicate = "id = 12"});
    ASSERT_TRUE(deleted.ok()) << deleted.status();
    ASSERT_EQ(deleted->deletion_vectors_added, 1);
  });
  auto merged = MergeTable(con_.get(), {.table_root = root_,
                                        .source_sql = "SELECT 13 AS id, 1 AS v",
                                        .keys = {"id"},
                                        .commit = {.clock = &clock}});
  ASSERT_TRUE(clock.fired());
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.status().code(), StatusCode::kConflict) << merged.status();
  EXPECT_EQ(DvFiles().size(), 1u);  // MERGE's DV file was removed
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "19");
}

TEST_F(DeletionVectorDmlTest, ConcurrentAppendIntoAnotherPartitionCommutesWithMerge) {
  Create("SELECT i AS id, 'p' || (i % 2) AS part, i AS v FROM range(10) t(i)", {"part"}, kDvs);
  auto other = db_->Connect();
  ASSERT_TRUE(other.ok());
  testing::HookClock clock([&] {
    auto appended =
        WriteTable(other->get(),
                   {.table_root = root_, .source_sql = "SELECT 100 AS id, 'p9' AS part, 1 AS v"});
    ASSERT_TRUE(appended.ok()) << appended.status();
  });
  auto merged = MergeTable(con_.get(), {.table_root = root_,
                                        .source_sql = "SELECT 2 AS id, 'p0' AS part, 222 AS v",
                                        .keys = {"id", "part"},
                                        .commit = {.clock = &clock}});
  ASSERT_TRUE(clock.fired());
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(merged->deletion_vectors_added, 1);
  EXPECT_EQ(merged->version, 2);
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "11");
  EXPECT_EQ(Scalar("SELECT v FROM (" + TableSql() + ") WHERE id = 2"), "222");
}

}  // namespace
}  // namespace ingot::delta
