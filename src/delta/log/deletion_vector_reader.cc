#include "delta/log/deletion_vector_reader.h"

#include "common/macros.h"
#include "delta/log/deletion_vector.h"
#include "storage/file_system.h"

namespace ingot::delta {
namespace {

Result<std::vector<uint64_t>> DecodeChecked(const DeletionVectorDescriptor& dv,
                                            std::string_view bitmap) {
  INGOT_ASSIGN_OR_RAISE(std::vector<uint64_t> rows, DecodeDeletionVectorBitmap(bitmap));
  INGOT_RETURN_NOT_OK(CheckDeletionVectorCardinality(dv, rows));
  return rows;
}

Result<std::vector<uint64_t>> ReadFromFile(storage::FileSystem* fs, const std::string& path,
                                           const DeletionVectorDescriptor& dv) {
  Result<storage::FileInfo> info = fs->GetFileInfo(path);
  if (!info.ok()) {
    if (info.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("deletion vector file ", path, " does not exist");
    }
    return info.status();
  }
  const int64_t offset = dv.offset.value_or(1);
  const int64_t needed = 4 + static_cast<int64_t>(dv.size_in_bytes) + 4;
  if (offset < 1 || dv.size_in_bytes < 0 || offset + needed > info->size) {
    return Status::Corruption("deletion vector at offset ", offset, " with sizeInBytes ",
                              dv.size_in_bytes, " runs past the end of ", path, " (", info->size,
                              " bytes)");
  }
  INGOT_ASSIGN_OR_RAISE(std::string version, fs->ReadRange(path, 0, 1));
  if (version[0] != 1) {
    return Status::Corruption("deletion vector file ", path, " has format version ",
                              static_cast<int>(static_cast<uint8_t>(version[0])),
                              "; Ingot reads version 1");
  }
  INGOT_ASSIGN_OR_RAISE(std::string bytes, fs->ReadRange(path, offset, needed));
  Result<std::string_view> bitmap = DeletionVectorBitmapInFile(dv, bytes);
  if (!bitmap.ok()) return bitmap.status().WithContext(path);
  Result<std::vector<uint64_t>> rows = DecodeChecked(dv, *bitmap);
  if (!rows.ok()) return rows.status().WithContext(path);
  return rows;
}

}  // namespace

Result<std::vector<uint64_t>> ReadDeletionVector(storage::FileSystem* fs,
                                                 const std::string& table_root,
                                                 const DeletionVectorDescriptor& dv) {
  if (dv.storage_type == "i") {
    INGOT_ASSIGN_OR_RAISE(std::string bitmap, InlineDeletionVectorBitmap(dv));
    return DecodeChecked(dv, bitmap);
  }
  INGOT_ASSIGN_OR_RAISE(std::string path, DeletionVectorFilePath(dv, table_root));
  return ReadFromFile(fs, path, dv);
}

}  // namespace ingot::delta
