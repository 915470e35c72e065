#include "pipeline/file_source.h"

#include <algorithm>
#include <cctype>

#include <sys/stat.h>

#include "common/macros.h"
#include "duck/connection.h"
#include "duck/query_result.h"
#include "quality/expectations.h"

namespace ingot::pipeline {

Result<std::vector<SourceFile>> ListSourceFiles(duck::Connection* con, const SourceSpec& source) {
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query("SELECT file FROM glob(" +
                                                duck::QuoteLiteral(source.path) + ") ORDER BY 1"));
  std::vector<SourceFile> files;
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
    if (chunk == nullptr) break;
    for (size_t row = 0; row < chunk->size(); ++row) {
      SourceFile file;
      file.path = std::string(chunk->GetString(0, row));
      struct stat st;
      if (::stat(file.path.c_str(), &st) == 0) {
        if (!S_ISREG(st.st_mode)) continue;
        file.size = st.st_size;
        file.mtime = st.st_mtime;
      }
      files.push_back(std::move(file));
    }
  }
  if (files.empty()) {
    return Status::NotFound("source '", source.name, "': no file matches '", source.path, "'");
  }
  return files;
}

namespace {

bool IsText(std::string type) {
  for (char& ch : type) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return type == "VARCHAR" || type == "TEXT" || type == "STRING";
}

// The files as a DuckDB list literal.
std::string FileList(const std::vector<SourceFile>& files) {
  std::string out = "[";
  for (const SourceFile& file : files) {
    out += (out.size() == 1 ? "" : ", ") + duck::QuoteFilePath(file.path);
  }
  return out + "]";
}

// read_csv's header option: as given, else true for a declared schema, else detected.
std::string HeaderOption(const SourceSpec& source) {
  if (source.header.has_value()) {
    return std::string(", header=") + (*source.header ? "true" : "false");
  }
  return source.schema.empty() ? "" : ", header=true";
}

std::string DelimiterOption(const SourceSpec& source) {
  return source.delimiter.empty() ? "" : ", delim=" + duck::QuoteLiteral(source.delimiter);
}

}  // namespace

std::string RawSql(const SourceSpec& source, const std::vector<SourceFile>& files,
                   const std::string& csv_dialect) {
  // One multi-file scan (parallel, rows in file order); DuckDB adds the file name.
  std::string list = FileList(files);
  std::string file_column = ", filename=" + duck::QuoteLiteral(kSourceFileColumn);
  bool declared = !source.schema.empty();
  std::string columns;
  for (const ColumnSpec& c : source.schema) {
    columns += (columns.empty() ? "" : ", ") + duck::QuoteLiteral(c.name) + ": 'VARCHAR'";
  }
  switch (source.format) {
    case files::FileFormat::kCsv: {
      std::string out = "read_csv(" + list + file_column;
      if (declared) {
        out += ", columns={" + columns + "}, null_padding=true";
      } else {
        out += ", union_by_name=true";
      }
      out += HeaderOption(source);
      // A detected dialect includes the delimiter.
      return out + (csv_dialect.empty() ? DelimiterOption(source) : csv_dialect) + ")";
    }
    case files::FileFormat::kJson:
      if (declared) {
        return "read_json(" + list + file_column + ", format='newline_delimited', columns={" +
               columns + "})";
      }
      return "read_json_auto(" + list + file_column + ", union_by_name=true)";
    case files::FileFormat::kParquet:
      if (declared) {
        std::string select;
        for (const ColumnSpec& c : source.schema) {
          select += std::string("CAST(") + duck::QuoteIdentifier(c.name) + " AS VARCHAR) AS " +
                    duck::QuoteIdentifier(c.name) + ", ";
        }
        return "(SELECT " + select + duck::QuoteIdentifier(kSourceFileColumn) +
               " FROM read_parquet(" + list + file_column + "))";
      }
      return "read_parquet(" + list + file_column + ", union_by_name=true)";
  }
  return "";
}

