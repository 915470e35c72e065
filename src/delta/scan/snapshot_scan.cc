#include "delta/scan/snapshot_scan.h"

#include "common/macros.h"
#include "delta/log/column_mapping.h"
#include "delta/scan/scan_sql.h"
#include "delta/snapshot/snapshot.h"

namespace ingot::delta {

Result<std::string> SnapshotScanSql(const Snapshot& snapshot, const std::string& table_root) {
  INGOT_ASSIGN_OR_RAISE(ColumnMappingMode column_mapping, ColumnMappingModeOf(snapshot.metadata()));
  return ScanSql({.table_root = table_root,
                  .schema = snapshot.schema(),
                  .partition_columns = snapshot.partition_columns(),
                  .files = snapshot.files(),
                  .version = snapshot.version(),
                  .column_mapping = column_mapping});
}

}  // namespace ingot::delta
