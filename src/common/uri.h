#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace ingot {

// A location: "s3://bucket/key", "file:///abs/path", "/abs/path" or "relative/path".
// Plain paths parse with scheme "file".
struct Uri {
  std::string scheme;     // lower-case: "file", "s3", "memory", ...
  std::string authority;  // host or bucket; empty for file paths
  std::string path;       // for file: the path as given; otherwise the key without leading '/'

  // Parses `text`. Errors: empty input, a scheme with no "://", or a non-file URI without
  // authority.
  static Result<Uri> Parse(std::string_view text);

  // Renders back: "s3://bucket/key" or, for file, the plain path.
  std::string ToString() const;
};

// Whether `text` starts with "<scheme>://".
bool HasScheme(std::string_view text);

// Joins two path segments with exactly one '/' between them. An empty side returns the other.
std::string JoinPath(std::string_view base, std::string_view child);

// "a/b/c" -> "a/b"; "c" -> ""; "/c" -> "/".
std::string ParentPath(std::string_view path);

// "a/b/c.csv" -> "c.csv".
std::string BaseName(std::string_view path);

// Lower-case extension without the dot, looking through a compression suffix:
// "x.CSV" -> "csv", "x.csv.gz" -> "csv", "x" -> "".
std::string FileExtension(std::string_view path);

// Collapses "//", "." and "a/.." segments. Keeps a leading '/'. Never climbs above the root of
// an absolute path; a relative path keeps leading ".." segments.
std::string NormalizePath(std::string_view path);

// 0-15 for a hexadecimal digit (either case), -1 otherwise.
int HexDigitValue(char c);

// Percent-encodes every byte outside [A-Za-z0-9] and `keep`.
std::string PercentEncode(std::string_view text, std::string_view keep = "-_.~");

// Decodes %XX escapes. Errors on a truncated or non-hex escape.
Result<std::string> PercentDecode(std::string_view text);

}  // namespace ingot
