#include "duck/scalar_function.h"

#include <cstring>

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
      duckdb_scalar_function_set_error(info, internal::FunctionErrorText(result.status()).c_str());
      return;
    }
    duckdb_vector_assign_string_element_len(output, row, result->data(), result->size());
  }
}

void DeleteFilter(void* state) { delete static_cast<Int64FilterFunction*>(state); }

// Whether two string_t entries are bytewise equal (the same inlined text or the same pointer).
bool SameEntry(const duckdb_string_t& a, const duckdb_string_t& b) {
  static_assert(sizeof(duckdb_string_t) == 16);
  uint64_t x[2], y[2];
  std::memcpy(x, &a, 16);
  std::memcpy(y, &b, 16);
  return ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
}

void InvokeFilter(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector output) {
  auto* function = static_cast<Int64FilterFunction*>(duckdb_scalar_function_get_extra_info(info));
  const idx_t rows = duckdb_data_chunk_get_size(input);
  duckdb_vector keys = duckdb_data_chunk_get_vector(input, 0);
  duckdb_vector values = duckdb_data_chunk_get_vector(input, 1);
  uint64_t* key_validity = duckdb_vector_get_validity(keys);
  auto* key_data = static_cast<duckdb_string_t*>(duckdb_vector_get_data(keys));
  const auto* value_data = static_cast<const int64_t*>(duckdb_vector_get_data(values));
  auto* keep = static_cast<bool*>(duckdb_vector_get_data(output));
  // The input is flattened: a constant key is the same string_t (same bytes) in every row, so
  // runs are found by comparing the 16-byte entries, and the text only where they differ.
  idx_t start = 0;
  while (start < rows) {
    if (key_validity != nullptr && !duckdb_validity_row_is_valid(key_validity, start)) {
      duckdb_scalar_function_set_error(info, "the filter key is NULL");
      return;
    }
    std::string_view key(duckdb_string_t_data(&key_data[start]),
                         duckdb_string_t_length(key_data[start]));
    idx_t end = start + 1;
    auto same_key = [&](idx_t row) {
      if (key_validity != nullptr && !duckdb_validity_row_is_valid(key_validity, row)) {
        return false;
      }
      return SameEntry(key_data[row], key_data[start]) ||
             std::string_view(duckdb_string_t_data(&key_data[row]),
                              duckdb_string_t_length(key_data[row])) == key;
    };
    if (key_validity == nullptr) {
      while (end < rows && SameEntry(key_data[end], key_data[start])) ++end;
    }
    while (end < rows && same_key(end)) ++end;
    Status status = (*function)(key, value_data + start, end - start, keep + start);
    if (!status.ok()) {
      duckdb_scalar_function_set_error(info, internal::FunctionErrorText(status).c_str());
      return;
    }
    start = end;
  }
  uint64_t* value_validity = duckdb_vector_get_validity(values);
  if (value_validity != nullptr) {
    duckdb_vector_ensure_validity_writable(output);
    uint64_t* out_validity = duckdb_vector_get_validity(output);
    for (idx_t row = 0; row < rows; ++row) {
      if (!duckdb_validity_row_is_valid(value_validity, row)) {
        duckdb_validity_set_row_invalid(out_validity, row);
      }
    }
  }
}

// Registers `fn` on the connection's database and destroys the builder.
Status RegisterAndDestroy(Connection* con, const std::string& name, duckdb_scalar_function* fn) {
  duckdb_state state = duckdb_register_scalar_function(con->impl()->con, *fn);
  duckdb_destroy_scalar_function(fn);
  if (state == DuckDBError) {
    return Status::InvalidArgument("cannot register SQL function ", name,
                                   " (a function of that name and arity exists?)");
  }
  return Status::OK();
}

}  // namespace

Status RegisterInt64FilterFunction(Connection* con, const std::string& name,
                                   Int64FilterFunction function) {
  duckdb_scalar_function fn = duckdb_create_scalar_function();
  duckdb_scalar_function_set_name(fn, name.c_str());
  internal::LogicalType varchar(duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR));
  internal::LogicalType bigint(duckdb_create_logical_type(DUCKDB_TYPE_BIGINT));
  internal::LogicalType boolean(duckdb_create_logical_type(DUCKDB_TYPE_BOOLEAN));
  duckdb_scalar_function_add_parameter(fn, varchar.get());
  duckdb_scalar_function_add_parameter(fn, bigint.get());
  duckdb_scalar_function_set_return_type(fn, boolean.get());
  // A NULL key reaches the callback (an error) instead of folding the filter to NULL.
  duckdb_scalar_function_set_special_handling(fn);
  duckdb_scalar_function_set_extra_info(fn, new Int64FilterFunction(std::move(function)),
                                        DeleteFilter);
  duckdb_scalar_function_set_function(fn, InvokeFilter);
  return RegisterAndDestroy(con, name, &fn);
}

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
  return RegisterAndDestroy(con, name, &fn);
}

}  // namespace ingot::duck
