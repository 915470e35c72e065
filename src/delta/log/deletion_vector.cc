#include "delta/log/deletion_vector.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include <roaring/roaring.h>

#include "common/macros.h"
#include "common/uri.h"

namespace ingot::delta {
namespace {

constexpr std::string_view kZ85Alphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
constexpr uint32_t kPortableMagic = 1681511377;
constexpr size_t kUuidZ85Length = 20;

struct RoaringDeleter {
  void operator()(roaring_bitmap_t* bitmap) const { roaring_bitmap_free(bitmap); }
};
using RoaringPtr = std::unique_ptr<roaring_bitmap_t, RoaringDeleter>;

uint32_t ReadLe32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

uint64_t ReadLe64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

uint32_t ReadBe32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

void AppendLe(std::string* out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

const std::array<uint32_t, 256>& CrcTable() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  return table;
}

std::string UuidText(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    auto b = static_cast<uint8_t>(bytes[i]);
    text += kHex[b >> 4];
    text += kHex[b & 0xf];
  }
  return text;
}

}  // namespace

Result<std::string> Z85Decode(std::string_view text) {
  if (text.size() % 5 != 0) {
    return Status::Corruption("Z85 text of ", text.size(), " characters is not a multiple of 5");
  }
  std::string out;
  out.reserve(text.size() / 5 * 4);
  for (size_t i = 0; i < text.size(); i += 5) {
    uint64_t value = 0;
    for (size_t k = 0; k < 5; ++k) {
      size_t digit = kZ85Alphabet.find(text[i + k]);
      if (digit == std::string_view::npos) {
        return Status::Corruption("'", std::string(1, text[i + k]),
                                  "' is not a Z85 character (in '", text, "')");
      }
      value = value * 85 + digit;
    }
    if (value > 0xffffffffULL) return Status::Corruption("Z85 block overflows in '", text, "'");
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((value >> shift) & 0xff));
    }
  }
  return out;
}

Result<std::string> Z85Encode(std::string_view bytes) {
  if (bytes.size() % 4 != 0) {
    return Status::InvalidArgument("Z85 encodes multiples of 4 bytes, got ", bytes.size());
  }
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 4) {
    uint32_t value = ReadBe32(bytes.data() + i);
    char block[5];
    for (int k = 4; k >= 0; --k) {
      block[k] = kZ85Alphabet[value % 85];
      value /= 85;
    }
    out.append(block, 5);
  }
  return out;
}

