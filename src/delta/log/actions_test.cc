#include "delta/log/actions.h"

#include <unordered_set>

#include <gtest/gtest.h>

#include "delta/log/json_value.h"
#include "delta/log/json_writer.h"

namespace ingot::delta {
namespace {

TEST(delta_Actions, KindNamesMatchTheVariantAndTheLogKeys) {
  EXPECT_EQ(ActionKindName(Action(Add{})), "add");
  EXPECT_EQ(ActionKindName(Action(Metadata{})), "metaData");
  EXPECT_EQ(ActionKindName(Action(AddCDCFile{})), "cdc");
  EXPECT_EQ(ActionKindName(Action(Txn{})), "txn");
  EXPECT_EQ(KindOf(Action(Sidecar{})), ActionKind::kSidecar);
  for (int i = 0; i <= static_cast<int>(ActionKind::kSidecar); ++i) {
    auto kind = static_cast<ActionKind>(i);
    EXPECT_EQ(ActionKindFromName(ActionKindName(kind)), kind);
  }
  EXPECT_EQ(ActionKindFromName("metadata"), std::nullopt);  // the key is "metaData"
}

TEST(delta_Actions, DeletionVectorUniqueIdAndFileKeys) {
  DeletionVectorDescriptor on_disk{"u", "ab^-aqEH.-t@S}K{vb[*k^", 4, 40, 6, std::nullopt};
  EXPECT_EQ(on_disk.UniqueId(), "uab^-aqEH.-t@S}K{vb[*k^@4");
  DeletionVectorDescriptor inline_dv{
      "i", "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", std::nullopt, 40, 6, std::nullopt};
  EXPECT_EQ(inline_dv.UniqueId(), "iwi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L");

  Add plain;
  plain.path = "a.parquet";
  Add with_dv = plain;
  with_dv.deletion_vector = on_disk;
  Remove removed;
  removed.path = "a.parquet";
  removed.deletion_vector = on_disk;
  EXPECT_EQ(plain.Key(), (FileKey{"a.parquet", ""}));
  EXPECT_NE(plain.Key(), with_dv.Key());
  EXPECT_EQ(with_dv.Key(), removed.Key());
  std::unordered_set<FileKey, FileKeyHash> keys = {plain.Key(), with_dv.Key(), removed.Key()};
  EXPECT_EQ(keys.size(), 2u);
}

TEST(delta_Actions, LogPathsAreDecodedOnce) {
  Add add;
  add.path = "_2=bar+%252521/part-0.parquet";
  EXPECT_EQ(add.DecodedPath().ValueOrDie(), "_2=bar+%2521/part-0.parquet");
  add.path = "bad%zz";
  EXPECT_TRUE(add.DecodedPath().status().IsCorruption());

  EXPECT_EQ(EncodeLogPath("as_timestamp=2021-09-08 11%3A11%3A11/part-0.parquet"),
            "as_timestamp=2021-09-08%2011%253A11%253A11/part-0.parquet");
  EXPECT_EQ(EncodeLogPath("special p@#h"), "special%20p@%23h");
  for (std::string path : {"a b/c?d#e%f", "x=1/y=\xC3\xA9/z.parquet", "plain/file.parquet"}) {
    EXPECT_EQ(DecodeLogPath(EncodeLogPath(path)).ValueOrDie(), path);
  }
}

TEST(delta_Actions, JsonFieldsHelpers) {
  JsonFields fields = {{"mode", QuoteJsonString("Append")}, {"auto", "false"}};
  EXPECT_EQ(*FindJsonField(fields, "mode"), "\"Append\"");
  EXPECT_EQ(FindJsonField(fields, "none"), nullptr);
  EXPECT_EQ(JsonFieldAsString(fields, "mode"), "Append");
  EXPECT_EQ(JsonFieldAsString(fields, "auto"), "false");
  SetJsonField(&fields, "auto", "true");
  SetJsonField(&fields, "partitionBy", QuoteJsonString("[\"day\"]"));
  EXPECT_EQ(
      fields,
      (JsonFields{{"mode", "\"Append\""}, {"auto", "true"}, {"partitionBy", "\"[\\\"day\\\"]\""}}));
  EXPECT_EQ(JsonFieldAsString(fields, "partitionBy"), "[\"day\"]");
}

TEST(delta_JsonValue, ParsesKeepingNumberTextAndOrder) {
  Result<JsonValue> value =
      JsonValue::Parse(R"( {"b":0E-10,"a":[1,-2.50,true,null,"x\u00e9\n"],"b":{}} )");
  ASSERT_TRUE(value.ok()) << value.status();
  ASSERT_EQ(value->members.size(), 3u);
  EXPECT_EQ(value->members[0].key, "b");
  EXPECT_EQ(value->Find("b")->text, "0E-10");  // the first "b"
  EXPECT_EQ(value->Find("a")->elements[1].text, "-2.50");
  EXPECT_EQ(value->Find("a")->elements[4].text, "x\xC3\xA9\n");
  EXPECT_EQ(value->ToJson(), R"({"b":0E-10,"a":[1,-2.50,true,null,"x)"
                             "\xC3\xA9"
                             R"(\n"],"b":{}})");
  EXPECT_EQ(JsonValue::Parse("9223372036854775807")->ToInt64().ValueOrDie(), INT64_MAX);
  EXPECT_FALSE(JsonValue::Parse("9223372036854775808")->ToInt64().ok());
  EXPECT_FALSE(JsonValue::Parse("1.0")->ToInt64().ok());
  EXPECT_EQ(JsonValue::Parse("\"s\"")->text, "s");
}

TEST(delta_JsonValue, RejectsMalformedInput) {
  for (std::string_view bad : {"", "{", "{\"a\":}", "[1,]", "{} {}", "nul", "\"unterminated"}) {
    Result<JsonValue> value = JsonValue::Parse(bad);
    EXPECT_FALSE(value.ok()) << bad;
    EXPECT_TRUE(value.status().IsCorruption()) << bad;
  }
  EXPECT_EQ(DecodeJsonString("\"a\\\"b\\u0041\"").ValueOrDie(), "a\"bA");
  EXPECT_FALSE(DecodeJsonString("12").ok());
}

TEST(delta_JsonWriter, EscapesLikeJackson) {
  EXPECT_EQ(QuoteJsonString("a\"b\\c/d\te\x01\x7F\xC3\xA9"),
            "\"a\\\"b\\\\c/d\\te\\u0001\x7F\xC3\xA9\"");
  JsonWriter w;
  w.BeginObject();
  w.StringField("s", "x");
  w.Key("a");
  w.BeginArray();
  w.Int64(INT64_MIN);
  w.Bool(true);
  w.Null();
  w.Raw("{\"k\":1}");
  w.EndArray();
  w.StringMapField("m", {{"b", "2"}, {"a", "1"}});
  w.StringArrayField("e", {});
  w.EndObject();
  EXPECT_EQ(
      w.Release(),
      R"({"s":"x","a":[-9223372036854775808,true,null,{"k":1}],"m":{"a":"1","b":"2"},"e":[]})");
  EXPECT_EQ(w.str(), "");
}

}  // namespace
}  // namespace ingot::delta
