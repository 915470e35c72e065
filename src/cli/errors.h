#pragma once

#include <string>

#include "common/status.h"

namespace ingot::cli {

// Exit codes, one per status code, so scripts can tell failures apart (documented in docs/cli.md).
// 0 success, 2 usage error (bad flags), others below.
int ExitCodeFor(const Status& status);
constexpr int kExitUsage = 2;

// Shortens a DuckDB error message to one line that still names the place: the file and line of a
// malformed CSV row, or "at line L, column C" of the SQL. Other messages keep their first line.
std::string OneLineMessage(const std::string& message);

// A generic next step for the status code ("check the path exists", ...).
std::string HintFor(const Status& status);

// Prints "error: <one-line message>" and "hint: <hint>" to stderr. `verbose` adds the full message.
void PrintError(const Status& status, const std::string& hint, bool verbose);

}  // namespace ingot::cli
