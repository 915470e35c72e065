#include "pipeline/spec_parser.h"

#include <gtest/gtest.h>

#include "pipeline/dag.h"
#include "pipeline/sql_refs.h"
#include "pipeline/suggest.h"

namespace ingot::pipeline {
namespace {

SpecParse Parse(const std::string& yaml, SpecOptions options = {}) {
  if (!options.environment) {
    options.environment = [](const std::string& name) -> std::optional<std::string> {
      if (name == "SECRET_TOKEN") return "hunter2";
      return std::nullopt;
    };
  }
  return ParsePipelineSpec(yaml, "/tmp/p/pipeline.yaml", options);
}

std::string Errors(const SpecParse& parsed) {
  std::string out;
  for (const SpecError& e : parsed.errors) out += e.ToString() + "\n";
  return out;
}

constexpr const char* kGood = R"(name: shop
variables:
  data_dir: ./data
  token: ${SECRET_TOKEN}
profiles:
  prod:
    variables:
      data_dir: /prod/data
sources:
  orders:
    path: ${data_dir}/orders_*.csv
    schema:
      id: BIGINT NOT NULL
      amount: DECIMAL(10,2)
      day: {type: DATE, required: true}
tables:
  bronze.orders:
    from: orders
  silver.orders:
    mode: merge
    keys: [id]
    sequence_by: day
    sql: |
      SELECT * FROM bronze.orders
      WHERE amount > 0
    expectations:
      positive: {expr: amount > 0, action: quarantine}
      has_day: day IS NOT NULL
  gold.daily:
    mode: overwrite
    partition_by: [day]
    sql: SELECT day, sum(amount) AS revenue FROM silver.orders GROUP BY day
)";

TEST(SpecParserTest, ParsesAGoodPipeline) {
  SpecParse parsed = Parse(kGood);
  ASSERT_TRUE(parsed.errors.empty()) << Errors(parsed);
  const PipelineSpec& spec = parsed.spec;
  EXPECT_EQ(spec.name, "shop");
  ASSERT_EQ(spec.sources.count("orders"), 1u);
  const SourceSpec& orders = spec.sources.at("orders");
  EXPECT_EQ(orders.path, "/tmp/p/data/orders_*.csv");
  ASSERT_EQ(orders.schema.size(), 3u);
  EXPECT_TRUE(orders.schema[0].required);
  EXPECT_EQ(orders.schema[0].type, "BIGINT");
  EXPECT_FALSE(orders.schema[1].required);
  EXPECT_TRUE(orders.schema[2].required);
  ASSERT_EQ(spec.tables.size(), 3u);
  const TableSpec* silver = spec.FindTable("silver.orders");
  ASSERT_NE(silver, nullptr);
  EXPECT_EQ(silver->mode, TableMode::kMerge);
  EXPECT_EQ(silver->keys, std::vector<std::string>{"id"});
  EXPECT_EQ(silver->depends_on, std::vector<std::string>{"bronze.orders"});
  EXPECT_EQ(silver->sql_first_line, 24);  // the line after "sql: |"
  ASSERT_EQ(silver->expectations.size(), 2u);
  EXPECT_EQ(silver->expectations[0].action, ExpectAction::kQuarantine);
  EXPECT_EQ(silver->expectations[1].action, ExpectAction::kWarn);
  EXPECT_EQ(spec.variables.at("token"), "hunter2");
  auto order = TopologicalOrder(spec);
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(spec.tables[(*order)[2]].id, "gold.daily");
}

TEST(SpecParserTest, ProfileAndVarOverrideVariables) {
  SpecParse prod = Parse(kGood, {.profile = "prod"});
  ASSERT_TRUE(prod.errors.empty()) << Errors(prod);
  EXPECT_EQ(prod.spec.sources.at("orders").path, "/prod/data/orders_*.csv");
  SpecParse var = Parse(kGood, {.profile = "prod", .variables = {{"data_dir", "/x"}}});
  EXPECT_EQ(var.spec.sources.at("orders").path, "/x/orders_*.csv");
  SpecParse bad = Parse(kGood, {.profile = "prd"});
  EXPECT_NE(Errors(bad).find("unknown profile 'prd' (did you mean 'prod'?)"), std::string::npos)
      << Errors(bad);
}

TEST(SpecParserTest, BadYamlHasLineAndColumn) {
  SpecParse parsed = Parse("name: x\ntables:\n  bronze.a: {from: [\n");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_NE(parsed.errors[0].ToString().find("pipeline.yaml:"), std::string::npos);
  EXPECT_NE(parsed.errors[0].ToString().find("invalid YAML"), std::string::npos);
  SpecParse tab = Parse("name: x\ntables:\n  a: b\n c: d\n");
  ASSERT_EQ(tab.errors.size(), 1u);
  EXPECT_NE(tab.errors[0].ToString().find("pipeline.yaml:4:"), std::string::npos)
      << tab.errors[0].ToString();
}

TEST(SpecParserTest, UnknownKeySuggestsNearMatch) {
  SpecParse parsed = Parse(
      "name: x\nsources:\n  s: {path: a.csv}\ntables:\n  bronze.a:\n    from: s\n    mdoe: "
      "append\n");
  ASSERT_EQ(parsed.errors.size(), 1u) << Errors(parsed);
  EXPECT_EQ(parsed.errors[0].ToString(),
            "/tmp/p/pipeline.yaml:7:5: unknown key 'mdoe' in table 'bronze.a' (did you mean "
            "'mode'?)");
}

TEST(SpecParserTest, WrongTypesAndMissingFields) {
  SpecParse parsed = Parse(
      "name: x\nsources:\n  s: {format: csv}\ntables:\n  bronze.a:\n    from: s\n    keys: {a: 1}\n"
      "  silver.b:\n    mode: merge\n    sql: SELECT 1\n  gold.c:\n    mode: sideways\n    sql: "
      "SELECT 1\n");
  std::string errors = Errors(parsed);
  EXPECT_NE(errors.find("pipeline.yaml:3:6: source 's': missing required key 'path'"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("pipeline.yaml:7:11: keys must be a list, not a map"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("mode merge needs 'keys'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("pipeline.yaml:12:11: unknown mode 'sideways'"), std::string::npos)
      << errors;
}

TEST(SpecParserTest, UnknownSourceAndTableSuggest) {
  SpecParse source =
      Parse("name: x\nsources:\n  orders: {path: a.csv}\ntables:\n  bronze.a:\n    from: order\n");
  EXPECT_NE(Errors(source).find(
                "pipeline.yaml:6:11: table 'bronze.a': unknown source 'order' (did you mean "
                "'orders'?)"),
            std::string::npos)
      << Errors(source);
  SpecParse table = Parse(
      "name: x\nsources:\n  orders: {path: a.csv}\ntables:\n  bronze.orders:\n    from: orders\n"
      "  silver.orders:\n    sql: |\n      SELECT *\n      FROM bronze.order\n");
  EXPECT_EQ(Errors(table),
            "/tmp/p/pipeline.yaml:10:12: table 'silver.orders' reads unknown table "
            "'bronze.order' (did you mean 'bronze.orders'?)\n");
}

TEST(SpecParserTest, CycleIsAnError) {
  SpecParse parsed = Parse(
      "name: x\ntables:\n  silver.a:\n    sql: SELECT * FROM silver.b\n  silver.b:\n    sql: "
      "SELECT * FROM silver.a\n");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_NE(parsed.errors[0].ToString().find(
                "pipeline.yaml:3:3: cycle between tables: silver.a -> silver.b -> silver.a"),
            std::string::npos)
      << parsed.errors[0].ToString();
}

TEST(SpecParserTest, UnknownVariableNeverPrintsValues) {
  SpecParse parsed = Parse(
      "name: x\nvariables:\n  data_dir: ${SECRET_TOKEN}\nsources:\n  s: {path: "
      "'${data_dri}/a.csv'}\ntables:\n  bronze.a: {from: s}\n");
  std::string errors = Errors(parsed);
  EXPECT_NE(errors.find("unknown variable 'data_dri' (did you mean 'data_dir'?)"),
            std::string::npos)
      << errors;
  EXPECT_EQ(errors.find("hunter2"), std::string::npos);
}

TEST(SqlRefsTest, FindsReferencesOutsideStringsAndComments) {
  auto refs = FindTableRefs(
      "SELECT s.x, 'bronze.no' FROM bronze.orders s -- silver.no\nJOIN Silver.Items i ON "
      "silver.items.id = 1 /* gold.no */",
      {"bronze", "silver", "gold"});
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].id(), "bronze.orders");
  EXPECT_EQ(refs[1].id(), "silver.items");
  EXPECT_EQ(refs[1].line, 2);
  EXPECT_EQ(RewriteTableRefs("SELECT * FROM bronze.a JOIN bronze.b",
                             FindTableRefs("SELECT * FROM bronze.a JOIN bronze.b", {"bronze"}),
                             {"x", "yy"}),
            "SELECT * FROM x JOIN yy");
}

TEST(DagTest, SelectDownstreamAndUpstream) {
  SpecParse parsed = Parse(kGood);
  ASSERT_TRUE(parsed.errors.empty());
  auto down = SelectTables(parsed.spec, "silver.orders+");
  ASSERT_TRUE(down.ok());
  EXPECT_EQ(*down, (std::set<std::string>{"silver.orders", "gold.daily"}));
  auto up = SelectTables(parsed.spec, "+silver.orders");
  EXPECT_EQ(*up, (std::set<std::string>{"silver.orders", "bronze.orders"}));
  auto bad = SelectTables(parsed.spec, "gold.dialy");
  EXPECT_NE(bad.status().message().find("did you mean 'gold.daily'"), std::string::npos);
}

TEST(SuggestTest, EditDistance) {
  EXPECT_EQ(EditDistance("mode", "mdoe"), 2u);
  EXPECT_EQ(DidYouMean("zzz", {"mode"}), "");
}

}  // namespace
}  // namespace ingot::pipeline
