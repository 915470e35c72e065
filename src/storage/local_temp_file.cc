#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "common/logging.h"
#include "common/macros.h"
#include "common/uri.h"
#include "storage/local_temp_file_internal.h"

namespace ingot::storage::internal {
namespace {

constexpr size_t kBufferSize = 256 * 1024;
// Keeps staging names below NAME_MAX however long the target name is.
constexpr size_t kMaxBaseNameInTempName = 100;

// A name no other thread or process creates at the same time: pid, a per-process counter and
// random bits (the counter and the generator are copied by fork(), the pid is not).
std::string UniqueTempPath(const std::string& target) {
  static std::atomic<uint64_t> counter{0};
  // Seeded without std::random_device, which can fail by exception; uniqueness rests on pid and
  // counter.
  thread_local std::mt19937_64 random(
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
      std::hash<std::thread::id>{}(std::this_thread::get_id()));
  std::string base = BaseName(target).substr(0, kMaxBaseNameInTempName);
  char unique[64];
  std::snprintf(unique, sizeof(unique), "%d-%llu-%016llx", static_cast<int>(::getpid()),
                static_cast<unsigned long long>(counter.fetch_add(1)),
                static_cast<unsigned long long>(random()));
  return JoinPath(ParentPath(target), "." + base + "." + unique + std::string(kTempFileSuffix));
}

}  // namespace

LocalTempFile::LocalTempFile(std::string target, std::string temp_path, UniqueFd fd, bool durable)
    : target_(std::move(target)),
      temp_path_(std::move(temp_path)),
      fd_(std::move(fd)),
      durable_(durable) {}

Result<std::unique_ptr<LocalTempFile>> LocalTempFile::Create(std::string target, bool durable) {
  if (target.empty()) return Status::InvalidArgument("empty path");
  INGOT_RETURN_NOT_OK(CreateDirectories(DirectoryOf(target), durable)
                          .WithContext("create parent directories of '", target, "'"));
  for (int attempt = 0;; ++attempt) {
    std::string temp_path = UniqueTempPath(target);
    int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      return std::unique_ptr<LocalTempFile>(
          new LocalTempFile(std::move(target), std::move(temp_path), UniqueFd(fd), durable));
    }
    if (errno != EEXIST || attempt >= 10) {
      return ErrnoStatus(errno, "create staging file", temp_path)
          .WithContext("write '", target, "'");
    }
  }
}

Status LocalTempFile::Append(std::string_view data) {
  if (!fd_.valid()) return Status::InvalidArgument("write '", target_, "': file is not open");
  size_ += static_cast<int64_t>(data.size());
  if (buffer_.size() + data.size() <= kBufferSize) {
    buffer_.append(data);
    return Status::OK();
  }
  INGOT_RETURN_NOT_OK(FlushBuffer());
  if (data.size() >= kBufferSize) return WriteFully(fd_.get(), data, temp_path_);
  buffer_.assign(data);
  return Status::OK();
}

Status LocalTempFile::FlushBuffer() {
  Status status = WriteFully(fd_.get(), buffer_, temp_path_);
  buffer_.clear();
  return status;
}

Status LocalTempFile::Seal() {
  if (!fd_.valid()) return Status::InvalidArgument("write '", target_, "': file is not open");
  INGOT_RETURN_NOT_OK(FlushBuffer());
  if (durable_ && ::fsync(fd_.get()) != 0) return ErrnoStatus(errno, "fsync", temp_path_);
  int err = fd_.Reset();
  if (err != 0) return ErrnoStatus(err, "close", temp_path_);
  return Status::OK();
}

Status LocalTempFile::Publish() {
  INGOT_RETURN_NOT_OK(Seal());
  if (::rename(temp_path_.c_str(), target_.c_str()) != 0) {
    return ErrnoStatus(errno, "rename staging file to", target_);
  }
  exists_ = false;
  return durable_ ? SyncDirectory(DirectoryOf(target_)) : Status::OK();
}

Status LocalTempFile::PublishIfAbsent() {
  INGOT_RETURN_NOT_OK(Seal());
  if (::link(temp_path_.c_str(), target_.c_str()) == 0) {
    if (::unlink(temp_path_.c_str()) != 0) {
      // The target is complete and ours; a leftover staging file is only litter.
      INGOT_LOG(kWarn, "could not remove staging file",
                {{"path", temp_path_}, {"error", ErrnoText(errno)}});
    }
    exists_ = false;
    return durable_ ? SyncDirectory(DirectoryOf(target_)) : Status::OK();
  }
  int err = errno;
  if (err == EEXIST) return Status::AlreadyExists("'", target_, "' already exists");
  if (err != EPERM && err != EOPNOTSUPP && err != EMLINK) {
    return ErrnoStatus(err, "link staging file to", target_);
  }
  // No hard links here (some FUSE and network file systems): an exclusive rename is as atomic.
  if (::renameat2(AT_FDCWD, temp_path_.c_str(), AT_FDCWD, target_.c_str(), RENAME_NOREPLACE) == 0) {
    exists_ = false;
    return durable_ ? SyncDirectory(DirectoryOf(target_)) : Status::OK();
  }
  err = errno;
  if (err == EEXIST) return Status::AlreadyExists("'", target_, "' already exists");
  if (err == EINVAL || err == ENOSYS) {
    return Status::NotImplemented("put-if-absent '", target_,
                                  "': the file system supports neither hard links nor "
                                  "RENAME_NOREPLACE, so it cannot create files atomically");
  }
  return ErrnoStatus(err, "rename (no-replace) staging file to", target_);
}

void LocalTempFile::Discard() {
  fd_.Reset();
  buffer_.clear();
  if (exists_ && ::unlink(temp_path_.c_str()) != 0 && errno != ENOENT) {
    INGOT_LOG(kWarn, "could not remove staging file",
              {{"path", temp_path_}, {"error", ErrnoText(errno)}});
  }
  exists_ = false;
}

}  // namespace ingot::storage::internal
