#include "delta/ops/dml_test_util.h"

#include "delta/ops/create_table.h"
#include "delta/ops/write_table.h"
#include "delta/scan/delta_functions.h"
#include "delta/scan/scan_sql.h"
#include "delta/snapshot/history.h"
#include "delta/snapshot/snapshot_loader.h"
#include "storage/local_fs.h"

namespace ingot::delta::testing {

void DmlTest::SetUp() {
  DeltaTableTest::SetUp();
  Status registered = RegisterDeltaFunctions(db_.get(), con_.get());
  ASSERT_TRUE(registered.ok()) << registered;
}

void DmlTest::Create(const std::string& sql, std::vector<std::string> partitions,
                     std::map<std::string, std::string> properties) {
  auto created = CreateTable(con_.get(), {.table_root = root_,
                                          .source_sql = sql,
                                          .partition_columns = std::move(partitions),
                                          .properties = std::move(properties)});
  ASSERT_TRUE(created.ok()) << created.status();
}

void DmlTest::Append(const std::string& sql) {
  auto appended = WriteTable(con_.get(), {.table_root = root_, .source_sql = sql});
  ASSERT_TRUE(appended.ok()) << appended.status();
}

std::shared_ptr<const Snapshot> DmlTest::Load() {
  auto snapshot = LoadSnapshot(std::make_shared<storage::LocalFileSystem>(), root_, con_.get());
  EXPECT_TRUE(snapshot.ok()) << snapshot.status();
  return snapshot.ok() ? *snapshot : nullptr;
}

std::string DmlTest::TableSql(const std::string& root) {
  std::string table = root.empty() ? root_ : root;
  auto snapshot = LoadSnapshot(std::make_shared<storage::LocalFileSystem>(), table, con_.get());
  EXPECT_TRUE(snapshot.ok()) << snapshot.status();
  if (!snapshot.ok()) return "SELECT 1 WHERE false";
  auto sql = ScanSql({.table_root = table,
                      .schema = (*snapshot)->schema(),
                      .partition_columns = (*snapshot)->partition_columns(),
                      .files = (*snapshot)->files()});
  EXPECT_TRUE(sql.ok()) << sql.status();
  return sql.ok() ? *sql : "SELECT 1 WHERE false";
}

std::vector<std::string> DmlTest::TableRows(const std::string& root) {
  return Rows("SELECT * FROM (" + TableSql(root) + ") ORDER BY ALL");
}

std::string DmlTest::LastMetric(const std::string& key) {
  auto history = History(std::make_shared<storage::LocalFileSystem>(), root_, {.limit = 1});
  EXPECT_TRUE(history.ok()) << history.status();
  if (!history.ok() || history->empty()) return "";
  auto value = JsonFieldAsString(history->front().operation_metrics, key);
  return value.value_or("<missing " + key + ">");
}

std::string DmlTest::LastParameter(const std::string& key) {
  auto history = History(std::make_shared<storage::LocalFileSystem>(), root_, {.limit = 1});
  EXPECT_TRUE(history.ok()) << history.status();
  if (!history.ok() || history->empty()) return "";
  auto value = JsonFieldAsString(history->front().operation_parameters, key);
  return value.value_or("<missing " + key + ">");
}

std::optional<std::string> DmlTest::LastOperation() {
  auto history = History(std::make_shared<storage::LocalFileSystem>(), root_, {.limit = 1});
  EXPECT_TRUE(history.ok()) << history.status();
  if (!history.ok() || history->empty()) return std::nullopt;
  return history->front().operation;
}

}  // namespace ingot::delta::testing
