#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/log/schema.h"

// Column mapping (PROTOCOL.md "Column Mapping"): with delta.columnMapping.mode = name or id, data
// files, stats and partitionValues name columns by the physical name in each field's metadata
// (delta.columnMapping.physicalName), and id mode resolves Parquet columns by field id
// (delta.columnMapping.id).
namespace ingot::delta {

enum class ColumnMappingMode { kNone, kName, kId };

// The table's mode from metaData.configuration (absent: kNone). kNotImplemented for an unknown
// mode, naming it.
Result<ColumnMappingMode> ColumnMappingModeOf(const Metadata& metadata);

// The field's delta.columnMapping.physicalName, or its logical name when the metadata has none.
// kCorruption when the metadata is not JSON or the physical name is not a string.
Result<std::string> PhysicalName(const StructField& field);

// The field's delta.columnMapping.id, or nullopt. kCorruption when it is not an integer.
Result<std::optional<int64_t>> ColumnMappingId(const StructField& field);

// `type` with every struct field, at any depth, renamed to its physical name (metadata kept).
Result<DataType> PhysicalType(const DataType& type);

}  // namespace ingot::delta
