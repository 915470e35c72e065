#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"

// Deletion vectors (PROTOCOL.md "Deletion Vector Format"): where a DV's bytes are and how they
// decode into the 0-based physical row indexes of the rows a data file no longer holds.
// docs/delta.md describes the on-disk layout.
namespace ingot::delta {

// Decodes Z85 text (ZeroMQ RFC 32: every 5 characters are one 4-byte big-endian block).
// kCorruption when the length is not a multiple of 5 or a character is outside the alphabet.
Result<std::string> Z85Decode(std::string_view text);

// Encodes bytes as Z85; `bytes.size()` must be a multiple of 4 (kInvalidArgument otherwise).
Result<std::string> Z85Encode(std::string_view bytes);

// The CRC-32 (IEEE 802.3, as java.util.zip.CRC32) of `bytes`.
uint32_t Crc32(std::string_view bytes);

// Where a DV stored in a file is, for storage types 'u' and 'p':
//   u: <table_root>/[<prefix>/]deletion_vector_<uuid>.bin, the UUID Z85-decoded from the last 20
//      characters of pathOrInlineDv and the prefix the characters before them;
//   p: the absolute path URI itself (file:// URIs become local paths).
// kInvalidArgument for 'i' (inline DVs have no file); kCorruption for an unknown storage type or
// a malformed UUID; kNotImplemented for a 'p' URI that is not on the local file system.
Result<std::string> DeletionVectorFilePath(const DeletionVectorDescriptor& dv,
                                           std::string_view table_root);

// Decodes a serialized bitmap ("bitmapData": the little-endian magic 1681511377, then a portable
// 64-bit RoaringBitmap: u64 bucket count, then per bucket a u32 high key and a portable 32-bit
// RoaringBitmap) into sorted row indexes. kCorruption (saying what is wrong) on a bad magic,
// truncated or malformed buckets, or trailing bytes.
Result<std::vector<uint64_t>> DecodeDeletionVectorBitmap(std::string_view bitmap_data);

// Serializes sorted row indexes as bitmapData (the inverse of DecodeDeletionVectorBitmap).
std::string EncodeDeletionVectorBitmap(const std::vector<uint64_t>& rows);

// The bitmapData of one DV stored in a file, given the file's bytes from `offset` on (at least
// 4 + size_in_bytes + 4 of them): u32 big-endian dataSize, dataSize bytes, u32 big-endian CRC-32
// of those bytes. kCorruption when dataSize differs from `dv.size_in_bytes`, when the bytes run
// past the end, or when the checksum does not match.
Result<std::string_view> DeletionVectorBitmapInFile(const DeletionVectorDescriptor& dv,
                                                    std::string_view bytes_from_offset);

// The bitmapData of an inline ('i') DV. kCorruption when the Z85 text is malformed or shorter
// than sizeInBytes.
Result<std::string> InlineDeletionVectorBitmap(const DeletionVectorDescriptor& dv);

// Checks the decoded rows against the descriptor's cardinality (kCorruption when they differ).
Status CheckDeletionVectorCardinality(const DeletionVectorDescriptor& dv,
                                      const std::vector<uint64_t>& rows);

// "u:ab^-aqEH.-t@S}K{vb[*k^@4" style text naming a DV in error messages (with "@offset").
std::string DescribeDeletionVector(const DeletionVectorDescriptor& dv);

}  // namespace ingot::delta
