#pragma once

#include <string>
#include <string_view>

// ASCII case folding for SQL identifiers, keywords and property values (bytes outside A-Z are
// left as they are, so UTF-8 text passes through unchanged).
namespace ingot {

std::string AsciiLower(std::string_view text);

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace ingot