std::string TypedSql(const SourceSpec& source, const std::string& raw, const std::string& run_id,
                     const std::string& ingested_at) {
  // _source_row is filled in by NumberRowsSql once the rows are stored.
  std::string meta = "CAST(" + duck::QuoteLiteral(ingested_at) +
                     " AS TIMESTAMP) AS _ingested_at, _source_file, CAST(NULL AS BIGINT) AS "
                     "_source_row, " +
                     duck::QuoteLiteral(run_id) + " AS _run_id";
  if (source.schema.empty()) {
    return "SELECT * EXCLUDE (_source_file), " + meta + " FROM " + raw;
  }
  std::string typed;
  std::string raws;
  std::string reasons;
  for (const ColumnSpec& c : source.schema) {
    std::string col = duck::QuoteIdentifier(c.name);
    if (c.required) {
      reasons += ", CASE WHEN " + col + " IS NULL THEN " +
                 duck::QuoteLiteral("column '" + c.name + "' is required") + " END";
    }
    if (IsText(c.type)) {  // read as text already: nothing to convert, nothing to lose
      typed += col + ", ";
      continue;
    }
    std::string cast = "TRY_CAST(" + col + " AS " + c.type + ")";
    typed += cast + " AS " + col + ", ";
    // The text is kept only where the cast lost it (cheap for good rows).
    raws += ", CASE WHEN " + cast + " IS NULL THEN " + col + " END AS " +
            duck::QuoteIdentifier(quality::kRawPrefix + c.name);
    reasons += ", CASE WHEN " + col + " IS NOT NULL AND " + cast + " IS NULL THEN " +
               duck::QuoteLiteral("column '" + c.name + "': cannot read '") + " || " + col +
               " || " + duck::QuoteLiteral("' as " + c.type) + " END";
  }
  std::string reject;
  if (!reasons.empty()) {
    reject = ", nullif(concat_ws('; '" + reasons + "), '') AS " + quality::kRejectColumn;
  }
  return "SELECT " + typed + meta + raws + reject + " FROM " + raw;
}

Result<std::string> NumberRowsSql(duck::Connection* con, const std::string& table) {
  // A table created from one ordered scan stores the rows in scan order, file after file, so a
  // row's number in its file is its row id minus the first row id of the file.
  INGOT_ASSIGN_OR_RAISE(
      auto result, con->Query("SELECT _source_file, min(rowid) FROM " + table + " GROUP BY ALL"));
  std::string offsets;
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
    if (chunk == nullptr) break;
    for (size_t row = 0; row < chunk->size(); ++row) {
      offsets += " WHEN " + duck::QuoteLiteral(std::string(chunk->GetString(0, row))) + " THEN " +
                 std::to_string(chunk->GetInt64(1, row));
    }
  }
  if (offsets.empty()) return "SELECT * FROM " + table;
  return "SELECT * REPLACE (CAST(rowid - CASE _source_file" + offsets +
         " END + 1 AS BIGINT) AS _source_row) FROM " + table;
}

bool MayRejectRows(const SourceSpec& source) {
  for (const ColumnSpec& c : source.schema) {
    if (c.required || !IsText(c.type)) return true;
  }
  return false;
}

std::string NumberedTypedSql(const SourceSpec& source, const std::vector<SourceFile>& files,
                             const std::string& run_id, const std::string& ingested_at,
                             const std::string& csv_dialect) {
  // row_number() OVER () runs as DuckDB's streaming window: in scan order, on one thread.
  std::string out;
  for (const SourceFile& file : files) {
    out += (out.empty() ? "" : " UNION ALL BY NAME ") +
           std::string("SELECT * REPLACE (row_number() OVER () AS _source_row) FROM (") +
           TypedSql(source, RawSql(source, {file}, csv_dialect), run_id, ingested_at) + ")";
  }
  return out;
}

Result<std::string> CsvDialect(duck::Connection* con, const SourceSpec& source,
                               const SourceFile& first) {
  if (source.format != files::FileFormat::kCsv) return std::string();
  const std::string options = HeaderOption(source) + DelimiterOption(source);
  auto result = con->Query(
      "SELECT Delimiter, Quote, Escape, NewLineDelimiter, Comment, SkipRows FROM "
      "sniff_csv(" +
      duck::QuoteLiteral(first.path) + options + ", null_padding=true)");
  // A file DuckDB cannot sniff (empty, say): each read then detects the dialect itself.
  if (!result.ok()) return std::string();
  INGOT_ASSIGN_OR_RAISE(auto chunk, (*result)->Next());
  if (chunk == nullptr || chunk->size() == 0) return std::string();
  // sniff_csv shows what it did not find in its sample as "(empty)". No quotes in the first
  // rows of the first file are no reason to read a later quoted field as two: quote and escape
  // then stay DuckDB's defaults (RFC 4180).
  auto value = [&](size_t column, const char* absent) {
    std::string v(chunk->GetString(column, 0));
    return duck::QuoteLiteral(v == "(empty)" ? absent : v);
  };
  return ", auto_detect=false, delim=" + value(0, "") + ", quote=" + value(1, "\"") +
         ", escape=" + value(2, "\"") + ", new_line=" + value(3, "") + ", comment=" + value(4, "") +
         ", skip=" + std::to_string(chunk->GetInt64(5, 0));
}

}  // namespace ingot::pipeline
