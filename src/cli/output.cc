#include "cli/output.h"

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/macros.h"
#include "duck/query_result.h"

namespace ingot::cli {
namespace {

constexpr size_t kMaxCellWidth = 80;
constexpr size_t kFlushBytes = 1 << 16;

// Writes through a buffer; fwrite errors (a closed pipe, a full disk) surface as IOError.
class Writer {
 public:
  explicit Writer(std::FILE* out) : out_(out) {}
  std::string& buffer() { return buffer_; }
  Status MaybeFlush() { return buffer_.size() >= kFlushBytes ? Flush() : Status::OK(); }
  Status Flush() {
    if (!buffer_.empty() &&
        std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size()) {
      return Status::IOError("cannot write the result to the output");
    }
    buffer_.clear();
    return std::fflush(out_) == 0 ? Status::OK() : Status::IOError("cannot flush the output");
  }

 private:
  std::FILE* out_;
  std::string buffer_;
};

// Number of UTF-8 code points (continuation bytes are not counted).
size_t DisplayWidth(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// One line, at most kMaxCellWidth code points ("…" marks a cut).
std::string TableCell(std::string text) {
  std::string out;
  size_t width = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      if (width == kMaxCellWidth - 1 && DisplayWidth(std::string_view(text).substr(i)) > 1) {
        out += "…";
        return out;
      }
      ++width;
    }
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

void AppendCsvField(std::string_view text, std::string* out) {
  bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) {
    *out += text;
    return;
  }
  *out += '"';
  for (char c : text) {
    if (c == '"') *out += '"';
    *out += c;
  }
  *out += '"';
}

void Pad(std::string* out, size_t n) { out->append(n, ' '); }

Status PrintTable(duck::QueryResult* result, std::FILE* out, int64_t max_rows, int64_t* rows) {
  size_t columns = result->column_count();
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> widths(columns);
  std::vector<bool> right(columns);
  for (size_t c = 0; c < columns; ++c) {
    widths[c] = DisplayWidth(result->ColumnName(c));
    right[c] = duck::IsNumeric(result->GetColumnType(c).id);
  }
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
    if (chunk == nullptr) break;
    for (size_t r = 0; r < chunk->size(); ++r, ++*rows) {
      if (max_rows > 0 && *rows >= max_rows) continue;
      std::vector<std::string> row(columns);
      for (size_t c = 0; c < columns; ++c) {
        row[c] = TableCell(chunk->ToString(c, r));
        widths[c] = std::max(widths[c], DisplayWidth(row[c]));
      }
      cells.push_back(std::move(row));
    }
  }
  Writer writer(out);
  std::string& buf = writer.buffer();
  auto emit_row = [&](const std::vector<std::string>& row, bool header) {
    for (size_t c = 0; c < columns; ++c) {
      if (c > 0) buf += " | ";
      size_t pad = widths[c] - DisplayWidth(row[c]);
      if (right[c] && !header) Pad(&buf, pad);
      buf += row[c];
      if ((!right[c] || header) && c + 1 < columns) Pad(&buf, pad);
    }
    buf += '\n';
  };
  std::vector<std::string> header(columns);
  for (size_t c = 0; c < columns; ++c) header[c] = result->ColumnName(c);
  emit_row(header, true);
  for (size_t c = 0; c < columns; ++c) {
    if (c > 0) buf += "-+-";
    buf.append(widths[c], '-');
  }
  buf += '\n';
  for (const auto& row : cells) {
    emit_row(row, false);
    INGOT_RETURN_NOT_OK(writer.MaybeFlush());
  }
  if (max_rows > 0 && *rows > max_rows) {
    buf += "... " + std::to_string(*rows - max_rows) + " more rows not shown (use --max-rows 0)\n";
  }
  buf += "(" + std::to_string(*rows) + (*rows == 1 ? " row)\n" : " rows)\n");
  return writer.Flush();
}

Status PrintRows(duck::QueryResult* result, OutputFormat format, std::FILE* out, int64_t* rows) {
  size_t columns = result->column_count();
  Writer writer(out);
  std::string& buf = writer.buffer();
  std::vector<std::string> json_keys(columns);
  if (format == OutputFormat::kCsv) {
    for (size_t c = 0; c < columns; ++c) {
      if (c > 0) buf += ',';
      AppendCsvField(result->ColumnName(c), &buf);
    }
    buf += '\n';
  } else {
    for (size_t c = 0; c < columns; ++c) {
      json_keys[c] = nlohmann::json(result->ColumnName(c))
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                     ":";
    }
  }
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
    if (chunk == nullptr) break;
    for (size_t r = 0; r < chunk->size(); ++r, ++*rows) {
      if (format == OutputFormat::kCsv) {
        for (size_t c = 0; c < columns; ++c) {
          if (c > 0) buf += ',';
          if (!chunk->IsNull(c, r)) AppendCsvField(chunk->ToString(c, r), &buf);
        }
      } else {
        buf += '{';
        for (size_t c = 0; c < columns; ++c) {
          if (c > 0) buf += ',';
          buf += json_keys[c];
          chunk->AppendJson(c, r, &buf);
        }
        buf += '}';
      }
      buf += '\n';
    }
    INGOT_RETURN_NOT_OK(writer.MaybeFlush());
  }
  return writer.Flush();
}

}  // namespace

Result<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "csv") return OutputFormat::kCsv;
  if (name == "json") return OutputFormat::kJson;
  return Status::InvalidArgument("unknown output format '", name,
                                 "' (expected table, csv or json)");
}

Result<int64_t> PrintResult(duck::QueryResult* result, OutputFormat format, std::FILE* out,
                            int64_t max_rows) {
  int64_t rows = 0;
  if (format == OutputFormat::kTable) {
    INGOT_RETURN_NOT_OK(PrintTable(result, out, max_rows, &rows));
  } else {
    INGOT_RETURN_NOT_OK(PrintRows(result, format, out, &rows));
  }
  return rows;
}

}  // namespace ingot::cli
