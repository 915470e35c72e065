#include "storage/file_system_internal.h"

#include "common/uri.h"

namespace ingot::storage::internal {

Status CheckReadRange(std::string_view path, int64_t offset, int64_t length, int64_t size) {
  if (offset < 0 || length < 0) {
    return Status::InvalidArgument("invalid read of '", path, "': offset ", offset, " and length ",
                                   length, " must not be negative");
  }
  if (offset > size || length > size - offset) {
    return Status::InvalidArgument("read of ", length, " bytes at offset ", offset, " of '", path,
                                   "' is past the end of the file (size ", size, ")");
  }
  return Status::OK();
}

Result<std::string> NormalizeRootedPath(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (path.empty()) return std::string();
  std::string normalized = NormalizePath(path);
  if (normalized == ".") return std::string();
  if (normalized == ".." || normalized.starts_with("../")) {
    return Status::InvalidArgument("path '", path, "' climbs above the root");
  }
  return normalized;
}

std::string RelativeTo(std::string_view dir, std::string_view path) {
  while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  if (dir.empty() || path.size() <= dir.size()) {
    return std::string(dir.empty() ? path : std::string_view());
  }
  path.remove_prefix(dir.size());
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return std::string(path);
}

bool IsAtOrBelow(std::string_view dir, std::string_view path) {
  while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  if (dir.empty()) return true;
  if (!path.starts_with(dir)) return false;
  return path.size() == dir.size() || dir.back() == '/' || path[dir.size()] == '/';
}

}  // namespace ingot::storage::internal
