#include "duck/prepared_statement.h"

#include <string>

#include "common/macros.h"
#include "duck/duck_internal.h"

namespace ingot::duck {
namespace {

Status CheckBind(duckdb_state state, size_t index, size_t count) {
  if (state == DuckDBError) {
    return Status::InvalidArgument("cannot bind parameter $", index, " (the statement has ", count,
                                   " parameters)");
  }
  return Status::OK();
}

}  // namespace

PreparedStatement::PreparedStatement(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PreparedStatement::~PreparedStatement() = default;

size_t PreparedStatement::parameter_count() const { return duckdb_nparams(impl_->stmt); }

Status PreparedStatement::BindNull(size_t index) {
  return CheckBind(duckdb_bind_null(impl_->stmt, index), index, parameter_count());
}
Status PreparedStatement::BindBool(size_t index, bool value) {
  return CheckBind(duckdb_bind_boolean(impl_->stmt, index, value), index, parameter_count());
}
Status PreparedStatement::BindInt64(size_t index, int64_t value) {
  return CheckBind(duckdb_bind_int64(impl_->stmt, index, value), index, parameter_count());
}
Status PreparedStatement::BindDouble(size_t index, double value) {
  return CheckBind(duckdb_bind_double(impl_->stmt, index, value), index, parameter_count());
}
Status PreparedStatement::BindString(size_t index, std::string_view value) {
  return CheckBind(duckdb_bind_varchar_length(impl_->stmt, index, value.data(), value.size()),
                   index, parameter_count());
}
Status PreparedStatement::BindBlob(size_t index, std::string_view bytes) {
  return CheckBind(duckdb_bind_blob(impl_->stmt, index, bytes.data(), bytes.size()), index,
                   parameter_count());
}
Status PreparedStatement::Clear() {
  if (duckdb_clear_bindings(impl_->stmt) == DuckDBError) {
    return Status::Internal("cannot clear bindings");
  }
  return Status::OK();
}

Result<std::unique_ptr<QueryResult>> PreparedStatement::Execute() {
  duckdb_result result;
  duckdb_state state = duckdb_execute_prepared_streaming(impl_->stmt, &result);
  return internal::MakeQueryResult(&result, state);
}

Result<int64_t> PreparedStatement::ExecuteUpdate() {
  duckdb_result result;
  duckdb_state state = duckdb_execute_prepared(impl_->stmt, &result);
  INGOT_ASSIGN_OR_RAISE(auto query_result, internal::MakeQueryResult(&result, state));
  return query_result->rows_changed();
}

}  // namespace ingot::duck
