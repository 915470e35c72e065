#include "delta/ops/optimize_table.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include "common/macros.h"
#include "delta/log/json_writer.h"
#include "delta/ops/dml_internal.h"
#include "delta/ops/table_protocol.h"
#include "delta/ops/type_mapping.h"
#include "delta/ops/zorder.h"
#include "delta/scan/deletion_vector_scan.h"
#include "delta/scan/scan_sql.h"
#include "delta/snapshot/snapshot_loader.h"
#include "duck/connection.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

using duck::QuoteIdentifier;

// A bin's rows go into one file: the writer must not cut it at the target size (a bin of
// almost the target would become a full file and a tiny one, which the next run would merge).
constexpr int64_t kUnsplit = std::numeric_limits<int64_t>::max() / 4;
constexpr char kZKey[] = "__ingot_zkey";

// Files rewritten together: indexes into snapshot.files().
struct Bin {
  std::vector<size_t> files;
  int64_t bytes = 0;
};

Result<int64_t> TargetFileSize(const Snapshot& snapshot, const OptimizeTableOptions& options) {
  int64_t target = kDefaultOptimizeTargetFileSize;
  if (options.target_file_size) {
    target = *options.target_file_size;
  } else if (auto configured = snapshot.Config("delta.targetFileSize")) {
    target = std::strtoll(configured->c_str(), nullptr, 10);
  }
  if (target < 1) {
    return Status::InvalidArgument("OPTIMIZE of table ", options.table_root,
                                   ": the target file size must be at least 1 byte, got ", target);
  }
  return target;
}

// The files of the partitions `filter` selects (all for an empty filter). The filter must bind
// against the partition columns alone.
Result<std::vector<size_t>> SelectFiles(duck::Connection* con, const Snapshot& snapshot,
                                        const std::string& root, const std::string& filter) {
  std::vector<size_t> all;
  for (size_t i = 0; i < snapshot.files().size(); ++i) all.push_back(i);
  if (filter.empty()) return all;
  const auto& columns = snapshot.partition_columns();
  std::string relation = "SELECT 1 AS __ingot_unused";
  std::string names;
  for (const std::string& column : columns) {
    const StructField* field = snapshot.schema().FindField(column);
    if (field == nullptr) {
      return Status::Corruption("partition column '", column, "' of table ", root,
                                " is not in its schema");
    }
    INGOT_ASSIGN_OR_RAISE(std::string type, DuckTypeFromDelta(field->type));
    relation += ", CAST(NULL AS " + type + ") AS " + QuoteIdentifier(column);
    names += (names.empty() ? "" : ", ") + column;
  }
  Status bound = con->Execute("SELECT (" + filter + ") FROM (" + relation + ") LIMIT 0");
  if (!bound.ok() || columns.empty()) {
    std::string message = bound.ok() ? "the table is not partitioned" : bound.message();
    const std::string marker = "Referenced column \"";
    size_t at = message.find(marker);
    if (at != std::string::npos) {
      size_t end = message.find('"', at + marker.size());
      message = "column '" + message.substr(at + marker.size(), end - at - marker.size()) +
                "' is not a partition column";
    }
    return Status::InvalidArgument("OPTIMIZE of table ", root, ": --where '", filter,
                                   "' may only use partition columns (",
                                   names.empty() ? "none" : names, "): ", message);
  }
  INGOT_ASSIGN_OR_RAISE(auto matching, dml::FilesMatchingPartitionPredicate(con, snapshot, filter));
  if (!matching) {
    return Status::InvalidArgument("OPTIMIZE of table ", root, ": --where '", filter,
                                   "' cannot be evaluated on partition values");
  }
  return *matching;
}

