#pragma once

#include <sstream>
#include <string>
#include <string_view>
#include <utility>

namespace ingot {

// What went wrong, coarse enough that callers can act on it: the CLI maps it to an exit code,
// the server to an HTTP status, the commit loop retries kConflict and connectors retry
// kUnavailable.
enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,  // bad input from the user: SQL, config, a malformed file
  kNotFound = 2,
  kAlreadyExists = 3,
  kConflict = 4,     // lost an optimistic race (a Delta version was taken); retry after re-reading
  kUnavailable = 5,  // transient: network, a busy service; retryable as is
  kIOError = 6,
  kCorruption = 7,  // stored data does not match its format
  kNotImplemented = 8,
  kCancelled = 9,
  kInternal = 10,  // a bug in Ingot or a dependency
  kPermissionDenied = 11,
  kResourceExhausted = 12,  // out of memory (or another limit): retry with a higher limit
  kLastCode = kResourceExhausted,
};

// Stable lower-case name of a code ("invalid argument", "not found", ...).
std::string_view StatusCodeName(StatusCode code);

namespace internal {
template <typename... Args>
std::string StrCat(Args&&... args) {
  std::ostringstream out;
  (out << ... << std::forward<Args>(args));
  return out.str();
}
}  // namespace internal

// The result of an operation that returns no value. Cheap to return when OK (no allocation).
// Messages say where (file, line, table, version) and what was expected; callers add context
// with WithContext() as the error travels up.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return Status(); }

  template <typename... Args>
  static Status InvalidArgument(Args&&... args) {
    return Status(StatusCode::kInvalidArgument, internal::StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status NotFound(Args&&... args) {
    return Status(StatusCode::kNotFound, internal::StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status AlreadyExists(Args&&... args) {
    return Status(StatusCode::kAlreadyExists, internal::StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Conflict(Args&&... args) {
    return Status(StatusCode::kConflict, internal::StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Unavailable(Args&&... args) {
    return Status(StatusCode::kUnavailable, internal::StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status IOError(Args&&... args) {
    return Status(StatusCode::kIOError, internal::StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Corruption(Args&&... args) {
    return Status(StatusCode::kCorruption, internal::StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status NotImplemented(Args&&... args) {
    return Status(StatusCode::kNotImplemented, internal::StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Cancelled(Args&&... args) {
    return Status(StatusCode::kCancelled, internal::StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Internal(Args&&... args) {
    return Status(StatusCode::kInternal, internal::StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status ResourceExhausted(Args&&... args) {
    return Status(StatusCode::kResourceExhausted, internal::StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status PermissionDenied(Args&&... args) {
    return Status(StatusCode::kPermissionDenied, internal::StrCat(std::forward<Args>(args)...));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  bool IsInvalidArgument() const { return code_ == StatusCode::kInvalidArgument; }
  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }
  bool IsAlreadyExists() const { return code_ == StatusCode::kAlreadyExists; }
  bool IsConflict() const { return code_ == StatusCode::kConflict; }
  bool IsCorruption() const { return code_ == StatusCode::kCorruption; }
  bool IsIOError() const { return code_ == StatusCode::kIOError; }
  // Whether repeating the same operation later may succeed (kUnavailable). A conflict is not
  // retryable as is: the caller must re-read state first.
  bool IsRetryable() const { return code_ == StatusCode::kUnavailable; }

  // Returns a copy whose message is "<context>: <message>". A no-op on OK.
  template <typename... Args>
  Status WithContext(Args&&... args) const {
    if (ok()) return *this;
    return Status(code_, internal::StrCat(std::forward<Args>(args)..., ": ", message_));
  }

  // "<code name>: <message>", or "OK".
  std::string ToString() const;

  bool operator==(const Status& other) const = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

std::ostream& operator<<(std::ostream& out, const Status& status);

}  // namespace ingot
