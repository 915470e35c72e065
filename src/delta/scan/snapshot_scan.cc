#include "delta/scan/snapshot_scan.h"

#include "common/macros.h"
#include "delta/log/column_mapping.h"
#include "delta/scan/data_skipping.h"
#include "delta/scan/scan_sql.h"
#include "delta/snapshot/snapshot.h"

namespace ingot::delta {

Result<ScanInput> SnapshotScanInput(const Snapshot& snapshot, const std::string& table_root) {
  INGOT_ASSIGN_OR_RAISE(ColumnMappingMode column_mapping, ColumnMappingModeOf(snapshot.metadata()));
  return ScanInput{.table_root = table_root,
                   .schema = snapshot.schema(),
                   .partition_columns = snapshot.partition_columns(),
                   .files = snapshot.files(),
                   .version = snapshot.version(),
                   .column_mapping = column_mapping};
}

Result<std::string> SnapshotScanSql(const Snapshot& snapshot, const std::string& table_root) {
  INGOT_ASSIGN_OR_RAISE(ScanInput input, SnapshotScanInput(snapshot, table_root));
  return ScanSql(input);
}

Result<std::string> FilteredSnapshotScanSql(duck::Connection* con, const Snapshot& snapshot,
                                            const std::string& table_root, std::string_view filter,
                                            ScanReport* report) {
  INGOT_ASSIGN_OR_RAISE(ScanInput input, SnapshotScanInput(snapshot, table_root));
  ScanReport totals{
      .table = table_root, .version = snapshot.version(), .filter = std::string(filter)};
  totals.files_total = static_cast<int64_t>(input.files.size());
  for (const Add& add : input.files) totals.bytes_total += add.size;
  if (!filter.empty()) {
    Result<SkippingResult> skipping = SkipFiles(con, input, filter);
    if (!skipping.ok()) {
      return skipping.status().WithContext("table '", table_root, "' version ", snapshot.version(),
                                           ": filter");
    }
    std::vector<Add> kept;
    for (size_t i = 0; i < input.files.size(); ++i) {
      if (skipping->may_match[i]) kept.push_back(std::move(input.files[i]));
    }
    input.files = std::move(kept);
  }
  totals.files_scanned = static_cast<int64_t>(input.files.size());
  for (const Add& add : input.files) totals.bytes_scanned += add.size;
  if (report != nullptr) *report = std::move(totals);
  INGOT_ASSIGN_OR_RAISE(std::string sql, ScanSql(input));
  if (filter.empty()) return sql;
  // The newline ends a trailing "--" comment in the filter.
  return "SELECT * FROM (" + sql + ") WHERE (" + std::string(filter) + "\n)";
}

}  // namespace ingot::delta