Status CheckZOrderColumns(const Snapshot& snapshot, const OptimizeTableOptions& options) {
  std::string columns;
  for (const StructField& field : snapshot.schema().fields()) {
    columns += (columns.empty() ? "" : ", ") + field.name;
  }
  for (const std::string& column : options.zorder_by) {
    if (snapshot.schema().FindField(column) == nullptr) {
      return Status::InvalidArgument("OPTIMIZE of table ", options.table_root, ": Z-order column '",
                                     column, "' is not in the table's schema (columns: ", columns,
                                     ")");
    }
    for (const std::string& partition : snapshot.partition_columns()) {
      if (partition == column) {
        return Status::InvalidArgument("OPTIMIZE of table ", options.table_root,
                                       ": Z-order column '", column,
                                       "' is a partition column; partitions are already "
                                       "clustered, order by data columns");
      }
    }
  }
  if (options.zorder_by.size() > kMaxZOrderColumns) {
    return Status::InvalidArgument("OPTIMIZE of table ", options.table_root, ": at most ",
                                   kMaxZOrderColumns, " Z-order columns, got ",
                                   options.zorder_by.size());
  }
  return Status::OK();
}

// The selected files grouped by partition (null and "" alike), in partition order.
std::map<PartitionValues, std::vector<size_t>> GroupByPartition(const Snapshot& snapshot,
                                                                const std::vector<size_t>& files) {
  std::map<PartitionValues, std::vector<size_t>> groups;
  for (size_t index : files) {
    PartitionValues key;
    const Add& add = snapshot.files()[index];
    for (const std::string& column : snapshot.partition_columns()) {
      auto it = add.partition_values.find(column);
      bool null = it == add.partition_values.end() || !it->second || it->second->empty();
      key[column] = null ? std::nullopt : it->second;
    }
    groups[key].push_back(index);
  }
  return groups;
}

// Bin-packing of one partition's files: the small ones and those with a DV, smallest first,
// into bins of at most `target` bytes; bins that would rewrite a single file without a DV are
// dropped (nothing to gain), which makes a second run a no-op.
std::vector<Bin> PackBins(const Snapshot& snapshot, const std::vector<size_t>& files,
                          int64_t target) {
  std::vector<size_t> candidates;
  for (size_t index : files) {
    const Add& add = snapshot.files()[index];
    if (add.size < target || add.deletion_vector) candidates.push_back(index);
  }
  std::stable_sort(candidates.begin(), candidates.end(), [&](size_t a, size_t b) {
    return snapshot.files()[a].size < snapshot.files()[b].size;
  });
  std::vector<Bin> bins;
  Bin current;
  for (size_t index : candidates) {
    int64_t size = snapshot.files()[index].size;
    if (!current.files.empty() && current.bytes + size > target) {
      bins.push_back(std::move(current));
      current = Bin();
    }
    current.files.push_back(index);
    current.bytes += size;
  }
  if (!current.files.empty()) bins.push_back(std::move(current));
  std::vector<Bin> kept;
  for (Bin& bin : bins) {
    bool has_dv = false;
    for (size_t index : bin.files) has_dv |= snapshot.files()[index].deletion_vector.has_value();
    if (bin.files.size() > 1 || has_dv) kept.push_back(std::move(bin));
  }
  return kept;
}

// The rows of `files` (deleted rows excluded) with the table's columns.
Result<std::string> RowsOf(const Snapshot& snapshot, const std::string& root,
                           const std::vector<size_t>& files) {
  ScanInput input{.table_root = root,
                  .schema = snapshot.schema(),
                  .partition_columns = snapshot.partition_columns(),
                  .version = snapshot.version()};
  for (size_t index : files) input.files.push_back(snapshot.files()[index]);
  return ScanSql(input);
}

