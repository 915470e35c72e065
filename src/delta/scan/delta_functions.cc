#include "delta/scan/delta_functions.h"

#include <memory>

#include "common/macros.h"
#include "delta/ops/file_stats_builder.h"
#include "delta/scan/deletion_vector_scan.h"
#include "delta/scan/scan_report.h"
#include "delta/scan/snapshot_scan.h"
#include "delta/scan/table_changes.h"
#include "delta/snapshot/snapshot_loader.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "duck/scalar_function.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

Result<std::string> DeltaScanSql(duck::Database* db, ScanReportLog* reports,
                                 const std::vector<std::optional<std::string>>& args) {
  if (!args[0] || args[0]->empty()) return Status::InvalidArgument("delta_scan needs a table path");
  const std::string& path = *args[0];
  SnapshotOptions options;
  if (args[1]) {
    char* end = nullptr;
    long long version = std::strtoll(args[1]->c_str(), &end, 10);
    if (end == args[1]->c_str() || *end != '\0' || version < 0) {
      return Status::InvalidArgument("delta_scan version must be a non-negative integer, got '",
                                     *args[1], "'");
    }
    options.version = version;
  }
  if (args[2]) {
    if (options.version) {
      return Status::InvalidArgument("give delta_scan a version or a timestamp, not both");
    }
    INGOT_ASSIGN_OR_RAISE(options.timestamp_millis, ParseTimestampMillis(*args[2]));
  }
  INGOT_ASSIGN_OR_RAISE(auto con, db->Connect());
  INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadSnapshot(std::make_shared<storage::LocalFileSystem>(),
                                                    path, con.get(), options));
  ScanReport report;
  INGOT_ASSIGN_OR_RAISE(std::string sql, FilteredSnapshotScanSql(con.get(), *snapshot, path,
                                                                 args[3] ? *args[3] : "", &report));
  if (reports != nullptr) reports->Add(std::move(report));
  return sql;
}

Result<int64_t> ParseVersion(const std::optional<std::string>& text, const char* what) {
  char* end = nullptr;
  long long version = std::strtoll(text->c_str(), &end, 10);
  if (end == text->c_str() || *end != '\0' || version < 0) {
    return Status::InvalidArgument("delta_changes ", what, " must be a non-negative integer, got '",
                                   *text, "'");
  }
  return static_cast<int64_t>(version);
}

Result<std::string> DeltaChangesSql(duck::Database* db,
                                    const std::vector<std::optional<std::string>>& args) {
  if (!args[0] || args[0]->empty()) {
    return Status::InvalidArgument("delta_changes needs a table path");
  }
  if (!args[1]) return Status::InvalidArgument("delta_changes needs a first version");
  TableChangesOptions options;
  INGOT_ASSIGN_OR_RAISE(options.from_version, ParseVersion(args[1], "from_version"));
  if (args[2]) {
    INGOT_ASSIGN_OR_RAISE(options.to_version, ParseVersion(args[2], "to_version"));
  }
  INGOT_ASSIGN_OR_RAISE(auto con, db->Connect());
  return TableChangesSql(std::make_shared<storage::LocalFileSystem>(), *args[0], con.get(),
                         options);
}

}  // namespace

Result<int64_t> ParseTimestampMillis(std::string_view text) {
  std::string normalized(text);
  for (char& c : normalized) {
    if (c == 'T') c = ' ';
  }
  if (!normalized.empty() && normalized.back() == 'Z') normalized.pop_back();
  if (normalized.ends_with("+00:00")) normalized.resize(normalized.size() - 6);
  if (normalized.size() == 10) normalized += " 00:00:00";
  auto micros = ParseTimestampMicros(normalized);
  if (!micros.ok()) {
    return Status::InvalidArgument("'", text,
                                   "' is not an ISO-8601 timestamp (expected e.g. "
                                   "'2026-11-21 10:00:00' or '2026-11-21T10:00:00Z', in UTC)");
  }
  int64_t floor_div = *micros / 1000 - (*micros % 1000 < 0 ? 1 : 0);
  return floor_div;
}

Status RegisterDeltaFunctions(duck::Database* db, duck::Connection* con,
                              std::shared_ptr<ScanReportLog> reports) {
  INGOT_RETURN_NOT_OK(
      RegisterDeletionVectorFunction(con, std::make_shared<storage::LocalFileSystem>()));
  INGOT_RETURN_NOT_OK(duck::RegisterTextFunction(
      con, "ingot_delta_scan_sql", 4,
      [db, reports](const std::vector<std::optional<std::string>>& args) {
        return DeltaScanSql(db, reports.get(), args);
      }));
  INGOT_RETURN_NOT_OK(duck::RegisterTextFunction(
      con, "ingot_delta_changes_sql", 3, [db](const std::vector<std::optional<std::string>>& args) {
        return DeltaChangesSql(db, args);
      }));
  INGOT_RETURN_NOT_OK(con->Execute(
      "CREATE OR REPLACE MACRO delta_changes(path, from_version, to_version := NULL) AS TABLE "
      "SELECT * FROM query(ingot_delta_changes_sql(path, CAST(from_version AS VARCHAR), "
      "CAST(to_version AS VARCHAR)))"));
  return con->Execute(
      "CREATE OR REPLACE MACRO delta_scan(path, version := NULL, \"timestamp\" := NULL, "
      "\"filter\" := NULL) AS TABLE "
      "SELECT * FROM query(ingot_delta_scan_sql(path, CAST(version AS VARCHAR), "
      "CAST(\"timestamp\" AS VARCHAR), CAST(\"filter\" AS VARCHAR)))");
}

}  // namespace ingot::delta
