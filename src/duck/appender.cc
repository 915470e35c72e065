#include "duck/appender.h"

#include <string>

#include "duck/duck_internal.h"

namespace ingot::duck {

Appender::Appender(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Appender::~Appender() = default;

namespace {

Status Check(duckdb_appender appender, duckdb_state state, const std::string& table) {
  if (state == DuckDBError) {
    const char* error = duckdb_appender_error(appender);
    return internal::StatusFromDuckMessage(error != nullptr ? error : "append failed")
        .WithContext("appending to table '", table, "'");
  }
  return Status::OK();
}

}  // namespace

Status Appender::AppendNull() {
  return Check(impl_->appender, duckdb_append_null(impl_->appender), impl_->table);
}
Status Appender::AppendBool(bool value) {
  return Check(impl_->appender, duckdb_append_bool(impl_->appender, value), impl_->table);
}
Status Appender::AppendInt64(int64_t value) {
  return Check(impl_->appender, duckdb_append_int64(impl_->appender, value), impl_->table);
}
Status Appender::AppendDouble(double value) {
  return Check(impl_->appender, duckdb_append_double(impl_->appender, value), impl_->table);
}
Status Appender::AppendString(std::string_view value) {
  return Check(impl_->appender,
               duckdb_append_varchar_length(impl_->appender, value.data(), value.size()),
               impl_->table);
}
Status Appender::EndRow() {
  return Check(impl_->appender, duckdb_appender_end_row(impl_->appender), impl_->table);
}
Status Appender::Flush() {
  return Check(impl_->appender, duckdb_appender_flush(impl_->appender), impl_->table);
}
Status Appender::Close() {
  return Check(impl_->appender, duckdb_appender_close(impl_->appender), impl_->table);
}

}  // namespace ingot::duck