// Rewrites one partition in Z-order: the rows sorted by the key and cut into files of about
// `target` bytes (the partition's bytes / target files, at least one).
Result<std::vector<Add>> WriteZOrdered(duck::Connection* con, const Snapshot& snapshot,
                                       const std::string& root, const Bin& bin,
                                       const std::vector<std::string>& columns, int64_t target,
                                       Clock* clock) {
  INGOT_ASSIGN_OR_RAISE(std::string rows, RowsOf(snapshot, root, bin.files));
  INGOT_ASSIGN_OR_RAISE(std::string keyed, ZOrderKeySql(rows, columns, kZKey));
  int64_t chunks = std::max<int64_t>(1, (bin.bytes + target - 1) / target);
  dml::TempTables temps(con);
  // Stored in key order (one sort); chunk j is the j-th run of rowids.
  std::string sorted = QuoteIdentifier(temps.NewName("zorder"));
  INGOT_RETURN_NOT_OK(con->Execute("CREATE TEMP TABLE " + sorted + " AS SELECT * FROM (" + keyed +
                                   ") ORDER BY " + kZKey));
  INGOT_ASSIGN_OR_RAISE(std::string count, con->QueryScalar("SELECT count(*) FROM " + sorted));
  const int64_t rows_total = std::strtoll(count.c_str(), nullptr, 10);
  std::vector<Add> adds;
  for (int64_t chunk = 0; chunk < chunks; ++chunk) {
    int64_t begin = rows_total * chunk / chunks;
    int64_t end = rows_total * (chunk + 1) / chunks;
    if (begin == end) continue;
    INGOT_ASSIGN_OR_RAISE(
        std::vector<Add> written,
        dml::WriteRows(con, root, snapshot,
                       "SELECT * EXCLUDE (" + std::string(kZKey) + ") FROM " + sorted +
                           " WHERE rowid >= " + std::to_string(begin) + " AND rowid < " +
                           std::to_string(end) + " ORDER BY rowid",
                       kUnsplit, clock));
    adds.insert(adds.end(), written.begin(), written.end());
  }
  return adds;
}

// Spark's file-set metric: {"min":..,"max":..,"avg":..,"totalFiles":..,"totalSize":..}.
std::string FileSetMetric(const std::vector<int64_t>& sizes) {
  int64_t total = 0;
  int64_t min = sizes.empty() ? 0 : sizes.front();
  int64_t max = min;
  for (int64_t size : sizes) {
    total += size;
    min = std::min(min, size);
    max = std::max(max, size);
  }
  double avg = sizes.empty() ? 0 : static_cast<double>(total) / static_cast<double>(sizes.size());
  std::string json = "{\"min\":" + std::to_string(min) + ",\"max\":" + std::to_string(max) +
                     ",\"avg\":" + std::to_string(avg) +
                     ",\"totalFiles\":" + std::to_string(sizes.size()) +
                     ",\"totalSize\":" + std::to_string(total) + "}";
  return QuoteJsonString(json);
}

}  // namespace

