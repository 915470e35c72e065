#include "delta/log/schema.h"

#include <gtest/gtest.h>

namespace ingot::delta {
namespace {

TEST(delta_Schema, ParsesEveryTypeAndRoundTrips) {
  std::string json =
      R"({"type":"struct","fields":[)"
      R"({"name":"s","type":"string","nullable":true,"metadata":{}},)"
      R"({"name":"l","type":"long","nullable":false,"metadata":{"delta.identity.start":1,)"
      R"("delta.columnMapping.physicalName":"col-1","comment":"a \"b\""}},)"
      R"({"name":"i","type":"integer","nullable":true,"metadata":{}},)"
      R"({"name":"sh","type":"short","nullable":true,"metadata":{}},)"
      R"({"name":"by","type":"byte","nullable":true,"metadata":{}},)"
      R"({"name":"f","type":"float","nullable":true,"metadata":{}},)"
      R"({"name":"d","type":"double","nullable":true,"metadata":{}},)"
      R"({"name":"bo","type":"boolean","nullable":true,"metadata":{}},)"
      R"({"name":"bi","type":"binary","nullable":true,"metadata":{}},)"
      R"({"name":"da","type":"date","nullable":true,"metadata":{}},)"
      R"({"name":"ts","type":"timestamp","nullable":true,"metadata":{}},)"
      R"({"name":"ntz","type":"timestamp_ntz","nullable":true,"metadata":{}},)"
      R"j({"name":"dec","type":"decimal(38,18)","nullable":true,"metadata":{}},)j"
      R"({"name":"v","type":"void","nullable":true,"metadata":{}},)"
      R"({"name":"var","type":"variant","nullable":true,"metadata":{}},)"
      R"({"name":"arr","type":{"type":"array","elementType":{"type":"struct","fields":[)"
      R"({"name":"x","type":"integer","nullable":true,"metadata":{}}]},"containsNull":false},)"
      R"("nullable":true,"metadata":{}},)"
      R"({"name":"m","type":{"type":"map","keyType":"string","valueType":{"type":"array",)"
      R"("elementType":"double","containsNull":true},"valueContainsNull":true},)"
      R"("nullable":true,"metadata":{}}]})";
  Result<DataType> schema = ParseSchema(json);
  ASSERT_TRUE(schema.ok()) << schema.status();
  ASSERT_EQ(schema->kind(), TypeKind::kStruct);
  ASSERT_EQ(schema->fields().size(), 17u);
  const StructField* l = schema->FindField("l");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->type, DataType(TypeKind::kLong));
  EXPECT_FALSE(l->nullable);
  EXPECT_EQ(l->metadata, R"({"delta.identity.start":1,"delta.columnMapping.physicalName":"col-1",)"
                         R"("comment":"a \"b\""})");
  EXPECT_EQ(schema->FindField("dec")->type, DataType::Decimal(38, 18));
  EXPECT_EQ(schema->FindField("ntz")->type.kind(), TypeKind::kTimestampNtz);
  const DataType& arr = schema->FindField("arr")->type;
  EXPECT_EQ(arr.kind(), TypeKind::kArray);
  EXPECT_FALSE(arr.contains_null());
  EXPECT_EQ(arr.element_type().fields()[0].name, "x");
  const DataType& m = schema->FindField("m")->type;
  EXPECT_EQ(m.key_type(), DataType(TypeKind::kString));
  EXPECT_EQ(m.value_type(), DataType::Array(DataType(TypeKind::kDouble), true));
  EXPECT_TRUE(m.value_contains_null());
  EXPECT_EQ(m.ToString(), "map<string,array<double>>");
  EXPECT_EQ(SerializeDataType(*schema), json);
  EXPECT_EQ(schema->FindField("nope"), nullptr);
}

TEST(delta_Schema, BuildsAndSerializes) {
  DataType schema = DataType::Struct({
      StructField{"id", DataType(TypeKind::kLong), false, "{}"},
      StructField{"tags",
                  DataType::Map(DataType(TypeKind::kString), DataType(TypeKind::kString), false)},
      StructField{"amount", DataType::Decimal(10, 2)},
  });
  EXPECT_EQ(SerializeDataType(schema),
            R"({"type":"struct","fields":[{"name":"id","type":"long","nullable":false,)"
            R"("metadata":{}},{"name":"tags","type":{"type":"map","keyType":"string",)"
            R"("valueType":"string","valueContainsNull":false},"nullable":true,"metadata":{}},)"
            R"j({"name":"amount","type":"decimal(10,2)","nullable":true,"metadata":{}}]})j");
  EXPECT_EQ(ParseSchema(SerializeDataType(schema)).ValueOrDie(), schema);
  EXPECT_EQ(schema.ToString(), "struct<id:long,tags:map<string,string>,amount:decimal(10,2)>");
}

TEST(delta_Schema, LenientWhereSparkIs) {
  EXPECT_EQ(ParseDataType(R"("decimal")").ValueOrDie(), DataType::Decimal(10, 0));
  EXPECT_EQ(ParseDataType(R"j("decimal( 5 , 2 )")j").ValueOrDie(), DataType::Decimal(5, 2));
  Result<DataType> minimal =
      ParseSchema(R"({"type":"struct","fields":[{"name":"a","type":"integer","extra":1}]})");
  ASSERT_TRUE(minimal.ok()) << minimal.status();
  EXPECT_TRUE(minimal->fields()[0].nullable);
  EXPECT_EQ(minimal->fields()[0].metadata, "{}");
  EXPECT_TRUE(ParseSchema(R"({"type":"struct","fields":[]})").ValueOrDie().fields().empty());
}

TEST(delta_Schema, ErrorsNameTheFieldPath) {
  auto message = [](std::string_view json) { return ParseSchema(json).status().message(); };
  EXPECT_EQ(message(R"({"type":"struct","fields":[{"name":"a","type":{"type":"struct","fields":[)"
                    R"({"name":"b","type":{"type":"array","elementType":"geography"}}]}}]})"),
            "schema field 'a.b.element': unknown type 'geography'");
  EXPECT_EQ(message(R"({"type":"struct","fields":[{"name":"m","type":{"type":"map",)"
                    R"j("keyType":"string","valueType":"decimal(39,0)"}}]})j"),
            "schema field 'm.value': invalid decimal type 'decimal(39,0)'");
  EXPECT_EQ(message(R"({"type":"struct","fields":[{"name":"a"}]})"),
            "schema field 'a': missing 'type'");
  EXPECT_EQ(message(R"({"type":"struct","fields":[{"type":"long"}]})"),
            "schema: field #0 has no string 'name'");
  EXPECT_EQ(message(R"({"type":"struct","fields":[{"name":"a","type":"long","nullable":"yes"}]})"),
            "schema field 'a': 'nullable' must be a boolean, got string");
  EXPECT_EQ(message(R"({"type":"struct","fields":[{"name":"a","type":"long","metadata":[]}]})"),
            "schema field 'a': 'metadata' must be an object, got array");
  EXPECT_EQ(message(R"("long")"), "schema: the root type must be a struct, got long");
  EXPECT_EQ(message(R"({"type":"array"})"), "schema: missing 'elementType'");
  EXPECT_TRUE(ParseSchema("{").status().IsCorruption());
  EXPECT_EQ(ParseDataType("5").status().message(),
            "schema: a type must be a string or an object, got number");
}

}  // namespace
}  // namespace ingot::delta
