#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "pipeline/spec.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::pipeline {

// One input file as seen when listing a source.
struct SourceFile {
  std::string path;
  int64_t size = 0;
  int64_t mtime = 0;  // seconds since the epoch

  bool operator==(const SourceFile& other) const = default;
};

// The files matching the source's path or glob, sorted by path. kNotFound naming the pattern when
// nothing matches (a missing input is an error, not an empty run).
Result<std::vector<SourceFile>> ListSourceFiles(duck::Connection* con, const SourceSpec& source);

// The column holding the path of the file a bronze row came from.
inline constexpr const char* kSourceFileColumn = "_source_file";

// The relation bronze ingests `files` through, in three steps:
//  - RawSql reads every file in one scan (CSV as text when a schema is declared, so no row is
//    lost) with the file's path in _source_file;
//  - TypedSql turns `raw` (RawSql's relation) into the declared types with TRY_CAST, adds
//    _ingested_at, _source_row (NULL until numbered) and _run_id, keeps a declared column's text
//    in __ingot_raw__<col> where the cast gave NULL, and the reason a row does not fit (a bad
//    number or date, a missing required field) in __ingot_reject (see quality/expectations.h);
//  - NumberRowsSql, given a DuckDB table created from TypedSql's rows, returns a query over it
//    with _source_row set to the 1-based data row of the row in its file.
// `csv_dialect` (CsvDialect's options) replaces DuckDB's detection of the CSV dialect.
std::string RawSql(const SourceSpec& source, const std::vector<SourceFile>& files,
                   const std::string& csv_dialect = "");
std::string TypedSql(const SourceSpec& source, const std::string& raw, const std::string& run_id,
                     const std::string& ingested_at);
Result<std::string> NumberRowsSql(duck::Connection* con, const std::string& table);

// Whether TypedSql can reject rows (a declared column that is not text, or is required).
bool MayRejectRows(const SourceSpec& source);

// TypedSql's rows with _source_row set while reading, for a source with a declared schema: one
// branch per file numbers its rows in file order (a branch reads its file on one thread; the
// files are read in parallel), so the rows need not be stored before they are numbered.
std::string NumberedTypedSql(const SourceSpec& source, const std::vector<SourceFile>& files,
                             const std::string& run_id, const std::string& ingested_at,
                             const std::string& csv_dialect);

// For a CSV source: the dialect DuckDB detects in `first` (delimiter, quote, escape, new line,
// skipped rows, comment) as read_csv options that turn detection off, so that a read of many
// files one at a time detects it once, as one multi-file read does (from its first file).
// Empty for other formats.
Result<std::string> CsvDialect(duck::Connection* con, const SourceSpec& source,
                               const SourceFile& first);

}  // namespace ingot::pipeline
