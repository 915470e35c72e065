#pragma once

// Helpers shared by the backends in this directory; not part of the storage API.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/status.h"

namespace ingot::storage::internal {

// Checks a read of `length` bytes at `offset` against a file of `size` bytes. kInvalidArgument
// naming the path, the range and the size when the range is negative or ends past the end.
Status CheckReadRange(std::string_view path, int64_t offset, int64_t length, int64_t size);

// Normalizes a path that must stay inside a root: leading '/', "//", "." and "a/.." are removed
// ("/a//b/./c" -> "a/b/c"); the root itself is "". kInvalidArgument when ".." would leave the
// root.
Result<std::string> NormalizeRootedPath(std::string_view path);

// The part of `path` below the directory `dir`: ("a/b", "a/b/c/d") -> "c/d"; ("", "x") -> "x";
// ("/", "/x") -> "x". Returns "" when `path` equals `dir`. `path` must be `dir` or below it.
std::string RelativeTo(std::string_view dir, std::string_view path);

// Whether `path` is `dir` itself or below it, by whole segments ("a/b" is not below "a/bc").
bool IsAtOrBelow(std::string_view dir, std::string_view path);

}  // namespace ingot::storage::internal
