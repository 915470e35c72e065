#pragma once

#include <cstdlib>
#include <iostream>
#include <type_traits>
#include <utility>
#include <variant>

#include "common/status.h"

namespace ingot {

// Either a value of type T or a non-OK Status (Arrow's Result). Accessing the value of a failed
// Result is a programmer error and aborts with the status printed.
template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<T, Status>, "Result<Status> makes no sense: use Status");

 public:
  // Implicit, so functions can `return value;` or `return Status::NotFound(...)`.
  Result(T value) : storage_(std::in_place_index<1>, std::move(value)) {}        // NOLINT
  Result(Status status) : storage_(std::in_place_index<0>, std::move(status)) {  // NOLINT
    if (std::get<0>(storage_).ok()) {
      storage_ = Status::Internal("Result constructed from an OK status without a value");
    }
  }
  template <typename U, typename = std::enable_if_t<std::is_convertible_v<U&&, T> &&
                                                    !std::is_same_v<std::decay_t<U>, T> &&
                                                    !std::is_same_v<std::decay_t<U>, Status>>>
  Result(U&& value) : storage_(std::in_place_index<1>, T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return storage_.index() == 1; }

  // The error, or OK when a value is held.
  Status status() const { return ok() ? Status::OK() : std::get<0>(storage_); }

  const T& ValueOrDie() const& {
    CheckOk();
    return std::get<1>(storage_);
  }
  T& ValueOrDie() & {
    CheckOk();
    return std::get<1>(storage_);
  }
  T ValueOrDie() && {
    CheckOk();
    return std::move(std::get<1>(storage_));
  }
  // Moves the value out; only after checking ok().
  T MoveValueUnsafe() { return std::move(std::get<1>(storage_)); }

  T ValueOr(T fallback) const& { return ok() ? std::get<1>(storage_) : std::move(fallback); }

  const T& operator*() const& { return ValueOrDie(); }
  T& operator*() & { return ValueOrDie(); }
  T operator*() && { return std::move(*this).ValueOrDie(); }
  const T* operator->() const { return &ValueOrDie(); }
  T* operator->() { return &ValueOrDie(); }

 private:
  void CheckOk() const {
    if (!ok()) {
      std::cerr << "ingot: value of a failed Result accessed: " << std::get<0>(storage_) << "\n";
      std::abort();
    }
  }

  std::variant<Status, T> storage_;
};

}  // namespace ingot
