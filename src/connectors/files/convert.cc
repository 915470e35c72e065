#include "connectors/files/convert.h"

#include <atomic>
#include <filesystem>
#include <system_error>

#include <unistd.h>

#include "common/macros.h"
#include "common/uri.h"
#include "duck/connection.h"
#include "duck/query_result.h"

namespace ingot::files {
namespace {

bool IsGlob(std::string_view path) { return path.find_first_of("*?[") != std::string_view::npos; }

Status CheckInput(const std::string& input) {
  if (input.empty()) return Status::InvalidArgument("no input file given");
  if (IsGlob(input) || HasScheme(input)) return Status::OK();
  std::error_code ec;
  auto status = std::filesystem::status(input, ec);
  if (!std::filesystem::exists(status)) {
    return Status::NotFound("input file '", input, "' does not exist");
  }
  if (std::filesystem::is_directory(status)) {
    return Status::InvalidArgument("input '", input, "' is a directory (use a glob such as '",
                                   input, "/*.csv')");
  }
  if (access(input.c_str(), R_OK) != 0) {
    return Status::PermissionDenied("input file '", input, "' is not readable");
  }
  return Status::OK();
}

// A unique hidden sibling of `output` that keeps its extension (DuckDB picks compression from it).
std::string TempSibling(const std::string& output) {
  static std::atomic<int> counter{0};
  std::string parent = ParentPath(output);
  std::string name = ".ingot-tmp-" + std::to_string(getpid()) + "-" +
                     std::to_string(counter.fetch_add(1)) + "-" + BaseName(output);
  return parent.empty() ? name : JoinPath(parent, name);
}

// DuckDB points at a position in the SQL it ran ("LINE 1: COPY ..." and a caret). That SQL is
// ours, not the user's: drop the pointer and keep the message, which names the file.
Status WithoutSqlPosition(const Status& status, const std::string& input) {
  std::string message = status.message();
  size_t line = message.find("\nLINE ");
  if (line != std::string::npos) message.resize(line);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return Status(status.code(), message).WithContext("converting '", input, "'");
}

}  // namespace

Result<Schema> ParseSchema(duck::Connection* con, std::string_view text) {
  static std::atomic<int> counter{0};
  std::string table = "__ingot_schema_" + std::to_string(counter.fetch_add(1));
  Status created = con->Execute("CREATE TEMP TABLE " + table + " (" + std::string(text) + ")");
  if (!created.ok()) {
    return Status::InvalidArgument("invalid schema '", text,
                                   "' (expected 'name TYPE, name TYPE, ...'): ", created.message());
  }
  Schema schema;
  INGOT_ASSIGN_OR_RAISE(auto result,
                        con->Query("SELECT column_name, data_type FROM duckdb_columns() "
                                   "WHERE table_name = '" +
                                   table + "' ORDER BY column_index"));
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
    if (chunk == nullptr) break;
    for (size_t row = 0; row < chunk->size(); ++row) {
      schema.emplace_back(std::string(chunk->GetString(0, row)),
                          std::string(chunk->GetString(1, row)));
    }
  }
  INGOT_RETURN_NOT_OK(con->Execute("DROP TABLE " + table));
  return schema;
}

Result<ConvertStats> Convert(duck::Connection* con, const ConvertOptions& options) {
  INGOT_RETURN_NOT_OK(CheckInput(options.input));
  if (options.output.empty()) return Status::InvalidArgument("no output file given");
  std::error_code ec;
  if (std::filesystem::is_directory(options.output, ec)) {
    return Status::InvalidArgument("output '", options.output, "' is a directory");
  }
  ConvertStats stats;
  if (options.input_format) {
    stats.input_format = *options.input_format;
  } else {
    INGOT_ASSIGN_OR_RAISE(stats.input_format, FormatFromPath(options.input));
  }
  if (options.output_format) {
    stats.output_format = *options.output_format;
  } else {
    INGOT_ASSIGN_OR_RAISE(stats.output_format, FormatFromPath(options.output));
  }
  ReadOptions read{.format = stats.input_format,
                   .csv_header = options.csv_header,
                   .csv_delimiter = options.csv_delimiter};
  if (!options.schema.empty()) {
    INGOT_ASSIGN_OR_RAISE(read.schema, ParseSchema(con, options.schema));
  }
  INGOT_ASSIGN_OR_RAISE(std::string copy_options,
                        CopyOptions(stats.output_format, options.compression));

  std::string temp = TempSibling(options.output);
  std::string sql = "COPY (SELECT * FROM " + ReadExpression(options.input, read) + ") TO " +
                    duck::QuoteLiteral(temp) + " (" + copy_options + ")";
  auto cleanup = [&temp] {
    std::error_code ignored;
    std::filesystem::remove_all(temp, ignored);
  };
  auto result = con->Query(sql);
  if (!result.ok()) {
    cleanup();
    return WithoutSqlPosition(result.status(), options.input);
  }
  auto chunk = (*result)->Next();
  if (!chunk.ok()) {
    cleanup();
    return WithoutSqlPosition(chunk.status(), options.input);
  }
  if (*chunk != nullptr && (*chunk)->size() > 0) stats.rows = (*chunk)->GetInt64(0, 0);
  std::filesystem::rename(temp, options.output, ec);
  if (ec) {
    cleanup();
    return Status::IOError("cannot move the converted file into place at '", options.output,
                           "': ", ec.message());
  }
  stats.output_bytes = static_cast<int64_t>(std::filesystem::file_size(options.output, ec));
  return stats;
}

}  // namespace ingot::files
