#pragma once

#include <string>
#include <vector>

namespace ingot::testing {

// What one run of the ingot binary produced.
struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the ingot binary built by this tree with `args` (no shell involved), feeding `stdin_text`,
// in working directory `cwd` (empty = current).
CliRun RunIngot(const std::vector<std::string>& args, const std::string& stdin_text = "",
                const std::string& cwd = "");

// A fresh empty directory under the test temp dir, removed by the caller's fixture.
std::string MakeTempDir(const std::string& name);

// Writes `content` to `path`.
void WriteFile(const std::string& path, const std::string& content);

// Names of the entries in `dir`, sorted.
std::vector<std::string> ListDir(const std::string& dir);

}  // namespace ingot::testing
