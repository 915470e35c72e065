#include "connectors/files/file_format.h"

#include <algorithm>
#include <array>

#include "common/uri.h"
#include "duck/connection.h"

namespace ingot::files {
namespace {

using duck::QuoteIdentifier;
using duck::QuoteLiteral;

std::string ColumnsStruct(const Schema& schema) {
  std::string out = "{";
  for (size_t i = 0; i < schema.size(); ++i) {
    if (i > 0) out += ", ";
    out += QuoteLiteral(schema[i].first) + ": " + QuoteLiteral(schema[i].second);
  }
  return out + "}";
}

}  // namespace

std::string_view FileFormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kCsv:
      return "csv";
    case FileFormat::kJson:
      return "json";
    case FileFormat::kParquet:
      return "parquet";
  }
  return "unknown";
}

Result<FileFormat> ParseFileFormat(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lower == "csv" || lower == "tsv") return FileFormat::kCsv;
  if (lower == "json" || lower == "ndjson" || lower == "jsonl") return FileFormat::kJson;
  if (lower == "parquet") return FileFormat::kParquet;
  return Status::InvalidArgument("unknown file format '", name,
                                 "' (expected csv, tsv, json, ndjson, jsonl or parquet)");
}

Result<FileFormat> FormatFromPath(std::string_view path) {
  std::string ext = FileExtension(path);
  if (ext.empty()) {
    return Status::InvalidArgument("cannot tell the format of '", path,
                                   "': it has no extension (expected .csv, .tsv, .json, .ndjson, "
                                   ".jsonl or .parquet; or name the format explicitly)");
  }
  auto format = ParseFileFormat(ext);
  if (!format.ok()) {
    return Status::InvalidArgument("cannot tell the format of '", path, "' from its extension '.",
                                   ext,
                                   "' (expected .csv, .tsv, .json, .ndjson, .jsonl or .parquet; "
                                   "or name the format explicitly)");
  }
  return format;
}

std::string ReadExpression(std::string_view path, const ReadOptions& options) {
  std::string quoted = QuoteLiteral(path);
  switch (options.format) {
    case FileFormat::kCsv: {
      std::string out = "read_csv(" + quoted;
      if (options.csv_header != "auto") out += ", header=" + options.csv_header;
      if (!options.csv_delimiter.empty()) out += ", delim=" + QuoteLiteral(options.csv_delimiter);
      if (FileExtension(path) == "tsv" && options.csv_delimiter.empty()) out += ", delim='\\t'";
      if (!options.schema.empty()) out += ", columns=" + ColumnsStruct(options.schema);
      return out + ")";
    }
    case FileFormat::kJson: {
      std::string out = "read_json(" + quoted;
      if (!options.schema.empty()) out += ", columns=" + ColumnsStruct(options.schema);
      return out + ")";
    }
    case FileFormat::kParquet: {
      std::string read = "read_parquet(" + quoted + ")";
      if (options.schema.empty()) return read;
      std::string out = "(SELECT ";
      for (size_t i = 0; i < options.schema.size(); ++i) {
        if (i > 0) out += ", ";
        const auto& [name, type] = options.schema[i];
        out += "CAST(" + QuoteIdentifier(name) + " AS " + type + ") AS " + QuoteIdentifier(name);
      }
      return out + " FROM " + read + ")";
    }
  }
  return "";
}

Result<std::string> CopyOptions(FileFormat format, std::string_view compression) {
  std::string lower(compression);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (format == FileFormat::kParquet) {
    static constexpr std::array<std::string_view, 6> kCodecs = {"snappy", "zstd",   "gzip",
                                                                "lz4",    "brotli", "uncompressed"};
    if (lower == "none") lower = "uncompressed";
    if (!lower.empty() && std::find(kCodecs.begin(), kCodecs.end(), lower) == kCodecs.end()) {
      return Status::InvalidArgument("unknown parquet compression '", compression,
                                     "' (expected snappy, zstd, gzip, lz4, brotli or none)");
    }
    return "FORMAT parquet" + (lower.empty() ? std::string() : ", COMPRESSION " + lower);
  }
  if (lower == "uncompressed") lower = "none";
  if (!lower.empty() && lower != "gzip" && lower != "zstd" && lower != "none") {
    return Status::InvalidArgument("unknown ", FileFormatName(format), " compression '",
                                   compression, "' (expected gzip, zstd or none)");
  }
  std::string out = format == FileFormat::kCsv ? "FORMAT csv, HEADER true" : "FORMAT json";
  if (!lower.empty()) out += ", COMPRESSION " + lower;
  return out;
}

}  // namespace ingot::files
