#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"

namespace ingot::storage {

// Paths
// -----
// Paths are '/'-separated strings in the backend's own namespace: an OS path for LocalFileSystem
// ("/data/t/part-0.parquet" or relative to the working directory), a key for MemoryFileSystem
// ("t/part-0.parquet"), a path below the root for SubTreeFileSystem. FileSystemRegistry turns a
// URI into a backend plus such a path. A trailing '/' on a directory path is ignored.
//
// Errors
// ------
// Every error message names the path (and for local files the OS error text). Common codes:
//   kNotFound          the path (or for Move/Copy the source) does not exist
//   kAlreadyExists     PutIfAbsent lost; CreateDir over a file
//   kInvalidArgument   a bad request: a read range past the end, a directory where a file is
//                      expected (or the reverse), a path that escapes a sub-tree
//   kPermissionDenied  the OS refused access
//   kIOError           anything else the backend reported
//
// Threading
// ---------
// FileSystem methods are thread-safe and may be called concurrently from any thread. The objects
// they return (RandomAccessFile, OutputStream) may outlive the FileSystem that opened them.

// What GetFileInfo and List report about one entry.
struct FileInfo {
  // GetFileInfo: the path argument as given. List: JoinPath(prefix, path relative to prefix).
  std::string path;
  // Size in bytes; 0 for directories.
  int64_t size = 0;
  // Last modification time in milliseconds since the Unix epoch.
  int64_t mtime_millis = 0;
  bool is_dir = false;

  bool operator==(const FileInfo& other) const = default;
};

// What List returns.
struct ListOptions {
  // Descend into subdirectories (true) or report only the direct children of the prefix (false).
  bool recursive = true;
  // Also report directories (is_dir = true). Files are always reported.
  bool include_dirs = false;
  // Non-recursive listings only: leave out the entries whose name is <= this (byte order), the
  // way S3's ListObjectsV2 start-after does. A Delta log is read from its newest checkpoint on
  // without touching (or, locally, stat-ing) the thousands of older commit files.
  std::string start_after;
};

// How a backend differs from the others; callers branch on these, never on the backend type.
struct Capabilities {
  // PutIfAbsent is atomic: of several racing writers (threads or processes) exactly one wins and
  // the winner's content is complete when it becomes visible.
  bool atomic_put_if_absent = false;
  // Move replaces the destination in one atomic step.
  bool atomic_rename = false;
  // Directories exist only as prefixes of files (object-store style): CreateDir is a no-op and a
  // directory disappears with its last file.
  bool implicit_directories = false;
  // A successful write or delete survives a crash of the process and of the machine.
  bool durable = false;
  // ToUri(path) returns an OS path that other code in the process (DuckDB) or other processes can
  // open directly.
  bool local_paths = false;
};

// A file opened for random-access reads, such as a Parquet file. The size is fixed when the file is
// opened. Thread-safe: ReadAt may be called concurrently.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;

  // Size in bytes, as observed when the file was opened.
  virtual int64_t Size() const = 0;

  // Reads exactly `length` bytes starting at `offset`. Errors: kInvalidArgument for a negative
  // offset or length, or a range that ends past Size() (the message names path, offset and size);
  // kIOError when the file turns out shorter than Size() (it was truncated in place).
  virtual Result<std::string> ReadAt(int64_t offset, int64_t length) const = 0;
};

// A file being written sequentially. Nothing is visible at the target path until Close() returns
// OK; then the whole content replaces the target in one step (readers see the old content or the
// new one, never a mix). Abort(), or destroying the stream before Close(), leaves the target as it
// was and removes any staging data. Not thread-safe: use one stream from one thread at a time.
class OutputStream {
 public:
  // Aborts the stream if it was neither closed nor aborted.
  virtual ~OutputStream() = default;

  // Appends `data`. Errors: kInvalidArgument after Close() or Abort(); a write error from the
  // backend, after which the stream is broken and Close() fails without publishing anything.
  virtual Status Write(std::string_view data) = 0;

  // Bytes accepted by Write() so far.
  virtual int64_t Tell() const = 0;

  // Publishes the content at the target, overwriting an existing file (parents are created).
  // Returns OK again when already closed; kInvalidArgument after Abort(). On error nothing is
  // published and the stream counts as aborted.
  virtual Status Close() = 0;

