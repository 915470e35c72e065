#include "pipeline/event_log.h"

#include <nlohmann/json.hpp>

#include "common/macros.h"
#include "delta/ops/create_table.h"
#include "delta/ops/write_table.h"
#include "duck/connection.h"
#include "pipeline/warehouse.h"

namespace ingot::pipeline {
namespace {

std::string Row(const RunReport& run, const std::string& kind, const std::string& table,
                const std::string& status, double seconds, const TableReport* t,
                const std::string& message, const std::string& details) {
  auto q = [](const std::string& s) { return duck::QuoteLiteral(s); };
  auto n = [](int64_t v) { return std::to_string(v); };
  std::string out = "(" + q(run.run_id) + ", " + q(run.pipeline) + ", " + q(kind) + ", " +
                    (table.empty() ? "NULL" : q(table)) + ", " + q(status) + ", TIMESTAMP " +
                    q(run.started_at) + ", " + std::to_string(seconds) + ", ";
  if (t != nullptr) {
    out += n(t->rows_in) + ", " + n(t->rows_written) + ", " + n(t->rows_dropped) + ", " +
           n(t->rows_quarantined) + ", " + n(t->rows_warned) + ", " +
           (t->version >= 0 ? n(t->version) : "NULL");
  } else {
    int64_t in = 0, written = 0, dropped = 0, quarantined = 0, warned = 0;
    for (const TableReport& r : run.tables) {
      in += r.rows_in;
      written += r.rows_written;
      dropped += r.rows_dropped;
      quarantined += r.rows_quarantined;
      warned += r.rows_warned;
    }
    out += n(in) + ", " + n(written) + ", " + n(dropped) + ", " + n(quarantined) + ", " +
           n(warned) + ", NULL";
  }
  return out + ", " + (message.empty() ? "NULL" : q(message)) + ", " + q(details) + ")";
}

}  // namespace

Status AppendRunEvents(duck::Connection* con, const std::string& warehouse,
                       const RunReport& report) {
  std::string run_status = report.status.ok() ? "succeeded" : "failed";
  nlohmann::json run_details = {{"tables", report.tables.size()}};
  std::string rows = Row(report, "run", "", run_status, report.seconds, nullptr,
                         report.status.ok() ? "" : report.status.message(), run_details.dump());
  for (const TableReport& t : report.tables) {
    nlohmann::json expectations = nlohmann::json::array();
    for (const ExpectationReport& e : t.expectations) {
      expectations.push_back(
          {{"name", e.name}, {"action", e.action}, {"failed_rows", e.failed_rows}});
    }
    nlohmann::json details = {
        {"mode", t.mode}, {"files_read", t.files_read}, {"expectations", expectations}};
    rows += ",\n" + Row(report, "table", t.id, t.status, t.seconds, &t, t.note, details.dump());
  }
  std::string sql =
      "SELECT * FROM (VALUES " + rows +
      ") AS t(run_id, pipeline, kind, table_name, status, started_at, seconds, rows_in, "
      "rows_written, rows_dropped, rows_quarantined, rows_warned, version, message, details)";
  // Fix the column types whatever the literals look like (NULL-only columns, ...).
  sql =
      "SELECT run_id::VARCHAR AS run_id, pipeline::VARCHAR AS pipeline, kind::VARCHAR AS kind, "
      "table_name::VARCHAR AS table_name, status::VARCHAR AS status, started_at::TIMESTAMP AS "
      "started_at, seconds::DOUBLE AS seconds, rows_in::BIGINT AS rows_in, rows_written::BIGINT "
      "AS rows_written, rows_dropped::BIGINT AS rows_dropped, rows_quarantined::BIGINT AS "
      "rows_quarantined, rows_warned::BIGINT AS rows_warned, version::BIGINT AS version, "
      "message::VARCHAR AS message, details::VARCHAR AS details FROM (" +
      sql + ")";
  std::string root = EventLogPath(warehouse);
  if (!DeltaTableExists(root)) {
    delta::CreateTableOptions create;
    create.table_root = root;
    INGOT_ASSIGN_OR_RAISE(create.schema, delta::SchemaOfQuery(con, sql, false));
    create.name = "_ingot.events";
    auto created = delta::CreateTable(con, create);
    if (!created.ok() && !created.status().IsAlreadyExists()) return created.status();
  }
  delta::WriteTableOptions write;
  write.table_root = root;
  write.source_sql = sql;
  return delta::WriteTable(con, write).status();
}

}  // namespace ingot::pipeline
