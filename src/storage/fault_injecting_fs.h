#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/file_system.h"

namespace ingot::storage {

namespace internal {
class FaultInjector;
}  // namespace internal

// The operations FaultInjectingFileSystem can fail. kReadAt is RandomAccessFile::ReadAt; kWrite,
// kClose and kAbort are the OutputStream methods.
enum class FsOp : int {
  kGetFileInfo,
  kList,
  kCreateDir,
  kReadFile,
  kReadRange,
  kOpenInputFile,
  kReadAt,
  kOpenOutputStream,
  kWrite,
  kClose,
  kAbort,
  kWriteFileAtomic,
  kPutIfAbsent,
  kDelete,
  kDeleteDir,
  kDeleteDirContents,
  kMove,
  kCopy,
  kAny,  // in a FaultSpec: matches every operation
};
inline constexpr int kNumFsOps = static_cast<int>(FsOp::kAny);

// "GetFileInfo", "PutIfAbsent", ...
std::string_view FsOpName(FsOp op);

// When an injected fault strikes relative to the real operation.
enum class FaultTiming : int {
  // The operation does not happen; the error is returned.
  kBefore,
  // The operation happens (its own error, if any, is dropped), then the error is returned: the
  // ambiguous outcome of a request whose response was lost, e.g. a PutIfAbsent that created the
  // file but reported kUnavailable.
  kAfter,
};

// One armed fault: which calls it hits and what they return.
struct FaultSpec {
  FsOp op = FsOp::kAny;
  // Hits only calls where some path argument contains this substring; empty matches every path.
  std::string path_substring;
  // Lets this many matching calls succeed before the first failure ("fail after N calls").
  int64_t skip = 0;
  // How many matching calls fail after the skipped ones; -1 = all of them from then on.
  int64_t count = 1;
  FaultTiming timing = FaultTiming::kBefore;
  // What the failing calls return; the message gets "(injected: <op> '<path>')" appended.
  StatusCode code = StatusCode::kIOError;
  std::string message = "injected fault";
};

// A FileSystem decorator for tests in the spirit of leveldb's FaultInjectionTestEnv: forwards every
// call to a base FileSystem, counts calls per operation, and fails the calls matched by armed
// FaultSpecs. SimulateCrash() abandons every output stream open at that moment, as a process
// crash would: their later Write/Close fail and nothing they wrote is published.
//
// Input files and output streams it returns wrap the base's and check faults on kReadAt, kWrite,
// kClose and kAbort (matching the path they were opened with). A failed Write breaks the stream
// as a real write error would: its Close fails and publishes nothing. Capabilities are the base's.
// Thread-safe: faults may be armed and cleared while other threads use the file system.
class FaultInjectingFileSystem final : public FileSystem {
 public:
  // `base` must not be null; it is shared.
  explicit FaultInjectingFileSystem(std::shared_ptr<FileSystem> base);
  ~FaultInjectingFileSystem() override;

  // Arms a fault and returns its id (for RemoveFault). Every armed fault whose op and path filter
  // match a call counts it; the first one (in the order added) whose count falls in its failure
  // window fails the call.
  int AddFault(FaultSpec spec);
  // Disarms one fault; unknown ids are ignored.
  void RemoveFault(int id);
  void ClearFaults();

  // Calls seen for `op` (FsOp::kAny: for all operations), whether or not a fault hit them.
  int64_t call_count(FsOp op) const;
  // Calls failed by a fault so far.
  int64_t injected_count() const;

  // Abandons every output stream opened before this call (see the class comment).
  void SimulateCrash();

  const std::shared_ptr<FileSystem>& base_fs() const { return base_; }

  std::string type_name() const override;
  Capabilities capabilities() const override { return base_->capabilities(); }

  Result<FileInfo> GetFileInfo(const std::string& path) override;
  Result<std::vector<FileInfo>> List(const std::string& prefix,
                                     const ListOptions& options = {}) override;
  Status CreateDir(const std::string& path) override;

  Result<std::string> ReadFile(const std::string& path) override;
  Result<std::string> ReadRange(const std::string& path, int64_t offset, int64_t length) override;
  Result<std::unique_ptr<RandomAccessFile>> OpenInputFile(const std::string& path) override;

  Result<std::unique_ptr<OutputStream>> OpenOutputStream(const std::string& path) override;
  Status WriteFileAtomic(const std::string& path, std::string_view data) override;
  Status PutIfAbsent(const std::string& path, std::string_view data) override;

  Status Delete(const std::string& path) override;
  Status DeleteDir(const std::string& path) override;
  Status DeleteDirContents(const std::string& path) override;
  Status Move(const std::string& from, const std::string& to) override;
  Status Copy(const std::string& from, const std::string& to) override;

  Result<std::string> ToUri(const std::string& path) const override;

 private:
  std::shared_ptr<FileSystem> base_;
  // Shared with the streams and files this opens, which may outlive it.
  std::shared_ptr<internal::FaultInjector> injector_;
};

}  // namespace ingot::storage
