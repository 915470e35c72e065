#pragma once

#include "common/result.h"
#include "common/status.h"

#define INGOT_CONCAT_IMPL(a, b) a##b
#define INGOT_CONCAT(a, b) INGOT_CONCAT_IMPL(a, b)

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define INGOT_RETURN_NOT_OK(expr)                  \
  do {                                             \
    ::ingot::Status _ingot_status = (expr);        \
    if (!_ingot_status.ok()) return _ingot_status; \
  } while (false)

// Like INGOT_RETURN_NOT_OK, but prefixes the error's message with the given context.
#define INGOT_RETURN_NOT_OK_CTX(expr, ...)                                  \
  do {                                                                      \
    ::ingot::Status _ingot_status = (expr);                                 \
    if (!_ingot_status.ok()) return _ingot_status.WithContext(__VA_ARGS__); \
  } while (false)

#define INGOT_ASSIGN_OR_RAISE_IMPL(result_name, lhs, rexpr) \
  auto result_name = (rexpr);                               \
  if (!result_name.ok()) return result_name.status();       \
  lhs = result_name.MoveValueUnsafe()

// Evaluates `rexpr` (a Result<T>); on error returns its Status, otherwise assigns or declares
// `lhs`:
//   INGOT_ASSIGN_OR_RAISE(auto file, fs->ReadFile(path));
#define INGOT_ASSIGN_OR_RAISE(lhs, rexpr) \
  INGOT_ASSIGN_OR_RAISE_IMPL(INGOT_CONCAT(_ingot_result_, __COUNTER__), lhs, rexpr)
