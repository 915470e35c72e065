#pragma once

// Thin wrappers over POSIX calls for LocalFileSystem: errno -> Status, fsync of directories,
// mkdir -p, full reads and writes, recursive removal. Not part of the storage API.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace ingot::storage::internal {

// The OS text for `err` ("No such file or directory").
std::string ErrnoText(int err);

// A Status for a failed system call: "<op> '<path>': <errno text>". The code follows errno:
// ENOENT -> kNotFound, EEXIST -> kAlreadyExists, EACCES/EPERM/EROFS -> kPermissionDenied,
// ENOTDIR/EISDIR/ENAMETOOLONG/ELOOP/EINVAL -> kInvalidArgument, anything else -> kIOError.
Status ErrnoStatus(int err, std::string_view op, std::string_view path);

// The directory holding `path` as an OS path ("a/b" -> "a", "b" -> ".", "/b" -> "/").
std::string DirectoryOf(std::string_view path);

// Owns a file descriptor and closes it on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.Release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release();
  // Closes the descriptor; returns the errno of close() or 0.
  int Reset();

 private:
  int fd_ = -1;
};

// fsync()s the directory `dir` so that entries created, renamed or removed in it are durable.
Status SyncDirectory(const std::string& dir);

// Creates `dir` and its missing parents (mkdir -p). When `durable`, fsyncs the parent of every
// directory it creates. kInvalidArgument when a component exists and is not a directory.
Status CreateDirectories(const std::string& dir, bool durable);

// Writes all of `data` to `fd`, retrying on short writes and EINTR.
Status WriteFully(int fd, std::string_view data, std::string_view path);

// Reads exactly `length` bytes at `offset` into `out` with pread(). kIOError naming the path when
// the file ends first.
Status PreadFully(int fd, int64_t offset, int64_t length, char* out, std::string_view path);

// Removes everything below the directory `dir`, and `dir` itself unless `keep_root`. Symbolic
// links are removed, never followed. Entries that vanish concurrently are ignored.
Status RemoveTree(const std::string& dir, bool keep_root);

}  // namespace ingot::storage::internal
