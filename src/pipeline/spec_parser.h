#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "pipeline/spec.h"

namespace ingot::pipeline {

// One problem in a pipeline spec, at file:line:column.
struct SpecError {
  std::string file;
  Location location;
  std::string message;

  // "pipeline.yaml:12:5: unknown key 'mdoe' (did you mean 'mode'?)"
  std::string ToString() const;
};

struct SpecOptions {
  // The profile whose variables (and warehouse) override the file's; "" = none.
  std::string profile;
  // --var name=value: override variables (and profiles).
  std::map<std::string, std::string> variables;
  // --warehouse: overrides the file's warehouse (relative to the current directory).
  std::string warehouse;
  // Environment lookup for ${NAME}; unset = std::getenv.
  std::function<std::optional<std::string>(const std::string&)> environment;
};

// What parsing produced: the spec (complete only when `errors` is empty) and every problem found.
struct SpecParse {
  PipelineSpec spec;
  std::vector<SpecError> errors;
};

// Parses pipeline YAML `text` read from `file_path` (relative paths and .sql files are resolved
// against its directory). Every error carries a line and column: YAML syntax, unknown keys (with
// near-match suggestions), wrong types, missing required fields, unknown sources and tables
// (with suggestions), unknown variables and cycles between tables.
SpecParse ParsePipelineSpec(std::string_view text, const std::string& file_path,
                            const SpecOptions& options);

// Reads and parses the file. kNotFound when it cannot be read; kInvalidArgument with every error,
// one per line, when the spec is invalid.
Result<PipelineSpec> LoadPipelineSpec(const std::string& file_path, const SpecOptions& options);

}  // namespace ingot::pipeline
