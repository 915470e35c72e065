#include "duck/query_result.h"

#include "duck/duck_internal.h"
#include "duck/value_format.h"

namespace ingot::duck {

struct DataChunk::Impl {
  duckdb_data_chunk chunk = nullptr;
  std::shared_ptr<const std::vector<ColumnType>> types;
  std::vector<duckdb_vector> vectors;
  ~Impl() {
    if (chunk != nullptr) duckdb_destroy_data_chunk(&chunk);
  }
  template <typename T>
  T Read(size_t col, size_t row) const {
    return static_cast<const T*>(duckdb_vector_get_data(vectors[col]))[row];
  }
};

DataChunk::DataChunk(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DataChunk::~DataChunk() = default;

size_t DataChunk::size() const { return duckdb_data_chunk_get_size(impl_->chunk); }
size_t DataChunk::column_count() const { return impl_->vectors.size(); }

bool DataChunk::IsNull(size_t col, size_t row) const {
  uint64_t* validity = duckdb_vector_get_validity(impl_->vectors[col]);
  return validity != nullptr && !duckdb_validity_row_is_valid(validity, row);
}

int64_t DataChunk::GetInt64(size_t col, size_t row) const {
  switch ((*impl_->types)[col].id) {
    case TypeId::kBoolean:
      return impl_->Read<bool>(col, row) ? 1 : 0;
    case TypeId::kTinyInt:
      return impl_->Read<int8_t>(col, row);
    case TypeId::kSmallInt:
      return impl_->Read<int16_t>(col, row);
    case TypeId::kInteger:
    case TypeId::kDate:
      return impl_->Read<int32_t>(col, row);
    case TypeId::kUTinyInt:
      return impl_->Read<uint8_t>(col, row);
    case TypeId::kUSmallInt:
      return impl_->Read<uint16_t>(col, row);
    case TypeId::kUInteger:
      return impl_->Read<uint32_t>(col, row);
    case TypeId::kUBigInt:
      return static_cast<int64_t>(impl_->Read<uint64_t>(col, row));
    case TypeId::kHugeInt:
      return static_cast<int64_t>(impl_->Read<duckdb_hugeint>(col, row).lower);
    default:
      return impl_->Read<int64_t>(col, row);
  }
}

double DataChunk::GetDouble(size_t col, size_t row) const {
  const ColumnType& type = (*impl_->types)[col];
  switch (type.id) {
    case TypeId::kFloat:
      return impl_->Read<float>(col, row);
    case TypeId::kDouble:
      return impl_->Read<double>(col, row);
    case TypeId::kDecimal:
    case TypeId::kHugeInt:
    case TypeId::kUHugeInt: {
      std::string text = ToString(col, row);
      return std::strtod(text.c_str(), nullptr);
    }
    default:
      return static_cast<double>(GetInt64(col, row));
  }
}

bool DataChunk::GetBool(size_t col, size_t row) const { return impl_->Read<bool>(col, row); }

std::string_view DataChunk::GetString(size_t col, size_t row) const {
  auto* strings = static_cast<duckdb_string_t*>(duckdb_vector_get_data(impl_->vectors[col]));
  return std::string_view(duckdb_string_t_data(&strings[row]),
                          duckdb_string_t_length(strings[row]));
}

std::string DataChunk::ToString(size_t col, size_t row) const {
  std::string out;
  internal::FormatValue(impl_->vectors[col], (*impl_->types)[col], row, false, &out);
  return out;
}

void DataChunk::AppendJson(size_t col, size_t row, std::string* out) const {
  internal::FormatValue(impl_->vectors[col], (*impl_->types)[col], row, true, out);
}

QueryResult::QueryResult(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
QueryResult::~QueryResult() = default;

size_t QueryResult::column_count() const { return impl_->names.size(); }
const std::string& QueryResult::ColumnName(size_t col) const { return impl_->names[col]; }
const ColumnType& QueryResult::GetColumnType(size_t col) const { return (*impl_->types)[col]; }
int64_t QueryResult::rows_changed() const { return impl_->rows_changed; }

Result<std::unique_ptr<DataChunk>> QueryResult::Next() {
  if (impl_->done) return std::unique_ptr<DataChunk>();
  duckdb_data_chunk chunk = duckdb_fetch_chunk(impl_->result);
  if (chunk == nullptr) {
    impl_->done = true;
    const char* error = duckdb_result_error(&impl_->result);
    if (error != nullptr) {
      return internal::StatusFromDuckError(duckdb_result_error_type(&impl_->result), error);
    }
    return std::unique_ptr<DataChunk>();
  }
  auto impl = std::make_unique<DataChunk::Impl>();
  impl->chunk = chunk;
  impl->types = impl_->types;
  size_t columns = duckdb_data_chunk_get_column_count(chunk);
  impl->vectors.reserve(columns);
  for (size_t i = 0; i < columns; ++i) {
    impl->vectors.push_back(duckdb_data_chunk_get_vector(chunk, i));
  }
  return std::make_unique<DataChunk>(std::move(impl));
}

namespace internal {

Result<std::unique_ptr<QueryResult>> MakeQueryResult(duckdb_result* result, duckdb_state state) {
  auto impl = std::make_unique<QueryResult::Impl>();
  impl->result = *result;  // owned from here on, destroyed by ~Impl even on error
  if (state == DuckDBError) {
    return StatusFromDuckError(duckdb_result_error_type(&impl->result),
                               duckdb_result_error(&impl->result));
  }
  size_t columns = duckdb_column_count(&impl->result);
  auto types = std::make_shared<std::vector<ColumnType>>();
  for (size_t i = 0; i < columns; ++i) {
    impl->names.emplace_back(duckdb_column_name(&impl->result, i));
    LogicalType type(duckdb_column_logical_type(&impl->result, i));
    types->push_back(ToColumnType(type.get()));
  }
  impl->types = std::move(types);
  impl->rows_changed = static_cast<int64_t>(duckdb_rows_changed(&impl->result));
  return std::make_unique<QueryResult>(std::move(impl));
}

}  // namespace internal
}  // namespace ingot::duck
