#include "delta/ops/change_data_writer.h"

#include <filesystem>
#include <system_error>

#include "common/macros.h"
#include "common/uri.h"
#include "delta/ops/data_writer.h"
#include "duck/connection.h"

namespace ingot::delta::dml {

bool WritesChangeData(const Snapshot& snapshot) {
  return snapshot.Config("delta.enableChangeDataFeed") == "true";
}

std::string WithChangeType(const std::string& rows_sql, const std::string& change_type) {
  return "SELECT *, " + duck::QuoteLiteral(change_type) + " AS " + kChangeTypeColumn + " FROM (" +
         rows_sql + ")";
}

Result<std::vector<AddCDCFile>> WriteChangeData(duck::Connection* con, const std::string& root,
                                                const DataType& schema,
                                                const std::vector<std::string>& partition_columns,
                                                const std::string& rows_sql, Clock* clock) {
  std::vector<StructField> fields = schema.fields();
  fields.push_back({.name = kChangeTypeColumn, .type = DataType(TypeKind::kString)});
  const std::string dir = JoinPath(root, kChangeDataDir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create ", dir, ": ", ec.message());
  DataWriteOptions write{.table_root = dir,
                         .source_sql = rows_sql,
                         .schema = DataType::Struct(std::move(fields)),
                         .partition_columns = partition_columns,
                         .clock = clock};
  INGOT_ASSIGN_OR_RAISE(std::vector<Add> files, WriteDataFiles(con, write));
  std::vector<AddCDCFile> out;
  for (Add& file : files) {
    out.push_back({.path = std::string(kChangeDataDir) + "/" + file.path,
                   .partition_values = std::move(file.partition_values),
                   .size = file.size,
                   .data_change = false});
  }
  return out;
}

}  // namespace ingot::delta::dml
