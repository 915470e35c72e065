#include "pipeline/interpolate.h"

#include <cstdlib>
#include <vector>

#include "pipeline/suggest.h"

namespace ingot::pipeline {

Result<std::string> Interpolate(std::string_view text, const InterpolationScope& scope) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out += text[i++];
      continue;
    }
    size_t end = text.find('}', i + 2);
    if (end == std::string_view::npos) {
      return Status::InvalidArgument("unterminated '${' in '", text, "'");
    }
    std::string name(text.substr(i + 2, end - i - 2));
    std::optional<std::string> value;
    if (scope.variables != nullptr) {
      auto it = scope.variables->find(name);
      if (it != scope.variables->end()) value = it->second;
    }
    if (!value) {
      if (scope.environment) {
        value = scope.environment(name);
      } else if (const char* env = std::getenv(name.c_str())) {
        value = std::string(env);
      }
    }
    if (!value) {
      std::vector<std::string> known;
      if (scope.variables != nullptr) {
        for (const auto& [k, v] : *scope.variables) known.push_back(k);
      }
      return Status::NotFound("unknown variable '", name, "'", DidYouMean(name, known),
                              ": define it under 'variables', pass --var ", name,
                              "=..., or set the environment variable");
    }
    out += *value;
    i = end + 1;
  }
  return out;
}

}  // namespace ingot::pipeline
