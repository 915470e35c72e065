#include "delta/log/partition_path.h"

#include "common/uri.h"

namespace ingot::delta {
namespace {

bool NeedsEscaping(unsigned char c) {
  if (c < 0x20 || c == 0x7F) return true;
  switch (c) {
    case '"':
    case '#':
    case '%':
    case '\'':
    case '*':
    case '/':
    case ':':
    case '=':
    case '?':
    case '\\':
    case '{':
    case '[':
    case ']':
    case '^':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string EscapePartitionPathName(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (NeedsEscaping(byte)) {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

std::string UnescapePartitionPathName(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = HexDigitValue(text[i + 1]);
      int lo = HexDigitValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string PartitionPathSegment(std::string_view column, const std::optional<std::string>& value) {
  std::string segment = EscapePartitionPathName(column);
  segment += '=';
  if (!value || value->empty()) {
    segment += kHiveDefaultPartition;
  } else {
    segment += EscapePartitionPathName(*value);
  }
  return segment;
}

Result<std::string> PartitionDirectory(const std::vector<std::string>& partition_columns,
                                       const PartitionValues& values) {
  std::string directory;
  for (const std::string& column : partition_columns) {
    auto it = values.find(column);
    if (it == values.end()) {
      return Status::InvalidArgument("no value for partition column '", column, "'");
    }
    if (!directory.empty()) directory += '/';
    directory += PartitionPathSegment(column, it->second);
  }
  return directory;
}

Result<std::vector<std::pair<std::string, std::optional<std::string>>>> ParsePartitionDirectory(
    std::string_view directory) {
  std::vector<std::pair<std::string, std::optional<std::string>>> result;
  if (!directory.empty() && directory.back() == '/') directory.remove_suffix(1);
  if (directory.empty()) return result;
  size_t start = 0;
  while (start <= directory.size()) {
    size_t end = directory.find('/', start);
    if (end == std::string_view::npos) end = directory.size();
    std::string_view segment = directory.substr(start, end - start);
    size_t eq = segment.find('=');
    if (segment.empty() || eq == std::string_view::npos) {
      return Status::InvalidArgument("partition directory '", directory, "': segment '", segment,
                                     "' is not <column>=<value>");
    }
    std::string_view value = segment.substr(eq + 1);
    std::optional<std::string> parsed;
    if (value != kHiveDefaultPartition) parsed = UnescapePartitionPathName(value);
    result.emplace_back(UnescapePartitionPathName(segment.substr(0, eq)), std::move(parsed));
    start = end + 1;
  }
  return result;
}

}  // namespace ingot::delta
