#include "storage/registry.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/memory_fs.h"
#include "storage/storage_test_util.h"

namespace ingot::storage::testing {
namespace {

using ::testing::HasSubstr;

TEST(RegistryTest, DefaultHasTheBuiltins) {
  EXPECT_EQ(FileSystemRegistry::Default().schemes(), (std::vector<std::string>{"file", "memory"}));
  EXPECT_EQ(&FileSystemRegistry::Default(), &FileSystemRegistry::Default());
}

TEST(RegistryTest, PlainPathsAndFileUrisAreLocal) {
  ASSERT_OK_AND_ASSIGN(ResolvedPath plain, FileSystemFromUri("/data/tables/t1"));
  EXPECT_EQ(plain.fs->type_name(), "local");
  EXPECT_EQ(plain.path, "/data/tables/t1");
  ASSERT_OK_AND_ASSIGN(ResolvedPath relative, FileSystemFromUri("warehouse/t1"));
  EXPECT_EQ(relative.path, "warehouse/t1");
  ASSERT_OK_AND_ASSIGN(ResolvedPath uri, FileSystemFromUri("file:///data/t%201"));
  EXPECT_EQ(uri.path, "/data/t%201");  // no percent-decoding: a file URI path is taken verbatim
  EXPECT_EQ(uri.fs, plain.fs);         // one shared local file system
  EXPECT_TRUE(uri.fs->capabilities().durable);
}

TEST(RegistryTest, MemoryUrisNameSharedFileSystems) {
  ASSERT_OK_AND_ASSIGN(ResolvedPath a, FileSystemFromUri("memory://registry-test/t1/x.json"));
  EXPECT_EQ(a.fs->type_name(), "memory");
  EXPECT_EQ(a.path, "t1/x.json");
  ASSERT_OK(a.fs->WriteFileAtomic(a.path, "shared"));

  ASSERT_OK_AND_ASSIGN(ResolvedPath again, FileSystemFromUri("MEMORY://registry-test/t1/x.json"));
  EXPECT_EQ(again.fs, a.fs);
  ASSERT_OK_AND_ASSIGN(std::string content, again.fs->ReadFile(again.path));
  EXPECT_EQ(content, "shared");
  ASSERT_OK_AND_ASSIGN(std::string round_trip, a.fs->ToUri(a.path));
  EXPECT_EQ(round_trip, "memory://registry-test/t1/x.json");

  ASSERT_OK_AND_ASSIGN(ResolvedPath other, FileSystemFromUri("memory://registry-test-2/t1/x.json"));
  EXPECT_NE(other.fs, a.fs);
  ASSERT_CODE(kNotFound, other.fs->ReadFile(other.path));

  ASSERT_OK_AND_ASSIGN(ResolvedPath root, FileSystemFromUri("memory://registry-test"));
  EXPECT_EQ(root.path, "");
  ASSERT_CODE(kInvalidArgument, FileSystemFromUri("memory:///no-name"));
}

TEST(RegistryTest, UnknownSchemeNamesItAndTheSupportedOnes) {
  Result<ResolvedPath> s3 = FileSystemFromUri("s3://bucket/tables/t1");
  ASSERT_CODE(kInvalidArgument, s3);
  EXPECT_THAT(s3.status().message(), HasSubstr("'s3'"));
  EXPECT_THAT(s3.status().message(), HasSubstr("s3://bucket/tables/t1"));
  EXPECT_THAT(s3.status().message(), HasSubstr("supported: file, memory"));
  ASSERT_CODE(kInvalidArgument, FileSystemFromUri(""));
}

TEST(RegistryTest, ExplicitRegistration) {
  FileSystemRegistry registry;
  EXPECT_TRUE(registry.schemes().empty());
  Result<ResolvedPath> before = registry.Resolve("/x");
  ASSERT_CODE(kInvalidArgument, before);
  EXPECT_THAT(before.status().message(), HasSubstr("supported: none"));

  auto fake = std::make_shared<MemoryFileSystem>();
  ASSERT_OK(registry.Register("fake", [fake](const Uri& uri) -> Result<ResolvedPath> {
    if (uri.authority == "broken") return Status::Unavailable("bucket 'broken' is down");
    return ResolvedPath{fake, uri.authority + "/" + uri.path};
  }));
  ASSERT_OK_AND_ASSIGN(ResolvedPath resolved, registry.Resolve("fake://bucket/key/part"));
  EXPECT_EQ(resolved.fs, fake);
  EXPECT_EQ(resolved.path, "bucket/key/part");
  ASSERT_CODE(kUnavailable, registry.Resolve("fake://broken/x"));

  ASSERT_CODE(kAlreadyExists, registry.Register("fake", [fake](const Uri&) {
    return Result<ResolvedPath>(ResolvedPath{fake, ""});
  }));
  ASSERT_CODE(kInvalidArgument, registry.Register("S3", [fake](const Uri&) {
    return Result<ResolvedPath>(ResolvedPath{fake, ""});
  }));
  ASSERT_CODE(kInvalidArgument, registry.Register("", [fake](const Uri&) {
    return Result<ResolvedPath>(ResolvedPath{fake, ""});
  }));
  ASSERT_CODE(kInvalidArgument, registry.Register("empty", nullptr));

  ASSERT_OK(RegisterBuiltinFileSystems(&registry));
  EXPECT_EQ(registry.schemes(), (std::vector<std::string>{"fake", "file", "memory"}));
  ASSERT_CODE(kAlreadyExists, RegisterBuiltinFileSystems(&registry));
}

}  // namespace
}  // namespace ingot::storage::testing
