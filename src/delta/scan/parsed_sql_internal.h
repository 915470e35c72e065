#pragma once

// DuckDB's own parse trees for SQL text, as JSON (json_serialize_sql), and back to SQL text
// (json_deserialize_sql). Internal to delta/scan: data skipping reads predicates through them and
// the delta_scan filter pushdown rewrites statements with them.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta::internal {

// The parse tree of `sql` (one or more statements): {"error":false,"statements":[...]}.
// kInvalidArgument with DuckDB's message when it does not parse or is not a SELECT.
Result<nlohmann::json> SerializeSql(duck::Connection* con, std::string_view sql);

// The parse tree of a boolean expression (the WHERE clause of "SELECT 1 WHERE <expr>").
Result<nlohmann::json> ParseExpression(duck::Connection* con, std::string_view expr);

// SQL text of a tree produced by SerializeSql (all statements, ';'-separated).
Result<std::string> DeserializeSql(duck::Connection* con, const nlohmann::json& tree);

// SQL text of each expression node, in one round trip.
Result<std::vector<std::string>> ExpressionsToSql(duck::Connection* con,
                                                  const std::vector<const nlohmann::json*>& exprs);

// The string member `key` of a node, or "" when it is missing or not a string.
std::string Str(const nlohmann::json& node, const char* key);

// Conjuncts of an expression: the children of nested ANDs, or the expression itself.
void SplitConjuncts(const nlohmann::json& expr, std::vector<const nlohmann::json*>* out);

// The column name parts of a COLUMN_REF node ({"t", "a"} for t.a); empty for other nodes.
std::vector<std::string> ColumnNames(const nlohmann::json& expr);

// Whether `expr` calls a function whose result differs from call to call (random(), nextval(),
// gen_random_uuid(), ...).
bool HasVolatileFunction(const nlohmann::json& expr);

// Whether any node under `expr` (itself included) has class `node_class` ("COLUMN_REF",
// "SUBQUERY", ...).
bool ContainsClass(const nlohmann::json& expr, std::string_view node_class);

}  // namespace ingot::delta::internal
