#include "delta/log/deletion_vector.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ingot::delta {
namespace {

using ::testing::HasSubstr;

TEST(DeletionVector, Z85RoundTripAndRfc32Vector) {
  // ZeroMQ RFC 32's test vector.
  const std::string bytes("\x86\x4F\xD2\x6F\xB5\x59\xF7\x5B", 8);
  ASSERT_EQ(*Z85Encode(bytes), "HelloWorld");
  EXPECT_EQ(*Z85Decode("HelloWorld"), bytes);
  EXPECT_THAT(Z85Decode("Hello").ok(), true);
  EXPECT_THAT(Z85Decode("Hell").status().message(), HasSubstr("multiple of 5"));
  EXPECT_THAT(Z85Decode("Hell~").status().message(), HasSubstr("not a Z85 character"));
  EXPECT_FALSE(Z85Encode("abc").ok());
}

TEST(DeletionVector, Crc32MatchesJavaUtilZip) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32(""), 0u);
}

TEST(DeletionVector, RelativePathFromZ85Uuid) {
  // basic-dv-no-checkpoint's DV file is deletion_vector_899cef78-06b3-4c14-b024-03860e62cd40.bin.
  DeletionVectorDescriptor dv{.storage_type = "u", .path_or_inline_dv = "IjB3V2d3#qUP%s94R0WF"};
  EXPECT_EQ(*DeletionVectorFilePath(dv, "/t"),
            "/t/deletion_vector_899cef78-06b3-4c14-b024-03860e62cd40.bin");
  dv.path_or_inline_dv = "ab" + dv.path_or_inline_dv;
  EXPECT_EQ(*DeletionVectorFilePath(dv, "/t"),
            "/t/ab/deletion_vector_899cef78-06b3-4c14-b024-03860e62cd40.bin");
  DeletionVectorDescriptor absolute{.storage_type = "p",
                                    .path_or_inline_dv = "file:///x/dv%20a.bin"};
  EXPECT_EQ(*DeletionVectorFilePath(absolute, "/t"), "/x/dv a.bin");
  EXPECT_FALSE(DeletionVectorFilePath({.storage_type = "i"}, "/t").ok());
  EXPECT_THAT(DeletionVectorFilePath({.storage_type = "q"}, "/t").status().message(),
              HasSubstr("storageType 'q'"));
  EXPECT_THAT(DeletionVectorFilePath({.storage_type = "u", .path_or_inline_dv = "abc"}, "/t")
                  .status()
                  .message(),
              HasSubstr("shorter than a Z85 UUID"));
}

TEST(DeletionVector, BitmapRoundTripAcrossHighKeys) {
  std::vector<uint64_t> rows = {0, 3, 4, 7, 11, 65536, 70000, (1ULL << 32) + 5, (3ULL << 32)};
  for (uint64_t i = 100000; i < 200000; ++i) rows.push_back(i);
  std::sort(rows.begin(), rows.end());
  std::string bitmap = EncodeDeletionVectorBitmap(rows);
  Result<std::vector<uint64_t>> decoded = DecodeDeletionVectorBitmap(bitmap);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, rows);
  EXPECT_TRUE(DecodeDeletionVectorBitmap(EncodeDeletionVectorBitmap({}))->empty());
}

TEST(DeletionVector, BitmapErrors) {
  std::string bitmap = EncodeDeletionVectorBitmap({1, 2, 3});
  std::string bad_magic = bitmap;
  bad_magic[0] ^= 1;
  EXPECT_THAT(DecodeDeletionVectorBitmap(bad_magic).status().message(), HasSubstr("magic number"));
  EXPECT_THAT(DecodeDeletionVectorBitmap(bitmap.substr(0, bitmap.size() - 2)).status().message(),
              HasSubstr("not a valid portable RoaringBitmap"));
  EXPECT_THAT(DecodeDeletionVectorBitmap(bitmap + "xx").status().message(),
              HasSubstr("after its last bucket"));
  EXPECT_THAT(DecodeDeletionVectorBitmap("abc").status().message(), HasSubstr("too short"));
}

std::string Be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

TEST(DeletionVector, FileFramingChecksSizeAndChecksum) {
  std::string bitmap = EncodeDeletionVectorBitmap({5, 9});
  std::string framed = Be32(bitmap.size()) + bitmap + Be32(Crc32(bitmap));
  DeletionVectorDescriptor dv{.storage_type = "u",
                              .offset = 1,
                              .size_in_bytes = static_cast<int32_t>(bitmap.size()),
                              .cardinality = 2};
  Result<std::string_view> data = DeletionVectorBitmapInFile(dv, framed);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(*data, bitmap);
  std::string corrupt = framed;
  corrupt[6] ^= 0x10;
  EXPECT_THAT(DeletionVectorBitmapInFile(dv, corrupt).status().message(),
              HasSubstr("checksum mismatch"));
  EXPECT_THAT(
      DeletionVectorBitmapInFile(dv, framed.substr(0, framed.size() - 1)).status().message(),
      HasSubstr("past the end"));
  DeletionVectorDescriptor wrong_size = dv;
  wrong_size.size_in_bytes += 1;
  EXPECT_THAT(DeletionVectorBitmapInFile(wrong_size, framed).status().message(),
              HasSubstr("sizeInBytes"));
  EXPECT_TRUE(CheckDeletionVectorCardinality(dv, {5, 9}).ok());
  EXPECT_THAT(CheckDeletionVectorCardinality(dv, {5}).message(), HasSubstr("cardinality=2"));
}

TEST(DeletionVector, InlineBitmap) {
  std::string bitmap = EncodeDeletionVectorBitmap({3, 4, 7, 11, 18, 29});
  std::string padded = bitmap + std::string((4 - bitmap.size() % 4) % 4, '\0');
  DeletionVectorDescriptor dv{.storage_type = "i",
                              .path_or_inline_dv = *Z85Encode(padded),
                              .size_in_bytes = static_cast<int32_t>(bitmap.size()),
                              .cardinality = 6};
  Result<std::string> inline_bitmap = InlineDeletionVectorBitmap(dv);
  ASSERT_TRUE(inline_bitmap.ok()) << inline_bitmap.status();
  EXPECT_EQ(*DecodeDeletionVectorBitmap(*inline_bitmap),
            (std::vector<uint64_t>{3, 4, 7, 11, 18, 29}));
}

}  // namespace
}  // namespace ingot::delta
