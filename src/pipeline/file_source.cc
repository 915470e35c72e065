#include "pipeline/file_source.h"

#include <algorithm>

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

std::string ReadOne(const SourceSpec& source, const std::string& path) {
  std::string quoted = duck::QuoteFilePath(path);
  bool declared = !source.schema.empty();
  std::string columns;
  for (const ColumnSpec& c : source.schema) {
    columns += (columns.empty() ? "" : ", ") + duck::QuoteLiteral(c.name) + ": 'VARCHAR'";
  }
  switch (source.format) {
    case files::FileFormat::kCsv: {
      std::string out = "read_csv(" + quoted;
      if (declared) out += ", columns={" + columns + "}, null_padding=true";
      if (source.header.has_value()) {
        out += std::string(", header=") + (*source.header ? "true" : "false");
      } else if (declared) {
        out += ", header=true";
      }
      if (!source.delimiter.empty()) out += ", delim=" + duck::QuoteLiteral(source.delimiter);
      return out + ")";
    }
    case files::FileFormat::kJson:
      if (declared) {
        return "read_json(" + quoted + ", format='newline_delimited', columns={" + columns + "})";
      }
      return "read_json_auto(" + quoted + ")";
    case files::FileFormat::kParquet:
      if (declared) {
        std::string select;
        for (const ColumnSpec& c : source.schema) {
          select += (select.empty() ? "" : ", ") + std::string("CAST(") +
                    duck::QuoteIdentifier(c.name) + " AS VARCHAR) AS " +
                    duck::QuoteIdentifier(c.name);
        }
        return "(SELECT " + select + " FROM read_parquet(" + quoted + "))";
      }
      return "read_parquet(" + quoted + ")";
  }
  return "";
}

}  // namespace

std::string RawSql(const SourceSpec& source, const std::vector<SourceFile>& files) {
  std::string sql;
  for (const SourceFile& file : files) {
    if (!sql.empty()) sql += "\nUNION ALL BY NAME\n";
    // row_number() over a single file's scan numbers rows in file order.
    sql += "SELECT *, " + duck::QuoteLiteral(file.path) +
           " AS _source_file, row_number() OVER () AS _source_row FROM " +
           ReadOne(source, file.path);
  }
  return sql;
}

std::string TypedSql(const SourceSpec& source, const std::string& raw, const std::string& run_id,
                     const std::string& ingested_at) {
  std::string meta = "CAST(" + duck::QuoteLiteral(ingested_at) +
                     " AS TIMESTAMP) AS _ingested_at, _source_file, CAST(_source_row AS BIGINT) AS "
                     "_source_row, " +
                     duck::QuoteLiteral(run_id) + " AS _run_id";
  if (source.schema.empty()) {
    return "SELECT * EXCLUDE (_source_file, _source_row), " + meta + " FROM " + raw;
  }
  std::string typed;
  std::string raws;
  std::string reasons;
  for (const ColumnSpec& c : source.schema) {
    std::string col = duck::QuoteIdentifier(c.name);
    std::string cast = "TRY_CAST(" + col + " AS " + c.type + ")";
    typed += cast + " AS " + col + ", ";
    // The text is kept only where the cast lost it (cheap for good rows).
    raws += ", CASE WHEN " + cast + " IS NULL THEN " + col + " END AS " +
            duck::QuoteIdentifier(quality::kRawPrefix + c.name);
    if (c.required) {
      reasons += ", CASE WHEN " + col + " IS NULL THEN " +
                 duck::QuoteLiteral("column '" + c.name + "' is required") + " END";
    }
    reasons += ", CASE WHEN " + col + " IS NOT NULL AND " + cast + " IS NULL THEN " +
               duck::QuoteLiteral("column '" + c.name + "': cannot read '") + " || " + col +
               " || " + duck::QuoteLiteral("' as " + c.type) + " END";
  }
  return "SELECT " + typed + meta + raws + ", nullif(concat_ws('; '" + reasons + "), '') AS " +
         quality::kRejectColumn + " FROM " + raw;
}

}  // namespace ingot::pipeline
