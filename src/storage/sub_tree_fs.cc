#include "storage/sub_tree_fs.h"

#include "common/macros.h"
#include "common/uri.h"
#include "storage/file_system_internal.h"

namespace ingot::storage {

SubTreeFileSystem::SubTreeFileSystem(std::string base_path, std::shared_ptr<FileSystem> base)
    : base_path_(std::move(base_path)), base_(std::move(base)) {
  while (base_path_.size() > 1 && base_path_.back() == '/') base_path_.pop_back();
}

std::string SubTreeFileSystem::type_name() const { return "subtree(" + base_->type_name() + ")"; }

Result<std::string> SubTreeFileSystem::FullPath(const std::string& path) const {
  INGOT_ASSIGN_OR_RAISE(std::string relative, internal::NormalizeRootedPath(path));
  return JoinPath(base_path_, relative);
}

Result<FileInfo> SubTreeFileSystem::GetFileInfo(const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string full, FullPath(path));
  INGOT_ASSIGN_OR_RAISE(FileInfo info, base_->GetFileInfo(full));
  info.path = path;
  return info;
}

Result<std::vector<FileInfo>> SubTreeFileSystem::List(const std::string& prefix,
                                                      const ListOptions& options) {
  INGOT_ASSIGN_OR_RAISE(std::string full, FullPath(prefix));
  INGOT_ASSIGN_OR_RAISE(std::vector<FileInfo> infos, base_->List(full, options));
  for (FileInfo& info : infos) {
    if (!internal::IsAtOrBelow(full, info.path)) {
      return Status::Internal("list '", full, "' in ", base_->type_name(), " returned '", info.path,
                              "', which is outside the listed directory");
    }
    info.path = JoinPath(prefix, internal::RelativeTo(full, info.path));
  }
  return infos;
}

Status SubTreeFileSystem::CreateDir(const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string full, FullPath(path));
  return base_->CreateDir(full);
}

Result<std::string> SubTreeFileSystem::ReadFile(const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string full, FullPath(path));
  return base_->ReadFile(full);
}

Result<std::string> SubTreeFileSystem::ReadRange(const std::string& path, int64_t offset,
                                                 int64_t length) {
  INGOT_ASSIGN_OR_RAISE(std::string full, FullPath(path));
  return base_->ReadRange(full, offset, length);
}

Result<std::unique_ptr<RandomAccessFile>> SubTreeFileSystem::OpenInputFile(
    const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string full, FullPath(path));
  return base_->OpenInputFile(full);
}

Result<std::unique_ptr<OutputStream>> SubTreeFileSystem::OpenOutputStream(const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string full, FullPath(path));
  return base_->OpenOutputStream(full);
}

Status SubTreeFileSystem::WriteFileAtomic(const std::string& path, std::string_view data) {
  INGOT_ASSIGN_OR_RAISE(std::string full, FullPath(path));
  return base_->WriteFileAtomic(full, data);
}

Status SubTreeFileSystem::PutIfAbsent(const std::string& path, std::string_view data) {
  INGOT_ASSIGN_OR_RAISE(std::string full, FullPath(path));
  return base_->PutIfAbsent(full, data);
}

Status SubTreeFileSystem::Delete(const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string full, FullPath(path));
  return base_->Delete(full);
}

Status SubTreeFileSystem::DeleteDir(const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string full, FullPath(path));
  return base_->DeleteDir(full);
}

Status SubTreeFileSystem::DeleteDirContents(const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string full, FullPath(path));
  return base_->DeleteDirContents(full);
}

Status SubTreeFileSystem::Move(const std::string& from, const std::string& to) {
  INGOT_ASSIGN_OR_RAISE(std::string full_from, FullPath(from));
  INGOT_ASSIGN_OR_RAISE(std::string full_to, FullPath(to));
  return base_->Move(full_from, full_to);
}

Status SubTreeFileSystem::Copy(const std::string& from, const std::string& to) {
  INGOT_ASSIGN_OR_RAISE(std::string full_from, FullPath(from));
  INGOT_ASSIGN_OR_RAISE(std::string full_to, FullPath(to));
  return base_->Copy(full_from, full_to);
}

Result<std::string> SubTreeFileSystem::ToUri(const std::string& path) const {
  INGOT_ASSIGN_OR_RAISE(std::string full, FullPath(path));
  return base_->ToUri(full);
}

}  // namespace ingot::storage
