#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace ingot::pipeline {

// Where ${NAME} values come from: pipeline variables first, then the environment.
struct InterpolationScope {
  const std::map<std::string, std::string>* variables = nullptr;
  // Looks up an environment variable (std::getenv by default; tests inject their own).
  std::function<std::optional<std::string>(const std::string&)> environment;
};

// Replaces every ${NAME} in `text` ("$${" writes a literal "${"). An unknown name is
// kNotFound "unknown variable 'NAME' (did you mean ...?)". The message never contains a value,
// so secrets taken from the environment are not printed.
Result<std::string> Interpolate(std::string_view text, const InterpolationScope& scope);

}  // namespace ingot::pipeline
