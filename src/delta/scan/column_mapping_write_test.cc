// Tables Ingot creates with column mapping (name and id modes): the log's schema, the Parquet
// files' physical names and field ids, partition values, stats, appends, overwrites, schema
// evolution and reading it all back through delta_scan.
#include "delta/ops/column_mapping_write.h"

#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "delta/log/column_mapping.h"
#include "delta/ops/create_table.h"
#include "delta/ops/delete_table.h"
#include "delta/ops/delta_test_fixture.h"
#include "delta/ops/write_table.h"
#include "delta/scan/delta_functions.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/txn/commit.h"
#include "delta/txn/log_store.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

// id, name, a struct with a nested struct, a list of structs, and a partition column.
constexpr char kRows[] =
    "SELECT range::BIGINT AS id, 'n' || range AS name, {'a': range::INTEGER, 'b': {'c': "
    "range::VARCHAR}} AS s, [{'x': range::INTEGER}] AS l, (range % 2)::INTEGER AS part "
    "FROM range(10)";

class ColumnMappingWriteTest : public testing::DeltaTableTest,
                               public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    DeltaTableTest::SetUp();
    ASSERT_TRUE(RegisterDeltaFunctions(db_.get(), con_.get()).ok());
  }

  std::shared_ptr<const Snapshot> Load() {
    auto snapshot =
        LoadSnapshot(std::make_shared<storage::LocalFileSystem>(), root_, con_.get(), {});
    EXPECT_TRUE(snapshot.ok()) << snapshot.status();
    return snapshot.ok() ? *snapshot : nullptr;
  }

  void Create(const std::string& sql, std::map<std::string, std::string> extra = {}) {
    extra["delta.columnMapping.mode"] = GetParam();
    auto created = CreateTable(con_.get(), {.table_root = root_,
                                            .source_sql = sql,
                                            .partition_columns = {"part"},
                                            .properties = extra});
    ASSERT_TRUE(created.ok()) << created.status();
  }

  Status Write(const std::string& sql, WriteMode mode = WriteMode::kAppend, bool merge = false) {
    return WriteTable(con_.get(),
                      {.table_root = root_, .source_sql = sql, .mode = mode, .merge_schema = merge})
        .status();
  }

  std::vector<std::string> Scan(const std::string& columns = "*") {
    return Rows("SELECT " + columns + " FROM delta_scan('" + root_ + "') ORDER BY id");
  }

  std::string Physical(const Snapshot& snapshot, const std::string& column) {
    return *PhysicalName(*snapshot.schema().FindField(column));
  }
};

// Every struct field at any depth: its path, id and physical name.
void CollectMapped(const DataType& type, const std::string& prefix,
                   std::map<std::string, std::pair<int64_t, std::string>>* out) {
  switch (type.kind()) {
    case TypeKind::kStruct:
      for (const StructField& field : type.fields()) {
        auto id = ColumnMappingId(field);
        auto physical = PhysicalName(field);
        ASSERT_TRUE(id.ok() && physical.ok());
        (*out)[prefix + field.name] = {id->value_or(-1), *physical};
        CollectMapped(field.type, prefix + field.name + ".", out);
      }
      break;
    case TypeKind::kArray:
      CollectMapped(type.element_type(), prefix + "element.", out);
      break;
    default:
      break;
  }
}

