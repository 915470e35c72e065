#pragma once

// The storage conformance suite: one set of tests every FileSystem backend runs (Arrow's
// GenericFileSystemTest). A backend joins by instantiating it with a factory:
//
//   INSTANTIATE_TEST_SUITE_P(Memory, FileSystemConformanceTest,
//                            ::testing::Values(ConformanceBackend{"memory", [] { ... }}),
//                            ConformanceBackendName);
//
// The tests are in file_system_conformance_*_test.cc; link them into the backend's test binary.
// Where backends legitimately differ, the tests branch on FileSystem::capabilities().

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "storage/file_system.h"

namespace ingot::storage::testing {

// What one test runs against: a file system and an empty directory in it that the test owns.
struct ConformanceEnv {
  std::shared_ptr<FileSystem> fs;
  // The directory the test works in; "" is allowed (the file system's root).
  std::string root;
  // Keeps whatever backs the environment (a temp dir, a base file system) alive for the test.
  std::shared_ptr<void> keep_alive;
};

struct ConformanceBackend {
  // The gtest parameter name (letters, digits, '_').
  std::string name;
  // Makes a fresh environment for each test.
  std::function<ConformanceEnv()> make;
};

// Prints the backend's name in test output.
void PrintTo(const ConformanceBackend& backend, std::ostream* out);

// Names instantiations after ConformanceBackend::name.
std::string ConformanceBackendName(const ::testing::TestParamInfo<ConformanceBackend>& info);

class FileSystemConformanceTest : public ::testing::TestWithParam<ConformanceBackend> {
 protected:
  void SetUp() override;

  // `relative` below the test's root.
  std::string P(std::string_view relative) const;
  // The paths List returns, relative to the root.
  std::vector<std::string> ListRelative(std::string_view relative_prefix,
                                        const ListOptions& options = {});
  Capabilities caps() const { return fs_->capabilities(); }

  ConformanceEnv env_;
  FileSystem* fs_ = nullptr;
};

}  // namespace ingot::storage::testing
