#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace ingot::files {

enum class FileFormat { kCsv, kJson, kParquet };

// "csv", "json", "parquet".
std::string_view FileFormatName(FileFormat format);

// Parses a format name given by the user: csv, tsv (csv), json, ndjson, jsonl (json), parquet.
Result<FileFormat> ParseFileFormat(std::string_view name);

// The format implied by a path's extension (looking through .gz/.zst); InvalidArgument naming the
// path and the accepted extensions when it is not one of ours.
Result<FileFormat> FormatFromPath(std::string_view path);

// A declared schema: column names and DuckDB type names, in order.
using Schema = std::vector<std::pair<std::string, std::string>>;

// How to read input files.
struct ReadOptions {
  FileFormat format = FileFormat::kCsv;
  // Declared columns; empty means infer them from the data.
  Schema schema;
  // CSV only: whether the first line is a header (true), or "auto" detection when unset.
  std::string csv_header = "auto";
  // CSV only: the field delimiter; empty means detect it.
  std::string csv_delimiter;
};

// A DuckDB table expression that reads `path` (a file or glob) with `options`, e.g.
// read_csv('in.csv', header=true, columns={'id': 'BIGINT'}). Parquet inputs with a schema are
// read by name and cast to the declared types.
std::string ReadExpression(std::string_view path, const ReadOptions& options);

// The COPY options for writing `format` with `compression` ("" for the format's default; for
// parquet: snappy, zstd, gzip, lz4, brotli, uncompressed; for csv/json: gzip, zstd, none).
Result<std::string> CopyOptions(FileFormat format, std::string_view compression);

}  // namespace ingot::files
