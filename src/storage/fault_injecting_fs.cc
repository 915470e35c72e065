#include "storage/fault_injecting_fs.h"

#include <array>
#include <atomic>
#include <mutex>
#include <optional>

#include "common/macros.h"

namespace ingot::storage {

std::string_view FsOpName(FsOp op) {
  static constexpr std::array<std::string_view, kNumFsOps + 1> kNames = {
      "GetFileInfo", "List",          "CreateDir", "ReadFile",
      "ReadRange",   "OpenInputFile", "ReadAt",    "OpenOutputStream",
      "Write",       "Close",         "Abort",     "WriteFileAtomic",
      "PutIfAbsent", "Delete",        "DeleteDir", "DeleteDirContents",
      "Move",        "Copy",          "Any"};
  auto index = static_cast<size_t>(op);
  return index < kNames.size() ? kNames[index] : "Unknown";
}

namespace internal {

// The armed faults, the counters and the crash epoch. Thread-safe.
class FaultInjector {
 public:
  FaultInjector() {
    for (auto& count : calls_) count = 0;
  }

  int Add(FaultSpec spec) {
    std::lock_guard<std::mutex> lock(mutex_);
    faults_.push_back(Armed{next_id_, std::move(spec), 0});
    return next_id_++;
  }

  void Remove(int id) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::erase_if(faults_, [id](const Armed& armed) { return armed.id == id; });
  }

  void Clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    faults_.clear();
  }

  int64_t calls(FsOp op) const {
    if (op == FsOp::kAny) {
      int64_t total = 0;
      for (const auto& count : calls_) total += count.load();
      return total;
    }
    return calls_[static_cast<size_t>(op)].load();
  }
  int64_t injected() const { return injected_.load(); }
  int64_t epoch() const { return epoch_.load(); }
  void Crash() { ++epoch_; }

  // Counts the call; returns the fault that hits it, if any.
  std::optional<std::pair<FaultTiming, Status>> Check(FsOp op, std::string_view path,
                                                      std::string_view other_path = {}) {
    ++calls_[static_cast<size_t>(op)];
    std::lock_guard<std::mutex> lock(mutex_);
    std::optional<std::pair<FaultTiming, Status>> hit;
    for (Armed& armed : faults_) {
      const FaultSpec& spec = armed.spec;
      if (spec.op != FsOp::kAny && spec.op != op) continue;
      if (!spec.path_substring.empty() && path.find(spec.path_substring) == path.npos &&
          other_path.find(spec.path_substring) == other_path.npos) {
        continue;
      }
      int64_t index = armed.matched++;
      bool in_window = index >= spec.skip && (spec.count < 0 || index < spec.skip + spec.count);
      if (hit.has_value() || !in_window) continue;
      ++injected_;
      hit.emplace(spec.timing, Status(spec.code, ::ingot::internal::StrCat(
                                                     spec.message, " (injected: ", FsOpName(op),
                                                     " '", path, "')")));
    }
    return hit;
  }

  // Runs `fn` unless a fault hits before it; see FaultTiming.
  template <typename Fn>
  auto Run(FsOp op, std::string_view path, std::string_view other_path, Fn&& fn) -> decltype(fn()) {
    auto fault = Check(op, path, other_path);
    if (!fault.has_value()) return fn();
    if (fault->first == FaultTiming::kAfter) {
      auto ignored = fn();  // the operation happens; only its report is lost
      (void)ignored;
    }
    return fault->second;
  }

 private:
  struct Armed {
    int id;
    FaultSpec spec;
    int64_t matched;
  };

  std::array<std::atomic<int64_t>, kNumFsOps> calls_;
  std::atomic<int64_t> injected_{0};
  std::atomic<int64_t> epoch_{0};
  std::mutex mutex_;
  std::vector<Armed> faults_;  // guarded by mutex_
  int next_id_ = 1;            // guarded by mutex_
};

}  // namespace internal

namespace {

using internal::FaultInjector;

class FaultRandomAccessFile final : public RandomAccessFile {
 public:
  FaultRandomAccessFile(std::shared_ptr<FaultInjector> injector,
                        std::unique_ptr<RandomAccessFile> base, std::string path)
      : injector_(std::move(injector)), base_(std::move(base)), path_(std::move(path)) {}

  int64_t Size() const override { return base_->Size(); }
  Result<std::string> ReadAt(int64_t offset, int64_t length) const override {
    return injector_->Run(FsOp::kReadAt, path_, {}, [&] { return base_->ReadAt(offset, length); });
  }

 private:
  std::shared_ptr<FaultInjector> injector_;
  std::unique_ptr<RandomAccessFile> base_;
  std::string path_;
};

class FaultOutputStream final : public OutputStream {
 public:
  FaultOutputStream(std::shared_ptr<FaultInjector> injector, std::unique_ptr<OutputStream> base,
                    std::string path)
      : injector_(std::move(injector)),
        base_(std::move(base)),
        path_(std::move(path)),
        epoch_(injector_->epoch()) {}

  Status Write(std::string_view data) override {
    INGOT_RETURN_NOT_OK(CheckNotCrashed());
    Status status = injector_->Run(FsOp::kWrite, path_, {}, [&] { return base_->Write(data); });
    // Keep the OutputStream contract: after a failed write, Close() publishes nothing.
    if (!status.ok() && broken_.ok()) broken_ = status;
    return status;
  }

  int64_t Tell() const override { return base_->Tell(); }

