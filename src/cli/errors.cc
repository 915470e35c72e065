#include "cli/errors.h"

#include <cstdio>
#include <string_view>
#include <vector>

namespace ingot::cli {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// DuckDB's CSV errors: "...CSV Error on Line: 4\nOriginal Line: foo,z\n<reason>\n...file = x.csv".
std::string CsvErrorLine(const std::vector<std::string_view>& lines, size_t line_idx) {
  std::string_view head = lines[line_idx];
  std::string line_no(Trim(head.substr(head.find("CSV Error on Line:") + 18)));
  std::string reason, file;
  for (size_t i = line_idx + 1; i < lines.size(); ++i) {
    std::string_view l = Trim(lines[i]);
    if (l.starts_with("file = ")) {
      file = l.substr(7);
    } else if (reason.empty() && !l.empty() && !l.starts_with("Original Line:")) {
      reason = l;
    }
  }
  std::string out = file.empty() ? "CSV" : file;
  out += ":" + line_no + ": " + (reason.empty() ? "malformed row" : reason);
  return out;
}

}  // namespace

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return 0;
    case StatusCode::kInvalidArgument:
      return 3;
    case StatusCode::kNotFound:
      return 4;
    case StatusCode::kAlreadyExists:
      return 5;
    case StatusCode::kConflict:
      return 6;
    case StatusCode::kUnavailable:
      return 7;
    case StatusCode::kIOError:
      return 8;
    case StatusCode::kCorruption:
      return 9;
    case StatusCode::kNotImplemented:
      return 10;
    case StatusCode::kPermissionDenied:
      return 11;
    case StatusCode::kResourceExhausted:
      return 12;
    case StatusCode::kCancelled:
      return 130;
    case StatusCode::kInternal:
      return 70;
  }
  return 1;
}

std::string OneLineMessage(const std::string& message) {
  std::vector<std::string_view> lines = Lines(message);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("CSV Error on Line:") != std::string_view::npos) {
      // Keep the context prefix ("converting 'x.csv': ") before DuckDB's own text.
      std::string_view first = lines[0];
      size_t duck = first.find("Error: ");
      std::string prefix;
      if (i == 0 && duck != std::string_view::npos) {
        size_t kind = first.rfind(": ", duck);
        if (kind != std::string_view::npos) prefix = std::string(first.substr(0, kind + 2));
      }
      return prefix + CsvErrorLine(lines, i);
    }
  }
  std::string out(Trim(lines[0]));
  // "LINE 1: SELECT ..." followed by a caret line gives the position in the SQL.
  for (size_t i = 1; i + 1 < lines.size(); ++i) {
    if (!lines[i].starts_with("LINE ")) continue;
    size_t colon = lines[i].find(": ");
    size_t caret = lines[i + 1].find('^');
    if (colon == std::string_view::npos || caret == std::string_view::npos) break;
    std::string_view line_no = lines[i].substr(5, colon - 5);
    size_t column = caret >= colon + 2 ? caret - (colon + 2) + 1 : 1;
    out += " (at line " + std::string(line_no) + ", column " + std::to_string(column) + ")";
    break;
  }
  return out;
}

std::string HintFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      return "check the input and the command's options ('ingot <command> --help')";
    case StatusCode::kNotFound:
      return "check that the path exists and is spelled correctly";
    case StatusCode::kAlreadyExists:
      return "choose another name or remove the existing one first";
    case StatusCode::kConflict:
      return "another writer changed the same data; re-run to retry on the new state";
    case StatusCode::kUnavailable:
      return "a service or resource is temporarily unavailable; retrying may succeed";
    case StatusCode::kIOError:
      return "check the path, permissions and free disk space";
    case StatusCode::kCorruption:
      return "the stored data does not match its format; restore it from a good copy";
    case StatusCode::kNotImplemented:
      return "this feature is not supported yet";
    case StatusCode::kPermissionDenied:
      return "check file permissions and credentials";
    case StatusCode::kCancelled:
      return "the operation was interrupted";
    case StatusCode::kResourceExhausted:
      return "DuckDB ran out of memory: raise --memory-limit, give --temp-dir a disk with room "
             "to spill, or lower --threads";
    default:
      return "this looks like a bug in Ingot; run again with --verbose and report it";
  }
}

void PrintError(const Status& status, const std::string& hint, bool verbose) {
  std::fprintf(stderr, "error: %s\n", OneLineMessage(status.message()).c_str());
  std::string h = hint.empty() ? HintFor(status) : hint;
  if (!h.empty()) std::fprintf(stderr, "hint: %s\n", h.c_str());
  if (verbose)
    std::fprintf(stderr, "details (%s):\n%s\n", std::string(StatusCodeName(status.code())).c_str(),
                 status.message().c_str());
}

}  // namespace ingot::cli
