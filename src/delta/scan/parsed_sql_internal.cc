#include "delta/scan/parsed_sql_internal.h"

#include <cctype>

#include "common/ascii.h"
#include "common/macros.h"
#include "duck/connection.h"

namespace ingot::delta::internal {

using nlohmann::json;

Result<json> SerializeSql(duck::Connection* con, std::string_view sql) {
  INGOT_ASSIGN_OR_RAISE(std::string text,
                        con->QueryScalar("SELECT CAST(json_serialize_sql(" +
                                         duck::QuoteLiteral(sql) + ") AS VARCHAR)"));
  json tree = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (tree.is_discarded() || !tree.is_object()) {
    return Status::Internal("json_serialize_sql returned malformed JSON");
  }
  if (tree.contains("error") && tree["error"].is_boolean() && tree["error"].get<bool>()) {
    std::string message = Str(tree, "error_message");
    return Status::InvalidArgument(message.empty() ? "does not parse" : message);
  }
  if (!tree.contains("statements") || !tree["statements"].is_array()) {
    return Status::Internal("json_serialize_sql returned no statements");
  }
  return tree;
}

Result<json> ParseExpression(duck::Connection* con, std::string_view expr) {
  Result<json> tree = SerializeSql(con, "SELECT 1 WHERE (" + std::string(expr) + "\n)");
  if (!tree.ok()) {
    return Status::InvalidArgument("'", expr,
                                   "' is not a SQL boolean expression: ", tree.status().message());
  }
  const json& statements = (*tree)["statements"];
  if (statements.size() != 1) {
    return Status::InvalidArgument("'", expr, "' is not a single SQL expression");
  }
  const json& node = statements[0]["node"];
  if (!node.contains("where_clause") || node["where_clause"].is_null()) {
    return Status::InvalidArgument("'", expr, "' is not a SQL boolean expression");
  }
  return node["where_clause"];
}

Result<std::string> DeserializeSql(duck::Connection* con, const json& tree) {
  return con->QueryScalar("SELECT json_deserialize_sql(CAST(" + duck::QuoteLiteral(tree.dump()) +
                          " AS JSON))");
}

Result<std::vector<std::string>> ExpressionsToSql(duck::Connection* con,
                                                  const std::vector<const json*>& exprs) {
  if (exprs.empty()) return std::vector<std::string>{};
  // One statement "SELECT <expr>" per expression, each deserialized in its own column.
  INGOT_ASSIGN_OR_RAISE(json tree, SerializeSql(con, "SELECT 1"));
  json& node = tree["statements"][0]["node"];
  std::string sql = "SELECT ";
  for (size_t i = 0; i < exprs.size(); ++i) {
    json expr = *exprs[i];
    expr["alias"] = "";
    node["select_list"] = json::array({std::move(expr)});
    if (i > 0) sql += ", ";
    sql += "json_deserialize_sql(CAST(" + duck::QuoteLiteral(tree.dump()) + " AS JSON))";
  }
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query(sql));
  INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
  if (chunk == nullptr || chunk->size() != 1) {
    return Status::Internal("json_deserialize_sql returned no row");
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < exprs.size(); ++i) {
    std::string_view text = chunk->GetString(i, 0);
    constexpr std::string_view kPrefix = "SELECT ";
    if (!text.starts_with(kPrefix)) {
      return Status::Internal("json_deserialize_sql returned '", text, "'");
    }
    out.emplace_back(text.substr(kPrefix.size()));
  }
  return out;
}

std::string Str(const json& node, const char* key) {
  if (!node.is_object()) return "";
  auto it = node.find(key);
  return it != node.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void SplitConjuncts(const json& expr, std::vector<const json*>* out) {
  if (Str(expr, "type") == "CONJUNCTION_AND" && expr.contains("children")) {
    for (const json& child : expr["children"]) SplitConjuncts(child, out);
    return;
  }
  out->push_back(&expr);
}

std::vector<std::string> ColumnNames(const json& expr) {
  if (Str(expr, "class") != "COLUMN_REF" || !expr.contains("column_names")) return {};
  std::vector<std::string> names;
  for (const json& name : expr["column_names"]) {
    if (!name.is_string()) return {};
    names.push_back(name.get<std::string>());
  }
  return names;
}

bool HasVolatileFunction(const json& expr) {
  if (expr.is_object()) {
    if (Str(expr, "class") == "FUNCTION") {
      const std::string name = Str(expr, "function_name");
      for (std::string_view v : {"random", "setseed", "gen_random_uuid", "uuid", "uuidv4", "uuidv7",
                                 "nextval", "currval"}) {
        if (EqualsIgnoreCase(name, v)) return true;
      }
    }
    for (const auto& [key, value] : expr.items()) {
      if (HasVolatileFunction(value)) return true;
    }
  } else if (expr.is_array()) {
    for (const json& value : expr) {
      if (HasVolatileFunction(value)) return true;
    }
  }
  return false;
}

bool ContainsClass(const json& expr, std::string_view node_class) {
  if (expr.is_object()) {
    auto it = expr.find("class");
    if (it != expr.end() && it->is_string() && it->get<std::string>() == node_class) return true;
    for (const auto& [key, value] : expr.items()) {
      if (ContainsClass(value, node_class)) return true;
    }
  } else if (expr.is_array()) {
    for (const json& value : expr) {
      if (ContainsClass(value, node_class)) return true;
    }
  }
  return false;
}

}  // namespace ingot::delta::internal
