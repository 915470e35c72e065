#include "duck/scalar_function.h"

#include "duck/duck_internal.h"

namespace ingot::duck {
namespace {

struct FunctionState {
  TextFunction function;
  size_t arity;
};

void DeleteState(void* state) { delete static_cast<FunctionState*>(state); }

std::optional<std::string> ReadText(duckdb_vector vector, idx_t row) {
  uint64_t* validity = duckdb_vector_get_validity(vector);
  if (validity != nullptr && !duckdb_validity_row_is_valid(validity, row)) return std::nullopt;
  auto* strings = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
  return std::string(duckdb_string_t_data(&strings[row]), duckdb_string_t_length(strings[row]));
}

void Invoke(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector output) {
  auto* state = static_cast<FunctionState*>(duckdb_scalar_function_get_extra_info(info));
  idx_t rows = duckdb_data_chunk_get_size(input);
  std::vector<duckdb_vector> columns;
  for (size_t i = 0; i < state->arity; ++i)
    columns.push_back(duckdb_data_chunk_get_vector(input, i));
  std::vector<std::optional<std::string>> args(state->arity);
  for (idx_t row = 0; row < rows; ++row) {
    for (size_t i = 0; i < state->arity; ++i) args[i] = ReadText(columns[i], row);
    Result<std::string> result = state->function(args);
    if (!result.ok()) {
      internal::RememberFunctionError(result.status());
      duckdb_scalar_function_set_error(info, result.status().message().c_str());
      return;
    }
    duckdb_vector_assign_string_element_len(output, row, result->data(), result->size());
  }
}

}  // namespace

Status RegisterTextFunction(Connection* con, const std::string& name, size_t arity,
                            TextFunction function) {
  duckdb_scalar_function fn = duckdb_create_scalar_function();
  duckdb_scalar_function_set_name(fn, name.c_str());
  internal::LogicalType varchar(duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR));
  for (size_t i = 0; i < arity; ++i) duckdb_scalar_function_add_parameter(fn, varchar.get());
  duckdb_scalar_function_set_return_type(fn, varchar.get());
  // NULL arguments reach the callback instead of short-circuiting to NULL.
  duckdb_scalar_function_set_special_handling(fn);
  duckdb_scalar_function_set_extra_info(fn, new FunctionState{std::move(function), arity},
                                        DeleteState);
  duckdb_scalar_function_set_function(fn, Invoke);
  duckdb_state state = duckdb_register_scalar_function(con->impl()->con, fn);
  duckdb_destroy_scalar_function(&fn);
  if (state == DuckDBError) {
    return Status::InvalidArgument("cannot register SQL function ", name,
                                   " (a function of that name and arity exists?)");
  }
  return Status::OK();
}

}  // namespace ingot::duck
