#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "common/status.h"

namespace ingot::duck {

// Bulk row-wise insert into one table: Append... one value per column, then EndRow().
// Rows become visible on Flush() or Close(); the destructor closes (errors then are lost:
// call Close() to see them). Not thread-safe.
class Appender {
 public:
  ~Appender();
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;

  Status AppendNull();
  Status AppendBool(bool value);
  Status AppendInt64(int64_t value);
  Status AppendDouble(double value);
  // Text; DuckDB casts it to the column type (dates, decimals, ...), failing on bad input.
  Status AppendString(std::string_view value);
  Status EndRow();
  Status Flush();
  Status Close();

  struct Impl;
  explicit Appender(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ingot::duck
