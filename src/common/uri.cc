#include "common/uri.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace ingot {
namespace {

bool IsSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

}  // namespace

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool HasScheme(std::string_view text) {
  size_t pos = text.find("://");
  if (pos == std::string_view::npos || pos == 0) return false;
  if (!std::isalpha(static_cast<unsigned char>(text[0]))) return false;
  return std::all_of(text.begin(), text.begin() + pos, IsSchemeChar);
}

Result<Uri> Uri::Parse(std::string_view text) {
  if (text.empty()) return Status::InvalidArgument("empty path or URI");
  Uri uri;
  if (!HasScheme(text)) {
    uri.scheme = "file";
    uri.path = std::string(text);
    return uri;
  }
  size_t pos = text.find("://");
  uri.scheme = std::string(text.substr(0, pos));
  std::transform(uri.scheme.begin(), uri.scheme.end(), uri.scheme.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  std::string_view rest = text.substr(pos + 3);
  if (uri.scheme == "file") {
    // file:///abs/path has an empty authority; file://localhost/abs is accepted too.
    size_t slash = rest.find('/');
    std::string_view host = slash == std::string_view::npos ? rest : rest.substr(0, slash);
    if (!host.empty() && host != "localhost") {
      return Status::InvalidArgument("file URI with a remote host is not supported: ", text);
    }
    uri.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    return uri;
  }
  size_t slash = rest.find('/');
  uri.authority = std::string(slash == std::string_view::npos ? rest : rest.substr(0, slash));
  if (uri.authority.empty()) {
    return Status::InvalidArgument("URI has no host or bucket: ", text, " (expected ", uri.scheme,
                                   "://<bucket>/<path>)");
  }
  if (slash != std::string_view::npos) {
    std::string_view key = rest.substr(slash);
    while (!key.empty() && key.front() == '/') key.remove_prefix(1);
    uri.path = std::string(key);
  }
  return uri;
}

std::string Uri::ToString() const {
  if (scheme == "file") return path;
  std::string out = scheme + "://" + authority;
  if (!path.empty()) out += "/" + path;
  return out;
}

std::string JoinPath(std::string_view base, std::string_view child) {
  if (base.empty()) return std::string(child);
  if (child.empty()) return std::string(base);
  std::string out(base);
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  while (!child.empty() && child.front() == '/') child.remove_prefix(1);
  if (out != "/") out += '/';
  out += child;
  return out;
}

std::string ParentPath(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return "";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string BaseName(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string FileExtension(std::string_view path) {
  std::string name = BaseName(path);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (std::string_view compression : {".gz", ".zst", ".bz2", ".xz"}) {
    if (name.size() > compression.size() && name.ends_with(compression)) {
      name.resize(name.size() - compression.size());
      break;
    }
  }
  size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0) return "";
  return name.substr(dot + 1);
}

std::string NormalizePath(std::string_view path) {
  bool absolute = !path.empty() && path.front() == '/';
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == ".") {
      // skip
    } else if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!absolute) {
        parts.push_back(part);
      }
    } else {
      parts.push_back(part);
    }
    start = end + 1;
  }
  if (!absolute && parts.empty()) return ".";
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '/';
    out += parts[i];
  }
  return out;
}

std::string PercentEncode(std::string_view text, std::string_view keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || keep.find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

Result<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) {
      return Status::InvalidArgument("truncated percent escape at offset ", i, " in '", text, "'");
    }
    int hi = HexDigitValue(text[i + 1]);
    int lo = HexDigitValue(text[i + 2]);
    if (hi < 0 || lo < 0) {
      return Status::InvalidArgument("invalid percent escape at offset ", i, " in '", text, "'");
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace ingot
