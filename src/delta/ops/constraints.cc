#include "delta/ops/constraints.h"

#include <optional>

#include "common/macros.h"
#include "delta/log/column_mapping.h"
#include "delta/ops/dml_internal.h"
#include "duck/connection.h"
#include "duck/query_result.h"

namespace ingot::delta {
namespace {

std::vector<std::string> NotNullColumns(const DataType& schema) {
  std::vector<std::string> out;
  for (const StructField& field : schema.fields()) {
    if (!field.nullable) out.push_back(field.name);
  }
  return out;
}

// "id=3, amount=-5" for the first row of `sql`, or nullopt when it has none.
Result<std::optional<std::string>> FirstRow(duck::Connection* con, const std::string& sql) {
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query(sql));
  INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
  if (chunk == nullptr || chunk->size() == 0) return std::optional<std::string>();
  std::string row;
  for (size_t c = 0; c < result->column_count(); ++c) {
    if (result->ColumnName(c) == dml::kPathColumn || result->ColumnName(c) == dml::kRowColumn) {
      continue;
    }
    row += (row.empty() ? "" : ", ") + result->ColumnName(c) + "=" + chunk->ToString(c, 0);
  }
  return std::optional<std::string>(row);
}

}  // namespace

std::vector<Constraint> CheckConstraints(const Metadata& metadata) {
  std::vector<Constraint> out;
  const std::string prefix = kConstraintPropertyPrefix;
  for (const auto& [key, value] : metadata.configuration) {
    if (key.starts_with(prefix)) out.push_back({key.substr(prefix.size()), value});
  }
  return out;
}

Status CheckRowsSatisfyConstraints(duck::Connection* con, const std::string& table,
                                   const Metadata& metadata, const DataType& schema,
                                   const std::string& rows_sql) {
  for (const std::string& column : NotNullColumns(schema)) {
    INGOT_ASSIGN_OR_RAISE(auto row,
                          FirstRow(con, "SELECT * FROM (" + rows_sql + ") WHERE " +
                                            duck::QuoteIdentifier(column) + " IS NULL LIMIT 1"));
    if (row) {
      return Status::InvalidArgument("table ", table, ": NOT NULL column '", column,
                                     "' is NULL in row ", *row);
    }
  }
  for (const Constraint& constraint : CheckConstraints(metadata)) {
    auto row = FirstRow(con, "SELECT * FROM (" + rows_sql + ") WHERE NOT coalesce((" +
                                 constraint.expression + "), false) LIMIT 1");
    if (!row.ok()) {
      return Status::InvalidArgument("table ", table, ": CHECK constraint ", constraint.name, " (",
                                     constraint.expression,
                                     ") cannot be evaluated: ", row.status().message());
    }
    if (*row) {
      return Status::InvalidArgument("table ", table, ": CHECK constraint ", constraint.name, " (",
                                     constraint.expression, ") violated by row ", **row);
    }
  }
  return Status::OK();
}

Status CheckWrittenFilesSatisfyConstraints(duck::Connection* con, const std::string& root,
                                           const Metadata& metadata, const DataType& schema,
                                           const std::vector<Add>& adds) {
  if (adds.empty() || (CheckConstraints(metadata).empty() && NotNullColumns(schema).empty())) {
    return Status::OK();
  }
  std::vector<const Add*> files;
  for (const Add& add : adds) files.push_back(&add);
  Status status = [&]() -> Status {
    INGOT_ASSIGN_OR_RAISE(ColumnMappingMode mode, ColumnMappingModeOf(metadata));
    if (mode == ColumnMappingMode::kNone) {
      INGOT_ASSIGN_OR_RAISE(std::string rows,
                            dml::FileScanSql(root, schema, metadata.partition_columns, files));
      return CheckRowsSatisfyConstraints(con, root, metadata, schema, rows);
    }
    // Column mapping: the files (and partition values) use physical names; read them by those
    // and rename the top-level columns back to the names constraints use.
    INGOT_ASSIGN_OR_RAISE(DataType physical, PhysicalType(schema));
    std::vector<std::string> partitions;
    for (const std::string& column : metadata.partition_columns) {
      const StructField* field = schema.FindField(column);
      if (field == nullptr) {
        return Status::Corruption("partition column '", column, "' of table ", root,
                                  " is not in its schema");
      }
      INGOT_ASSIGN_OR_RAISE(std::string name, PhysicalName(*field));
      partitions.push_back(std::move(name));
    }
    INGOT_ASSIGN_OR_RAISE(std::string scan, dml::FileScanSql(root, physical, partitions, files));
    std::string renamed;
    for (const StructField& field : schema.fields()) {
      INGOT_ASSIGN_OR_RAISE(std::string name, PhysicalName(field));
      renamed += (renamed.empty() ? "" : ", ") + duck::QuoteIdentifier(name) + " AS " +
                 duck::QuoteIdentifier(field.name);
    }
    return CheckRowsSatisfyConstraints(con, root, metadata, schema,
                                       "SELECT " + renamed + " FROM (" + scan + ")");
  }();
  if (!status.ok()) dml::DeleteDataFiles(root, adds);
  return status;
}

}  // namespace ingot::delta