TEST_P(ColumnMappingWriteTest, NewTableRoundTripsWithPhysicalNamesEverywhere) {
  Create(kRows);
  auto snapshot = Load();
  ASSERT_NE(snapshot, nullptr);
  EXPECT_EQ(snapshot->protocol().min_reader_version, 2);
  EXPECT_EQ(snapshot->protocol().min_writer_version, 5);
  EXPECT_EQ(snapshot->Config("delta.columnMapping.mode"), GetParam());
  EXPECT_EQ(snapshot->Config("delta.columnMapping.maxColumnId"), "9");

  // The log's schema: ids 1..9 on every field, nested ones included, and col-<uuid> names.
  std::map<std::string, std::pair<int64_t, std::string>> mapped;
  CollectMapped(snapshot->schema(), "", &mapped);
  std::set<int64_t> ids;
  std::set<std::string> physical_names;
  for (const auto& [path, mapping] : mapped) {
    ids.insert(mapping.first);
    physical_names.insert(mapping.second);
    EXPECT_TRUE(mapping.second.starts_with("col-")) << path << ": " << mapping.second;
    EXPECT_EQ(mapping.second.size(), 40u) << path;  // col- + a 36-character UUID
  }
  EXPECT_EQ(mapped.size(), 9u);
  EXPECT_EQ(ids, (std::set<int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(physical_names.size(), 9u);

  // Rows come back with the logical names, nested fields included.
  std::vector<std::string> expected =
      Rows("SELECT * FROM (" + std::string(kRows) + ") ORDER BY id");
  EXPECT_EQ(Scan(), expected);
  EXPECT_EQ(Rows("SELECT column_name FROM (DESCRIBE SELECT * FROM delta_scan('" + root_ + "'))"),
            (std::vector<std::string>{"id", "name", "s", "l", "part"}));

  // Files: physical column names (and field ids in id mode), partition values and directories
  // keyed by the partition column's physical name, stats keyed by physical names.
  const std::string part = Physical(*snapshot, "part");
  ASSERT_EQ(snapshot->files().size(), 2u);
  for (const Add& add : snapshot->files()) {
    EXPECT_EQ(add.partition_values.size(), 1u);
    EXPECT_TRUE(add.partition_values.count(part)) << add.path;
    EXPECT_TRUE(add.path.starts_with(part + "=")) << add.path;
    EXPECT_NE(add.stats->find("\"" + Physical(*snapshot, "id") + "\""), std::string::npos)
        << *add.stats;
    EXPECT_EQ(add.stats->find("\"id\""), std::string::npos) << *add.stats;
    const std::string file = root_ + "/" + *add.DecodedPath();
    std::vector<std::string> names =
        Rows("SELECT name || ':' || coalesce(field_id::VARCHAR, '-') FROM parquet_schema('" + file +
             "') WHERE name NOT IN ('duckdb_schema', 'list', 'element')");
    std::vector<std::string> expected_names;
    for (const char* path : {"id", "name", "s", "s.a", "s.b", "s.b.c", "l", "l.element.x"}) {
      const auto& [id, physical] = mapped.at(path);
      expected_names.push_back(physical + ":" +
                               (GetParam() == "id" ? std::to_string(id) : std::string("-")));
    }
    EXPECT_EQ(names, expected_names) << file;
  }

  // Appends, overwrites and filters work on the mapped table.
  ASSERT_TRUE(Write("SELECT 100 AS id, 'x' AS name, 1 AS part").ok());
  EXPECT_EQ(Scan("id, name, s, part").back(), "100|x|NULL|1");
  EXPECT_EQ(Scalar("SELECT count(*) FROM delta_scan('" + root_ + "') WHERE part = 1 AND id > 5"),
            "3");
  ASSERT_TRUE(
      Write("SELECT 7 AS id, {'a': 1, 'b': {'c': 'q'}} AS s, 0 AS part", WriteMode::kOverwrite)
          .ok());
  EXPECT_EQ(Scan("id, name, s, l, part"),
            (std::vector<std::string>{"7|NULL|{'a': 1, 'b': {'c': q}}|NULL|0"}));
}

TEST_P(ColumnMappingWriteTest, MergeSchemaAddsMappedColumnsOldFilesReadNull) {
  Create(kRows);
  // A new top-level column and a new struct column get ids 10.. and fresh physical names.
  ASSERT_TRUE(Write("SELECT 20 AS id, 0 AS part, 'e' AS extra, {'p': 1, 'q': 'r'} AS more",
                    WriteMode::kAppend, /*merge=*/true)
                  .ok());
  auto snapshot = Load();
  ASSERT_NE(snapshot, nullptr);
  EXPECT_EQ(snapshot->Config("delta.columnMapping.maxColumnId"), "13");
  EXPECT_EQ(*ColumnMappingId(*snapshot->schema().FindField("extra")), 10);
  EXPECT_TRUE(Physical(*snapshot, "extra").starts_with("col-"));
  // The files written before the columns existed lack them: NULL, not an error.
  EXPECT_EQ(Scan("id, extra, more").front(), "0|NULL|NULL");
  EXPECT_EQ(Scan("id, extra, more").back(), "20|e|{'p': 1, 'q': r}");
  EXPECT_EQ(Scalar("SELECT count(extra) FROM delta_scan('" + root_ + "')"), "1");
  // A later append without the new columns also reads them as NULL.
  ASSERT_TRUE(Write("SELECT 30 AS id, 1 AS part").ok());
  EXPECT_EQ(Scan("id, extra, more").back(), "30|NULL|NULL");
}

// A nested field added to a struct after files were written (as Spark's ALTER TABLE ADD COLUMN
// s.z does): the old files lack it and read it as NULL, by physical name (name mode) or by field
// id (id mode); files written afterwards have it.
TEST_P(ColumnMappingWriteTest, NestedFieldAddedLaterReadsNull) {
  Create(kRows);
  auto snapshot = Load();
  ASSERT_NE(snapshot, nullptr);
  std::vector<StructField> fields = snapshot->schema().fields();
  for (StructField& field : fields) {
    if (field.name != "s") continue;
    std::vector<StructField> nested = field.type.fields();
    nested.push_back({.name = "z", .type = DataType(TypeKind::kString)});
    field.type = DataType::Struct(std::move(nested));
  }
  int64_t max_id = 9;
  auto evolved = AssignColumnMapping(DataType::Struct(std::move(fields)), &max_id);
  ASSERT_TRUE(evolved.ok()) << evolved.status();
  EXPECT_EQ(max_id, 10);
  Metadata metadata = snapshot->metadata();
  metadata.schema_string = SerializeDataType(*evolved);
  metadata.configuration[kMaxColumnIdKey] = "10";
  LogStore store(std::make_shared<storage::LocalFileSystem>(), root_);
  CommitRequest request{
      .read_version = snapshot->version(), .actions = {metadata}, .operation = "ADD COLUMNS"};
  request.read_set.whole_table = true;
  ASSERT_TRUE(Commit(store, std::move(request)).ok());

  EXPECT_EQ(Scan("id, s").front(), "0|{'a': 0, 'b': {'c': 0}, 'z': NULL}");
  ASSERT_TRUE(Write("SELECT 50 AS id, {'a': 5, 'b': {'c': 'v'}, 'z': 'new'} AS s, 1 AS part").ok());
  EXPECT_EQ(Scan("id, s").back(), "50|{'a': 5, 'b': {'c': v}, 'z': new}");
  EXPECT_EQ(Scalar("SELECT count(s.z) FROM delta_scan('" + root_ + "')"), "1");
}

TEST_P(ColumnMappingWriteTest, TableFeaturesAndRefusedOperations) {
  Create("SELECT 1 AS id, TIMESTAMP '2026-11-21 10:00:00' AS t, 0 AS part",
         {{"delta.enableInCommitTimestamps", "true"}});
  auto snapshot = Load();
  ASSERT_NE(snapshot, nullptr);
  // With table features in use, columnMapping is one of them.
  EXPECT_EQ(snapshot->protocol().min_reader_version, 3);
  EXPECT_EQ(snapshot->protocol().min_writer_version, 7);
  EXPECT_TRUE(snapshot->protocol().reader_features->count("columnMapping"));
  EXPECT_TRUE(snapshot->protocol().writer_features->count("columnMapping"));
  EXPECT_EQ(Scan("id, t"), (std::vector<std::string>{"1|2026-11-21 10:00:00+00"}));
  // DELETE (like MERGE and UPDATE) refuses column-mapped tables with a clear reason.
  auto deleted = DeleteFromTable(con_.get(), {.table_root = root_, .predicate = "id = 1"});
  ASSERT_FALSE(deleted.ok());
  EXPECT_NE(deleted.status().message().find("uses column mapping (mode " + GetParam() +
                                            "): Ingot writes such tables by append and "
                                            "overwrite only"),
            std::string::npos)
      << deleted.status();
}

INSTANTIATE_TEST_SUITE_P(Modes, ColumnMappingWriteTest, ::testing::Values("name", "id"),
                         [](const auto& param_info) { return param_info.param; });

TEST(ColumnMappingWrite, CreateRefusesBadModes) {
  EXPECT_FALSE(ValidateTableProperties({{"delta.columnMapping.mode", "fancy"}}).ok());
  EXPECT_FALSE(ValidateTableProperties({{"delta.columnMapping.maxColumnId", "3"}}).ok());
  EXPECT_TRUE(ValidateTableProperties({{"delta.columnMapping.mode", "name"}}).ok());
  EXPECT_TRUE(ValidateTableProperties({{"delta.columnMapping.mode", "id"}}).ok());
}

}  // namespace
}  // namespace ingot::delta
