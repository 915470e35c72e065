#include "pipeline/warehouse.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "common/macros.h"
#include "duck/connection.h"

namespace ingot::pipeline {

namespace fs = std::filesystem;

std::string TablePath(const std::string& warehouse, const std::string& layer,
                      const std::string& name) {
  return (fs::path(warehouse) / layer / name).string();
}

std::string EventLogPath(const std::string& warehouse) {
  return (fs::path(warehouse) / "_ingot" / "events").string();
}

bool DeltaTableExists(const std::string& root) {
  std::error_code ec;
  fs::path log = fs::path(root) / "_delta_log";
  if (!fs::is_directory(log, ec)) return false;
  for (const auto& entry : fs::directory_iterator(log, ec)) {
    if (entry.path().extension() == ".json" || entry.path().extension() == ".parquet") return true;
  }
  return false;
}

std::vector<std::string> ListWarehouseTables(const std::string& warehouse) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& layer : fs::directory_iterator(warehouse, ec)) {
    if (!layer.is_directory() || layer.path().filename().string().rfind('_', 0) == 0) continue;
    std::error_code inner;
    for (const auto& table : fs::directory_iterator(layer.path(), inner)) {
      if (table.is_directory() && DeltaTableExists(table.path().string())) {
        out.push_back(layer.path().filename().string() + "." + table.path().filename().string());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status AttachWarehouse(duck::Connection* con, const std::string& warehouse,
                       const std::set<std::string>* only) {
  std::error_code ec;
  if (!fs::is_directory(warehouse, ec)) {
    return Status::NotFound("warehouse '", warehouse, "' is not a directory");
  }
  std::set<std::string> layers;
  std::string sql;
  for (const std::string& id : ListWarehouseTables(warehouse)) {
    if (only != nullptr && only->count(id) == 0) continue;
    size_t dot = id.find('.');
    std::string layer = id.substr(0, dot);
    std::string name = id.substr(dot + 1);
    if (layers.insert(layer).second) {
      sql += "CREATE SCHEMA IF NOT EXISTS " + duck::QuoteIdentifier(layer) + ";\n";
    }
    sql += "CREATE OR REPLACE VIEW " + duck::QuoteIdentifier(layer) + "." +
           duck::QuoteIdentifier(name) + " AS SELECT * FROM delta_scan(" +
           duck::QuoteLiteral(TablePath(warehouse, layer, name)) + ");\n";
  }
  if (only == nullptr && DeltaTableExists(EventLogPath(warehouse))) {
    sql +=
        "CREATE SCHEMA IF NOT EXISTS _ingot;\nCREATE OR REPLACE VIEW _ingot.events AS SELECT * "
        "FROM delta_scan(" +
        duck::QuoteLiteral(EventLogPath(warehouse)) + ");\n";
  }
  if (sql.empty()) return Status::OK();
  return con->Execute(sql);
}

}  // namespace ingot::pipeline
