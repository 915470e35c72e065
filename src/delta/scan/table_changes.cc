#include "delta/scan/table_changes.h"

#include <map>
#include <variant>
#include <vector>

#include "common/macros.h"
#include "delta/log/column_mapping.h"
#include "delta/scan/scan_sql.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/txn/log_store.h"
#include "duck/connection.h"

namespace ingot::delta {
namespace {

constexpr char kChangeType[] = "_change_type";

Add AsAdd(const Remove& remove) {
  Add add;
  add.path = remove.path;
  add.partition_values = remove.partition_values.value_or(PartitionValues{});
  add.size = remove.size.value_or(0);
  add.deletion_vector = remove.deletion_vector;
  return add;
}

Add AsAdd(const AddCDCFile& cdc) {
  Add add;
  add.path = cdc.path;
  add.partition_values = cdc.partition_values;
  add.size = cdc.size;
  return add;
}

// One change query: `files` read with `schema`, `change_type` the literal to add (empty: the
// files have the column), tagged with the version and its time.
Result<std::string> Branch(const ScanInput& base, const DataType& schema, std::vector<Add> files,
                           const std::string& change_type, int64_t version, int64_t millis) {
  ScanInput input = base;
  input.schema = schema;
  input.files = std::move(files);
  input.version = version;
  INGOT_ASSIGN_OR_RAISE(std::string scan, ScanSql(input));
  std::string select = "SELECT *";
  if (!change_type.empty()) {
    select += ", " + duck::QuoteLiteral(change_type) + " AS " + kChangeType;
  }
  return select + ", CAST(" + std::to_string(version) + " AS BIGINT) AS _commit_version, " +
         "make_timestamptz(CAST(" + std::to_string(millis) +
         " AS BIGINT) * 1000) AS _commit_timestamp FROM (" + scan + ")";
}

// Moves the files `deleted` and `inserted` share (by path: a data file re-added with another
// deletion vector in the same commit) to `before` and `after`, in step.
void SplitReaddedFiles(std::vector<Add>* deleted, std::vector<Add>* inserted,
                       std::vector<Add>* before, std::vector<Add>* after) {
  std::map<std::string, size_t> removed;
  for (size_t i = 0; i < deleted->size(); ++i) removed.emplace((*deleted)[i].path, i);
  std::vector<bool> moved(deleted->size(), false);
  std::vector<Add> kept;
  for (Add& add : *inserted) {
    auto it = removed.find(add.path);
    if (it == removed.end() || moved[it->second]) {
      kept.push_back(std::move(add));
      continue;
    }
    moved[it->second] = true;
    before->push_back((*deleted)[it->second]);
    after->push_back(std::move(add));
  }
  *inserted = std::move(kept);
  std::vector<Add> rest;
  for (size_t i = 0; i < deleted->size(); ++i) {
    if (!moved[i]) rest.push_back(std::move((*deleted)[i]));
  }
  *deleted = std::move(rest);
}

}  // namespace

Result<std::string> TableChangesSql(std::shared_ptr<storage::FileSystem> fs,
                                    const std::string& table_root, duck::Connection* con,
                                    const TableChangesOptions& options) {
  if (options.from_version < 0) {
    return Status::InvalidArgument("the first version of a change feed must be >= 0, got ",
                                   options.from_version);
  }
  SnapshotOptions snapshot_options;
  snapshot_options.version = options.to_version;
  INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadSnapshot(fs, table_root, con, snapshot_options));
  const int64_t to = snapshot->version();
  if (options.from_version > to) {
    return Status::InvalidArgument("table '", table_root, "': change feed from version ",
                                   options.from_version, " to ", to,
                                   ": the first version is after the last");
  }
  INGOT_ASSIGN_OR_RAISE(ColumnMappingMode mapping, ColumnMappingModeOf(snapshot->metadata()));
  const ScanInput base{.table_root = table_root,
                       .schema = snapshot->schema(),
                       .partition_columns = snapshot->partition_columns(),
                       .column_mapping = mapping};
  std::vector<StructField> cdc_fields = snapshot->schema().fields();
  cdc_fields.push_back({.name = kChangeType, .type = DataType(TypeKind::kString)});
  const DataType cdc_schema = DataType::Struct(std::move(cdc_fields));

  LogStore store(fs, table_root);
  // The anchor fixes the column types when no commit has changes.
  INGOT_ASSIGN_OR_RAISE(std::string sql, Branch(base, base.schema, {}, "insert", 0, 0));
  sql = "SELECT * FROM (" + sql + ") WHERE false";
  for (int64_t version = options.from_version; version <= to; ++version) {
    INGOT_ASSIGN_OR_RAISE(std::vector<Action> actions, store.ReadCommitActions(version));
    int64_t millis = 0;
    const CommitInfo* info = FindCommitInfo(actions);
    std::optional<int64_t> stamp = info ? CommitInfoTimestamp(*info) : std::nullopt;
    if (stamp) {
      millis = *stamp;
    } else {
      INGOT_ASSIGN_OR_RAISE(millis, store.CommitModificationTime(version));
    }
    std::vector<Add> cdc, inserted, deleted;
    for (const Action& action : actions) {
      if (const auto* c = std::get_if<AddCDCFile>(&action)) cdc.push_back(AsAdd(*c));
      if (const auto* a = std::get_if<Add>(&action); a && a->data_change) inserted.push_back(*a);
      if (const auto* r = std::get_if<Remove>(&action); r && r->data_change) {
        deleted.push_back(AsAdd(*r));
      }
    }
    std::vector<std::string> branches;
    if (!cdc.empty()) {
      INGOT_ASSIGN_OR_RAISE(std::string b,
                            Branch(base, cdc_schema, std::move(cdc), "", version, millis));
      branches.push_back(std::move(b));
    } else {
      // A file re-added with a new DV (merge-on-read without cdc files): its changes are the
      // rows the new DV deletes (and any it no longer deletes), not the whole file.
      std::vector<Add> before, after;
      SplitReaddedFiles(&deleted, &inserted, &before, &after);
      if (!before.empty()) {
        for (const char* type : {"delete", "insert"}) {
          const bool is_delete = std::string(type) == "delete";
          INGOT_ASSIGN_OR_RAISE(
              std::string from,
              Branch(base, base.schema, is_delete ? before : after, type, version, millis));
          INGOT_ASSIGN_OR_RAISE(
              std::string minus,
              Branch(base, base.schema, is_delete ? after : before, type, version, millis));
          branches.push_back("(" + from + " EXCEPT ALL " + minus + ")");
        }
      }
      if (!inserted.empty()) {
        INGOT_ASSIGN_OR_RAISE(std::string b, Branch(base, base.schema, std::move(inserted),
                                                    "insert", version, millis));
        branches.push_back(std::move(b));
      }
      if (!deleted.empty()) {
        INGOT_ASSIGN_OR_RAISE(std::string b, Branch(base, base.schema, std::move(deleted), "delete",
                                                    version, millis));
        branches.push_back(std::move(b));
      }
    }
    for (const std::string& b : branches) sql += " UNION ALL BY NAME " + b;
  }
  return sql;
}

}  // namespace ingot::delta
