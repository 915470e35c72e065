#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "connectors/files/file_format.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::files {

struct ConvertOptions {
  // Input file or glob (local path).
  std::string input;
  // Output file (local path). Replaced atomically: readers never see a partial file, and on
  // failure nothing is left behind.
  std::string output;
  // Formats; unset means from the file extension.
  std::optional<FileFormat> input_format;
  std::optional<FileFormat> output_format;
  // Declared input schema ("id BIGINT, name VARCHAR"); empty means infer it.
  std::string schema;
  // Output compression; empty means the format's default (snappy for parquet, none otherwise,
  // or from a .gz/.zst output extension).
  std::string compression;
  // CSV input: "true", "false" or "auto".
  std::string csv_header = "auto";
  // CSV input: delimiter; empty means detect.
  std::string csv_delimiter;
};

struct ConvertStats {
  int64_t rows = 0;
  int64_t output_bytes = 0;
  FileFormat input_format = FileFormat::kCsv;
  FileFormat output_format = FileFormat::kParquet;
};

// Parses "c1 TYPE, c2 TYPE" with DuckDB's own parser (any DuckDB type, quoted names allowed).
// InvalidArgument on a syntax error or an unknown type, naming the text.
Result<Schema> ParseSchema(duck::Connection* con, std::string_view text);

// Converts one file (or glob of files) between CSV, newline-delimited JSON and Parquet, streaming
// through DuckDB. Errors name the input file and, for malformed rows, the line.
Result<ConvertStats> Convert(duck::Connection* con, const ConvertOptions& options);

}  // namespace ingot::files