  // Discards everything written. Idempotent; a no-op after a successful Close().
  virtual Status Abort() = 0;
};

// The storage interface every layer above uses (Delta log, data files, checkpoints). Backends
// implement it directly or decorate another FileSystem. See the notes on paths, errors and
// threading at the top of this file.
class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // A short name for logs and test output: "local", "memory", "subtree(memory)".
  virtual std::string type_name() const = 0;

  virtual Capabilities capabilities() const = 0;

  // Size, mtime and kind of `path`. kNotFound when nothing exists there.
  virtual Result<FileInfo> GetFileInfo(const std::string& path) = 0;

  // Entries below the directory `prefix`, sorted by path (byte order). The prefix names a
  // directory, not a string prefix: List("a/b") reports "a/b/x" but not "a/bc". A prefix that
  // does not exist yields an empty list; a prefix that is a file is kInvalidArgument.
  virtual Result<std::vector<FileInfo>> List(const std::string& prefix,
                                             const ListOptions& options = {}) = 0;

  // Creates `path` and any missing parents. OK when the directory already exists (and always
  // with implicit_directories); kAlreadyExists when a file is in the way.
  virtual Status CreateDir(const std::string& path) = 0;

  // The whole content of a file. kNotFound when absent; kInvalidArgument for a directory.
  virtual Result<std::string> ReadFile(const std::string& path) = 0;

  // Exactly `length` bytes starting at `offset`. Same errors as ReadFile plus those of
  // RandomAccessFile::ReadAt (a range past the end is kInvalidArgument naming path, offset and
  // size).
  virtual Result<std::string> ReadRange(const std::string& path, int64_t offset,
                                        int64_t length) = 0;

  // Opens a file for random-access reads. On failure returns the error and no object.
  virtual Result<std::unique_ptr<RandomAccessFile>> OpenInputFile(const std::string& path) = 0;

  // Starts writing `path` (see OutputStream: nothing is visible until Close()). Parents are created
  // as needed. The caller owns the stream.
  virtual Result<std::unique_ptr<OutputStream>> OpenOutputStream(const std::string& path) = 0;

  // Replaces (or creates) `path` with `data` in one step: concurrent readers see the old content or
  // the new one, never a partial file. Parents are created as needed. kInvalidArgument when `path`
  // is a directory or a parent is a file.
  virtual Status WriteFileAtomic(const std::string& path, std::string_view data) = 0;

  // Creates `path` with `data` only if nothing exists there. kAlreadyExists when a file or
  // directory is already there (then nothing changes). With capabilities().atomic_put_if_absent,
  // exactly one of several racing callers (threads or processes) gets OK and its content is
  // complete as soon as it is visible. Parents are created as needed. The Delta commit relies on
  // it.
  virtual Status PutIfAbsent(const std::string& path, std::string_view data) = 0;

  // Deletes the file `path`. kNotFound when absent (callers that do not care test IsNotFound());
  // kInvalidArgument for a directory (use DeleteDir).
  virtual Status Delete(const std::string& path) = 0;

  // Deletes the directory `path` and everything below it. kNotFound when absent; kInvalidArgument
  // when `path` is a file. Not atomic: on error part of the tree may be gone.
  virtual Status DeleteDir(const std::string& path) = 0;

  // Deletes everything below the directory `path` but keeps the directory itself (unless
  // directories are implicit). Same errors as DeleteDir.
  virtual Status DeleteDirContents(const std::string& path) = 0;

  // Moves the file `from` to `to`, replacing `to` if it is a file; parents of `to` are created.
  // Atomic when capabilities().atomic_rename. kNotFound when `from` is absent; kInvalidArgument
  // when either side is a directory.
  virtual Status Move(const std::string& from, const std::string& to) = 0;

  // Copies the file `from` to `to`, replacing `to` atomically as WriteFileAtomic does (parents are
  // created). kNotFound when `from` is absent; kInvalidArgument when either side is a directory.
  virtual Status Copy(const std::string& from, const std::string& to) = 0;

  // A location for `path` that code outside this interface can use: an absolute OS path when
  // capabilities().local_paths, otherwise a URI ("memory://name/key"). kNotImplemented when the
  // backend has no such name.
  virtual Result<std::string> ToUri(const std::string& path) const = 0;
};

}  // namespace ingot::storage
