#include "delta/log/checkpoint_io_internal.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "common/macros.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "storage/file_system.h"

namespace ingot::delta::internal {
namespace {

std::string TempDirectory() {
  std::error_code error;
  std::filesystem::path dir = std::filesystem::temp_directory_path(error);
  if (error) return "/tmp";
  return dir.string();
}

Status ErrnoError(int error, std::string_view what, std::string_view path) {
  return Status::IOError(what, " '", path, "': ", std::strerror(error));
}

}  // namespace

Result<std::unique_ptr<ScopedTempFile>> ScopedTempFile::Create(std::string_view suffix) {
  std::string pattern = TempDirectory() + "/ingot-delta-XXXXXX" + std::string(suffix);
  int fd = ::mkstemps(pattern.data(), static_cast<int>(suffix.size()));
  if (fd < 0) return ErrnoError(errno, "create temp file", pattern);
  ::close(fd);
  return std::unique_ptr<ScopedTempFile>(new ScopedTempFile(std::move(pattern)));
}

ScopedTempFile::~ScopedTempFile() { ::unlink(path_.c_str()); }

Status ScopedTempFile::Write(std::string_view data) const {
  std::FILE* file = std::fopen(path_.c_str(), "wb");
  if (file == nullptr) return ErrnoError(errno, "open temp file", path_);
  size_t written = data.empty() ? 0 : std::fwrite(data.data(), 1, data.size(), file);
  int write_error = written == data.size() ? 0 : errno;
  if (std::fclose(file) != 0 && write_error == 0) write_error = errno;
  if (write_error != 0) return ErrnoError(write_error, "write temp file", path_);
  return Status::OK();
}

Result<std::string> ScopedTempFile::Read() const {
  std::FILE* file = std::fopen(path_.c_str(), "rb");
  if (file == nullptr) return ErrnoError(errno, "open temp file", path_);
  std::string content;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) content.append(buffer, n);
  bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return Status::IOError("read temp file '", path_, "'");
  return content;
}

bool IsLiteralDuckPath(std::string_view path) {
  return !path.empty() && path.front() == '/' && path.find_first_of("*?[{") == std::string::npos;
}

Result<std::unique_ptr<LocalFileView>> LocalFileView::Open(storage::FileSystem& fs,
                                                           const std::string& path) {
  std::unique_ptr<LocalFileView> view(new LocalFileView());
  if (fs.capabilities().local_paths) {
    Result<std::string> local = fs.ToUri(path);
    if (local.ok() && IsLiteralDuckPath(*local)) {
      // Report a missing file as the storage layer would, rather than as a DuckDB error.
      INGOT_RETURN_NOT_OK(fs.GetFileInfo(path).status());
      view->local_path_ = *local;
      return view;
    }
  }
  INGOT_ASSIGN_OR_RAISE(std::string bytes, fs.ReadFile(path));
  INGOT_ASSIGN_OR_RAISE(view->copy_, ScopedTempFile::Create(".parquet"));
  INGOT_RETURN_NOT_OK(view->copy_->Write(bytes));
  view->local_path_ = view->copy_->path();
  return view;
}

Result<duck::Connection*> ConnectionOrPrivate(duck::Connection* con,
                                              std::unique_ptr<duck::Database>* owned_db,
                                              std::unique_ptr<duck::Connection>* owned_con) {
  if (con != nullptr) return con;
  INGOT_ASSIGN_OR_RAISE(*owned_db, duck::Database::Open());
  INGOT_ASSIGN_OR_RAISE(*owned_con, (*owned_db)->Connect());
  return owned_con->get();
}

}  // namespace ingot::delta::internal
