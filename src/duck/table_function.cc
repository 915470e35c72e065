#include "duck/table_function.h"

#include <algorithm>

#include "duck/duck_internal.h"

namespace ingot::duck {
namespace {

struct FunctionState {
  Int64RowsFunction function;
  size_t arity;
  std::string column;
};

struct BindData {
  std::vector<int64_t> rows;
};

struct ScanState {
  size_t next = 0;
};

void DeleteFunctionState(void* state) { delete static_cast<FunctionState*>(state); }
void DeleteBindData(void* data) { delete static_cast<BindData*>(data); }
void DeleteScanState(void* state) { delete static_cast<ScanState*>(state); }

std::optional<std::string> ParameterText(duckdb_bind_info info, idx_t index) {
  duckdb_value value = duckdb_bind_get_parameter(info, index);
  std::optional<std::string> text;
  if (value != nullptr && !duckdb_is_null_value(value)) {
    text = internal::TakeDuckString(duckdb_get_varchar(value));
  }
  if (value != nullptr) duckdb_destroy_value(&value);
  return text;
}

void Bind(duckdb_bind_info info) {
  auto* state = static_cast<FunctionState*>(duckdb_bind_get_extra_info(info));
  std::vector<std::optional<std::string>> args;
  for (size_t i = 0; i < state->arity; ++i) args.push_back(ParameterText(info, i));
  Result<std::vector<int64_t>> rows = state->function(args);
  if (!rows.ok()) {
    internal::RememberFunctionError(rows.status());
    duckdb_bind_set_error(info, rows.status().message().c_str());
    return;
  }
  internal::LogicalType bigint(duckdb_create_logical_type(DUCKDB_TYPE_BIGINT));
  duckdb_bind_add_result_column(info, state->column.c_str(), bigint.get());
  duckdb_bind_set_cardinality(info, rows->size(), true);
  duckdb_bind_set_bind_data(info, new BindData{std::move(*rows)}, DeleteBindData);
}

void Init(duckdb_init_info info) {
  duckdb_init_set_init_data(info, new ScanState, DeleteScanState);
}

void Scan(duckdb_function_info info, duckdb_data_chunk output) {
  auto* data = static_cast<BindData*>(duckdb_function_get_bind_data(info));
  auto* scan = static_cast<ScanState*>(duckdb_function_get_init_data(info));
  size_t count = std::min<size_t>(duckdb_vector_size(), data->rows.size() - scan->next);
  auto* out =
      static_cast<int64_t*>(duckdb_vector_get_data(duckdb_data_chunk_get_vector(output, 0)));
  std::copy_n(data->rows.begin() + static_cast<ptrdiff_t>(scan->next), count, out);
  scan->next += count;
  duckdb_data_chunk_set_size(output, count);
}

}  // namespace

Status RegisterInt64RowsFunction(Connection* con, const std::string& name, size_t arity,
                                 const std::string& column, Int64RowsFunction function) {
  duckdb_table_function fn = duckdb_create_table_function();
  duckdb_table_function_set_name(fn, name.c_str());
  internal::LogicalType varchar(duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR));
  for (size_t i = 0; i < arity; ++i) duckdb_table_function_add_parameter(fn, varchar.get());
  duckdb_table_function_set_extra_info(fn, new FunctionState{std::move(function), arity, column},
                                       DeleteFunctionState);
  duckdb_table_function_set_bind(fn, Bind);
  duckdb_table_function_set_init(fn, Init);
  duckdb_table_function_set_function(fn, Scan);
  duckdb_state state = duckdb_register_table_function(con->impl()->con, fn);
  duckdb_destroy_table_function(&fn);
  if (state == DuckDBError) {
    return Status::InvalidArgument("cannot register table function ", name,
                                   " (a function of that name and arity exists?)");
  }
  return Status::OK();
}

}  // namespace ingot::duck