uint32_t Crc32(std::string_view bytes) {
  const auto& table = CrcTable();
  uint32_t crc = 0xffffffffu;
  for (char c : bytes) crc = table[(crc ^ static_cast<uint8_t>(c)) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

Result<std::string> DeletionVectorFilePath(const DeletionVectorDescriptor& dv,
                                           std::string_view table_root) {
  const std::string& value = dv.path_or_inline_dv;
  if (dv.storage_type == "u") {
    if (value.size() < kUuidZ85Length) {
      return Status::Corruption("deletion vector '", value, "' is shorter than a Z85 UUID (",
                                kUuidZ85Length, " characters)");
    }
    std::string_view prefix = std::string_view(value).substr(0, value.size() - kUuidZ85Length);
    INGOT_ASSIGN_OR_RAISE(std::string uuid,
                          Z85Decode(std::string_view(value).substr(prefix.size())));
    std::string name = "deletion_vector_" + UuidText(uuid) + ".bin";
    std::string root(table_root);
    if (!prefix.empty()) root = JoinPath(root, std::string(prefix));
    return JoinPath(root, name);
  }
  if (dv.storage_type == "p") {
    INGOT_ASSIGN_OR_RAISE(std::string path, DecodeLogPath(value));
    if (path.starts_with("file://")) {
      INGOT_ASSIGN_OR_RAISE(Uri uri, Uri::Parse(path));
      return uri.path;
    }
    if (path.starts_with("file:/")) return path.substr(5);
    if (!path.empty() && path.front() == '/') return path;
    return Status::NotImplemented("deletion vector file ", path,
                                  " is not on the local file system");
  }
  if (dv.storage_type == "i") {
    return Status::InvalidArgument("an inline deletion vector has no file");
  }
  return Status::Corruption("unknown deletion vector storageType '", dv.storage_type, "'");
}

Result<std::vector<uint64_t>> DecodeDeletionVectorBitmap(std::string_view data) {
  if (data.size() < 12) {
    return Status::Corruption("deletion vector bitmap of ", data.size(),
                              " bytes is too short for its magic number and bucket count");
  }
  uint32_t magic = ReadLe32(data.data());
  if (magic != kPortableMagic) {
    return Status::Corruption("deletion vector bitmap has magic number ", magic, ", expected ",
                              kPortableMagic, " (portable 64-bit RoaringBitmap)");
  }
  uint64_t buckets = ReadLe64(data.data() + 4);
  size_t pos = 12;
  std::vector<uint64_t> rows;
  for (uint64_t bucket = 0; bucket < buckets; ++bucket) {
    if (data.size() - pos < 4) {
      return Status::Corruption("deletion vector bitmap ends inside bucket ", bucket, " of ",
                                buckets);
    }
    uint64_t high = static_cast<uint64_t>(ReadLe32(data.data() + pos)) << 32;
    pos += 4;
    size_t size = roaring_bitmap_portable_deserialize_size(data.data() + pos, data.size() - pos);
    RoaringPtr bitmap;
    if (size > 0) {
      bitmap.reset(roaring_bitmap_portable_deserialize_safe(data.data() + pos, size));
    }
    if (bitmap == nullptr) {
      return Status::Corruption("deletion vector bitmap bucket ", bucket, " of ", buckets,
                                " is not a valid portable RoaringBitmap");
    }
    pos += size;
    uint64_t count = roaring_bitmap_get_cardinality(bitmap.get());
    std::vector<uint32_t> low(count);
    roaring_bitmap_to_uint32_array(bitmap.get(), low.data());
    rows.reserve(rows.size() + count);
    for (uint32_t value : low) rows.push_back(high | value);
  }
  if (pos != data.size()) {
    return Status::Corruption("deletion vector bitmap has ", data.size() - pos,
                              " bytes after its last bucket");
  }
  if (!std::is_sorted(rows.begin(), rows.end())) std::sort(rows.begin(), rows.end());
  return rows;
}

std::string EncodeDeletionVectorBitmap(const std::vector<uint64_t>& rows) {
  std::string out;
  AppendLe(&out, kPortableMagic, 4);
  std::vector<std::pair<uint32_t, std::vector<uint32_t>>> buckets;
  for (uint64_t row : rows) {
    auto high = static_cast<uint32_t>(row >> 32);
    if (buckets.empty() || buckets.back().first != high) buckets.push_back({high, {}});
    buckets.back().second.push_back(static_cast<uint32_t>(row));
  }
  AppendLe(&out, buckets.size(), 8);
  for (const auto& [high, low] : buckets) {
    AppendLe(&out, high, 4);
    RoaringPtr bitmap(roaring_bitmap_of_ptr(low.size(), low.data()));
    roaring_bitmap_run_optimize(bitmap.get());
    std::string bytes(roaring_bitmap_portable_size_in_bytes(bitmap.get()), '\0');
    roaring_bitmap_portable_serialize(bitmap.get(), bytes.data());
    out += bytes;
  }
  return out;
}

Result<std::string_view> DeletionVectorBitmapInFile(const DeletionVectorDescriptor& dv,
                                                    std::string_view bytes) {
  if (bytes.size() < 4) {
    return Status::Corruption("deletion vector at offset ", dv.offset.value_or(0),
                              " is past the end of its file");
  }
  uint32_t size = ReadBe32(bytes.data());
  if (dv.size_in_bytes < 0 || size != static_cast<uint32_t>(dv.size_in_bytes)) {
    return Status::Corruption("deletion vector size in the file is ", size,
                              " bytes but its descriptor says sizeInBytes=", dv.size_in_bytes);
  }
  if (bytes.size() - 4 < static_cast<size_t>(size) + 4) {
    return Status::Corruption("deletion vector of ", size, " bytes at offset ",
                              dv.offset.value_or(0), " runs past the end of its file");
  }
  std::string_view data = bytes.substr(4, size);
  uint32_t expected = ReadBe32(bytes.data() + 4 + size);
  uint32_t actual = Crc32(data);
  if (expected != actual) {
    return Status::Corruption("deletion vector checksum mismatch: the file says CRC-32 ", expected,
                              ", the bytes have ", actual);
  }
  return data;
}

Result<std::string> InlineDeletionVectorBitmap(const DeletionVectorDescriptor& dv) {
  INGOT_ASSIGN_OR_RAISE(std::string bytes, Z85Decode(dv.path_or_inline_dv));
  if (dv.size_in_bytes < 0 || bytes.size() < static_cast<size_t>(dv.size_in_bytes)) {
    return Status::Corruption("inline deletion vector holds ", bytes.size(),
                              " bytes but its descriptor says sizeInBytes=", dv.size_in_bytes);
  }
  bytes.resize(dv.size_in_bytes);
  return bytes;
}

Status CheckDeletionVectorCardinality(const DeletionVectorDescriptor& dv,
                                      const std::vector<uint64_t>& rows) {
  if (static_cast<int64_t>(rows.size()) != dv.cardinality) {
    return Status::Corruption("deletion vector holds ", rows.size(),
                              " row indexes but its descriptor says cardinality=", dv.cardinality);
  }
  return Status::OK();
}

std::string DescribeDeletionVector(const DeletionVectorDescriptor& dv) {
  return dv.storage_type + ":" + dv.path_or_inline_dv +
         (dv.offset ? "@" + std::to_string(*dv.offset) : std::string());
}

}  // namespace ingot::delta