  Status Close() override {
    INGOT_RETURN_NOT_OK(CheckNotCrashed());
    if (!broken_.ok()) {
      Status aborted = base_->Abort();
      (void)aborted;
      return broken_.WithContext("close '", path_, "' after a failed write");
    }
    Status status = injector_->Run(FsOp::kClose, path_, {}, [&] { return base_->Close(); });
    if (!status.ok()) {
      // A failed Close publishes nothing (a no-op when the base closed, as with kAfter).
      Status aborted = base_->Abort();
      (void)aborted;
    }
    return status;
  }

  Status Abort() override {
    return injector_->Run(FsOp::kAbort, path_, {}, [&] { return base_->Abort(); });
  }

 private:
  Status CheckNotCrashed() {
    if (injector_->epoch() == epoch_) return Status::OK();
    Status aborted = base_->Abort();
    (void)aborted;
    return Status::IOError("stream for '", path_, "' was abandoned by a simulated crash");
  }

  std::shared_ptr<FaultInjector> injector_;
  std::unique_ptr<OutputStream> base_;
  std::string path_;
  int64_t epoch_;
  Status broken_;
};

}  // namespace

FaultInjectingFileSystem::FaultInjectingFileSystem(std::shared_ptr<FileSystem> base)
    : base_(std::move(base)), injector_(std::make_shared<FaultInjector>()) {}

FaultInjectingFileSystem::~FaultInjectingFileSystem() = default;

int FaultInjectingFileSystem::AddFault(FaultSpec spec) { return injector_->Add(std::move(spec)); }
void FaultInjectingFileSystem::RemoveFault(int id) { injector_->Remove(id); }
void FaultInjectingFileSystem::ClearFaults() { injector_->Clear(); }
int64_t FaultInjectingFileSystem::call_count(FsOp op) const { return injector_->calls(op); }
int64_t FaultInjectingFileSystem::injected_count() const { return injector_->injected(); }
void FaultInjectingFileSystem::SimulateCrash() { injector_->Crash(); }

std::string FaultInjectingFileSystem::type_name() const {
  return "faulty(" + base_->type_name() + ")";
}

Result<FileInfo> FaultInjectingFileSystem::GetFileInfo(const std::string& path) {
  return injector_->Run(FsOp::kGetFileInfo, path, {}, [&] { return base_->GetFileInfo(path); });
}

Result<std::vector<FileInfo>> FaultInjectingFileSystem::List(const std::string& prefix,
                                                             const ListOptions& options) {
  return injector_->Run(FsOp::kList, prefix, {}, [&] { return base_->List(prefix, options); });
}

Status FaultInjectingFileSystem::CreateDir(const std::string& path) {
  return injector_->Run(FsOp::kCreateDir, path, {}, [&] { return base_->CreateDir(path); });
}

Result<std::string> FaultInjectingFileSystem::ReadFile(const std::string& path) {
  return injector_->Run(FsOp::kReadFile, path, {}, [&] { return base_->ReadFile(path); });
}

Result<std::string> FaultInjectingFileSystem::ReadRange(const std::string& path, int64_t offset,
                                                        int64_t length) {
  return injector_->Run(FsOp::kReadRange, path, {},
                        [&] { return base_->ReadRange(path, offset, length); });
}

Result<std::unique_ptr<RandomAccessFile>> FaultInjectingFileSystem::OpenInputFile(
    const std::string& path) {
  return injector_->Run(
      FsOp::kOpenInputFile, path, {}, [&]() -> Result<std::unique_ptr<RandomAccessFile>> {
        INGOT_ASSIGN_OR_RAISE(auto file, base_->OpenInputFile(path));
        return std::unique_ptr<RandomAccessFile>(
            std::make_unique<FaultRandomAccessFile>(injector_, std::move(file), path));
      });
}

Result<std::unique_ptr<OutputStream>> FaultInjectingFileSystem::OpenOutputStream(
    const std::string& path) {
  return injector_->Run(
      FsOp::kOpenOutputStream, path, {}, [&]() -> Result<std::unique_ptr<OutputStream>> {
        INGOT_ASSIGN_OR_RAISE(auto stream, base_->OpenOutputStream(path));
        return std::unique_ptr<OutputStream>(
            std::make_unique<FaultOutputStream>(injector_, std::move(stream), path));
      });
}

Status FaultInjectingFileSystem::WriteFileAtomic(const std::string& path, std::string_view data) {
  return injector_->Run(FsOp::kWriteFileAtomic, path, {},
                        [&] { return base_->WriteFileAtomic(path, data); });
}

Status FaultInjectingFileSystem::PutIfAbsent(const std::string& path, std::string_view data) {
  return injector_->Run(FsOp::kPutIfAbsent, path, {},
                        [&] { return base_->PutIfAbsent(path, data); });
}

Status FaultInjectingFileSystem::Delete(const std::string& path) {
  return injector_->Run(FsOp::kDelete, path, {}, [&] { return base_->Delete(path); });
}

Status FaultInjectingFileSystem::DeleteDir(const std::string& path) {
  return injector_->Run(FsOp::kDeleteDir, path, {}, [&] { return base_->DeleteDir(path); });
}

Status FaultInjectingFileSystem::DeleteDirContents(const std::string& path) {
  return injector_->Run(FsOp::kDeleteDirContents, path, {},
                        [&] { return base_->DeleteDirContents(path); });
}

Status FaultInjectingFileSystem::Move(const std::string& from, const std::string& to) {
  return injector_->Run(FsOp::kMove, from, to, [&] { return base_->Move(from, to); });
}

Status FaultInjectingFileSystem::Copy(const std::string& from, const std::string& to) {
  return injector_->Run(FsOp::kCopy, from, to, [&] { return base_->Copy(from, to); });
}

Result<std::string> FaultInjectingFileSystem::ToUri(const std::string& path) const {
  return base_->ToUri(path);
}

}  // namespace ingot::storage
