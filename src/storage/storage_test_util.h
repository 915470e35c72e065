#pragma once

// Test-only helpers for the storage tests: Status assertions and a scratch directory.

#include <string>

#include <gtest/gtest.h>

#include "common/result.h"
#include "common/status.h"

namespace ingot::storage::testing {

inline Status ToStatus(const Status& status) { return status; }
template <typename T>
Status ToStatus(const Result<T>& result) {
  return result.status();
}

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class ScopedTempDir {
 public:
  ScopedTempDir();
  ~ScopedTempDir();
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  // Absolute path, without a trailing '/'. Empty if creation failed (the constructor reports it
  // as a test failure).
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace ingot::storage::testing

#define INGOT_TEST_CONCAT_IMPL(a, b) a##b
#define INGOT_TEST_CONCAT(a, b) INGOT_TEST_CONCAT_IMPL(a, b)

// Assert/expect that a Status or Result is OK, printing the error otherwise.
#define ASSERT_OK(expr)                                                \
  do {                                                                 \
    ::ingot::Status _st = ::ingot::storage::testing::ToStatus((expr)); \
    ASSERT_TRUE(_st.ok()) << #expr << " failed: " << _st;              \
  } while (false)
#define EXPECT_OK(expr)                                                \
  do {                                                                 \
    ::ingot::Status _st = ::ingot::storage::testing::ToStatus((expr)); \
    EXPECT_TRUE(_st.ok()) << #expr << " failed: " << _st;              \
  } while (false)

// Assert that a Status or Result failed with the given StatusCode enumerator (kNotFound, ...).
#define ASSERT_CODE(enumerator, expr)                                                       \
  do {                                                                                      \
    ::ingot::Status _st = ::ingot::storage::testing::ToStatus((expr));                      \
    ASSERT_EQ(_st.code(), ::ingot::StatusCode::enumerator) << #expr << " returned " << _st; \
  } while (false)
#define EXPECT_CODE(enumerator, expr)                                                       \
  do {                                                                                      \
    ::ingot::Status _st = ::ingot::storage::testing::ToStatus((expr));                      \
    EXPECT_EQ(_st.code(), ::ingot::StatusCode::enumerator) << #expr << " returned " << _st; \
  } while (false)

#define ASSERT_OK_AND_ASSIGN_IMPL(result_name, lhs, rexpr)                        \
  auto result_name = (rexpr);                                                     \
  ASSERT_TRUE(result_name.ok()) << #rexpr << " failed: " << result_name.status(); \
  lhs = std::move(result_name).ValueOrDie()

// Evaluates a Result, asserts it is OK and assigns or declares `lhs` with its value.
#define ASSERT_OK_AND_ASSIGN(lhs, rexpr) \
  ASSERT_OK_AND_ASSIGN_IMPL(INGOT_TEST_CONCAT(_result_, __COUNTER__), lhs, rexpr)