Result<OptimizeTableResult> OptimizeTable(duck::Connection* con,
                                          const OptimizeTableOptions& options) {
  const std::string& root = options.table_root;
  LogStore store(std::make_shared<storage::LocalFileSystem>(), root);
  INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadSnapshot(store, con));
  INGOT_RETURN_NOT_OK(CheckWritable(*snapshot, root));
  INGOT_RETURN_NOT_OK(CheckZOrderColumns(*snapshot, options));
  OptimizeTableResult out;
  out.version = snapshot->version();
  INGOT_ASSIGN_OR_RAISE(out.target_file_size, TargetFileSize(*snapshot, options));
  out.files_before = static_cast<int64_t>(snapshot->files().size());
  out.bytes_before = snapshot->total_size();
  out.files_after = out.files_before;
  out.bytes_after = out.bytes_before;
  INGOT_ASSIGN_OR_RAISE(std::vector<size_t> selected,
                        SelectFiles(con, *snapshot, root, options.partition_filter));
  if (options.only_files) {
    std::set<std::string> only(options.only_files->begin(), options.only_files->end());
    std::erase_if(selected, [&](size_t i) { return only.count(snapshot->files()[i].path) == 0; });
  }
  out.files_considered = static_cast<int64_t>(selected.size());

  // Plan: the bins of every selected partition.
  std::vector<Bin> bins;
  for (const auto& [partition, files] : GroupByPartition(*snapshot, selected)) {
    if (options.zorder_by.empty()) {
      std::vector<Bin> packed = PackBins(*snapshot, files, out.target_file_size);
      if (!packed.empty()) ++out.partitions_optimized;
      for (Bin& bin : packed) bins.push_back(std::move(bin));
    } else {
      Bin bin;
      bin.files = files;
      for (size_t index : files) bin.bytes += snapshot->files()[index].size;
      bins.push_back(std::move(bin));
      ++out.partitions_optimized;
    }
  }
  std::vector<size_t> removed;
  for (const Bin& bin : bins) removed.insert(removed.end(), bin.files.begin(), bin.files.end());
  out.files_skipped = out.files_considered - static_cast<int64_t>(removed.size());
  if (removed.empty()) return out;

  // Rewrite each bin.
  for (size_t index : removed) {
    if (snapshot->files()[index].deletion_vector) {
      ++out.deletion_vectors_removed;
    }
  }
  if (out.deletion_vectors_removed > 0) INGOT_RETURN_NOT_OK(EnsureDeletionVectorFunction(con));
  Clock* clock = options.commit.clock != nullptr ? options.commit.clock : SystemClock::Default();
  std::vector<Add> adds;
  Status written = [&]() -> Status {
    for (const Bin& bin : bins) {
      std::vector<Add> bin_adds;
      if (options.zorder_by.empty()) {
        INGOT_ASSIGN_OR_RAISE(std::string rows, RowsOf(*snapshot, root, bin.files));
        INGOT_ASSIGN_OR_RAISE(bin_adds,
                              dml::WriteRows(con, root, *snapshot, rows, kUnsplit, clock));
      } else {
        INGOT_ASSIGN_OR_RAISE(bin_adds, WriteZOrdered(con, *snapshot, root, bin, options.zorder_by,
                                                      out.target_file_size, clock));
      }
      adds.insert(adds.end(), bin_adds.begin(), bin_adds.end());
    }
    return Status::OK();
  }();
  if (!written.ok()) {
    dml::DeleteDataFiles(root, adds);
    return written.WithContext("OPTIMIZE of table ", root);
  }

  // Commit: a pure reorganisation (dataChange=false on both sides).
  CommitRequest request;
  int64_t now = clock->NowMillis();
  std::vector<int64_t> removed_sizes;
  std::vector<int64_t> added_sizes;
  for (size_t index : removed) {
    const Add& add = snapshot->files()[index];
    Remove remove = add.ToRemove(now);
    remove.data_change = false;
    request.actions.push_back(std::move(remove));
    request.read_set.files.insert(add.path);
    removed_sizes.push_back(add.size);
    out.bytes_removed += add.size;
  }
  for (Add& add : adds) {
    add.data_change = false;
    added_sizes.push_back(add.size);
    out.bytes_added += add.size;
  }
  out.files_removed = static_cast<int64_t>(removed.size());
  out.files_added = static_cast<int64_t>(adds.size());
  out.batches = static_cast<int64_t>(bins.size());
  out.files_after = out.files_before - out.files_removed + out.files_added;
  out.bytes_after = out.bytes_before - out.bytes_removed + out.bytes_added;

  std::string zorder_json = "[";
  for (size_t i = 0; i < options.zorder_by.size(); ++i) {
    zorder_json += (i > 0 ? "," : "") + QuoteJsonString(options.zorder_by[i]);
  }
  zorder_json += "]";
  request.operation = "OPTIMIZE";
  request.operation_parameters = {
      {"predicate", QuoteJsonString(options.partition_filter.empty()
                                        ? "[]"
                                        : "[" + QuoteJsonString(options.partition_filter) + "]")},
      {"zOrderBy", QuoteJsonString(zorder_json)},
      {"auto", "false"}};
  request.operation_metrics = {
      {"numFilesAdded", dml::MetricJson(out.files_added)},
      {"numFilesRemoved", dml::MetricJson(out.files_removed)},
      {"filesAdded", FileSetMetric(added_sizes)},
      {"filesRemoved", FileSetMetric(removed_sizes)},
      {"partitionsOptimized", dml::MetricJson(out.partitions_optimized)},
      {"numBatches", dml::MetricJson(out.batches)},
      {"totalConsideredFiles", dml::MetricJson(out.files_considered)},
      {"totalFilesSkipped", dml::MetricJson(out.files_skipped)},
      {"numDeletionVectorsRemoved", dml::MetricJson(out.deletion_vectors_removed)}};
  dml::RewritePlan plan;
  plan.adds = std::move(adds);
  INGOT_ASSIGN_OR_RAISE(out.version, dml::CommitRewrite(con, root, *snapshot, plan,
                                                        std::move(request), options.commit));
  out.committed = true;
  return out;
}

}  // namespace ingot::delta
