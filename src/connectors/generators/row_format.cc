#include "connectors/generators/row_format.h"

#include <charconv>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "connectors/generators/calendar.h"
#include "connectors/generators/catalog.h"
#include "connectors/generators/random.h"

namespace ingot::generators {
namespace {

constexpr uint64_t kRenderSalt = 0x4e4de4;

// One row being built in a fixed buffer (rows are short: every text comes from the catalog).
class Line {
 public:
  explicit Line(OutputFormat format) : json_(format == OutputFormat::kJson) {
    if (json_) *p_++ = '{';
  }

  void Int(std::string_view key, int64_t value) {
    Key(key);
    p_ = std::to_chars(p_, end_, value).ptr;
  }

  // Cents as a decimal with two digits: -1234 -> "-12.34".
  void Cents(std::string_view key, int64_t cents) {
    Key(key);
    if (cents < 0) {
      *p_++ = '-';
      cents = -cents;
    }
    p_ = std::to_chars(p_, end_, cents / 100).ptr;
    *p_++ = '.';
    *p_++ = static_cast<char>('0' + cents % 100 / 10);
    *p_++ = static_cast<char>('0' + cents % 10);
  }

  void Text(std::string_view key, std::string_view value) {
    Key(key);
    bool quote = json_;
    for (size_t i = 0; !quote && i < value.size(); ++i) {
      quote = value[i] == ',' || value[i] == '"' || value[i] == '\n';
    }
    if (quote) *p_++ = '"';
    for (char c : value) {
      if (c == '"') *p_++ = json_ ? '\\' : '"';
      if (json_ && c == '\\') *p_++ = '\\';
      *p_++ = c;
    }
    if (quote) *p_++ = '"';
  }

  void Null(std::string_view key) {
    Key(key);
    if (json_) Raw("null");
  }

  // "2025-03-14T09:26:53Z"
  void Timestamp(std::string_view key, int64_t seconds) {
    Key(key);
    if (json_) *p_++ = '"';
    int64_t days = seconds / 86400;
    int64_t rest = seconds % 86400;
    if (rest < 0) {
      rest += 86400;
      --days;
    }
    DatePart(days);
    *p_++ = 'T';
    TwoDigits(rest / 3600);
    *p_++ = ':';
    TwoDigits(rest / 60 % 60);
    *p_++ = ':';
    TwoDigits(rest % 60);
    *p_++ = 'Z';
    if (json_) *p_++ = '"';
  }

  void Date(std::string_view key, int64_t days) {
    Key(key);
    if (json_) *p_++ = '"';
    DatePart(days);
    if (json_) *p_++ = '"';
  }

  // A value written as given in CSV and as a JSON string.
  void Malformed(std::string_view key, std::string_view text) { Text(key, text); }

  char* cursor() { return p_; }
  void set_cursor(char* p) { p_ = p; }

  void AppendTo(std::string* out) {
    if (json_) *p_++ = '}';
    *p_++ = '\n';
    out->append(buf_, static_cast<size_t>(p_ - buf_));
  }

 private:
  void Key(std::string_view key) {
    if (!first_) *p_++ = ',';
    first_ = false;
    if (!json_) return;
    *p_++ = '"';
    Raw(key);
    *p_++ = '"';
    *p_++ = ':';
  }
  void Raw(std::string_view text) {
    std::memcpy(p_, text.data(), text.size());
    p_ += text.size();
  }
  void TwoDigits(int64_t v) {
    *p_++ = static_cast<char>('0' + v / 10);
    *p_++ = static_cast<char>('0' + v % 10);
  }
  // "YYYY-MM-DD"; the last day formatted on this thread is cached (a row's two timestamps often
  // share it).
  void DatePart(int64_t days) {
    thread_local int64_t cached_day = INT64_MIN;
    thread_local char cached[10];
    if (days != cached_day) {
      char* start = p_;
      CivilDate date = CivilFromDays(days);
      TwoDigits(date.year / 100);
      TwoDigits(date.year % 100);
      *p_++ = '-';
      TwoDigits(date.month);
      *p_++ = '-';
      TwoDigits(date.day);
      std::memcpy(cached, start, sizeof(cached));
      cached_day = days;
      return;
    }
    std::memcpy(p_, cached, sizeof(cached));
    p_ += sizeof(cached);
  }

  bool json_;
  bool first_ = true;
  char buf_[1024];
  char* p_ = buf_;
  char* end_ = buf_ + sizeof(buf_);
};

void AppendHeader(OutputFormat format, std::string_view header, std::string* out) {
  if (format != OutputFormat::kCsv) return;
  out->append(header);
  out->push_back('\n');
}

// Lower-case letters of `name` only: "O'Brien" -> "obrien".
void AppendEmailPart(std::string_view name, std::string* out) {
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') out->push_back(static_cast<char>(c - 'A' + 'a'));
    if (c >= 'a' && c <= 'z') out->push_back(c);
  }
}

}  // namespace

void RowFormat::AppendCustomerHeader(std::string* out) const {
  AppendHeader(format_, "customer_id,name,email,country,city,signup_date,segment", out);
}

void RowFormat::AppendProductHeader(std::string* out) const {
  AppendHeader(format_, "product_id,name,category,subcategory,brand,unit_price,cost", out);
}

void RowFormat::AppendTransactionHeader(std::string* out) const {
  AppendHeader(format_,
               "transaction_id,order_id,customer_id,product_id,quantity,unit_price,discount,"
               "amount,currency,payment_method,country,status,event_time,updated_at",
               out);
}

void RowFormat::AppendCustomer(const Customer& c, std::string* out) const {
  std::string name;
  name.append(c.first_name).append(" ").append(c.last_name);
  std::string email;
  AppendEmailPart(c.first_name, &email);
  email.push_back('.');
  AppendEmailPart(c.last_name, &email);
  email.append(std::to_string(c.email_number)).append("@").append(c.email_domain);
  Line line(format_);
  line.Int("customer_id", c.id);
  line.Text("name", name);
  line.Text("email", email);
  line.Text("country", Countries()[static_cast<size_t>(c.country)].code);
  line.Text("city", c.city);
  line.Date("signup_date", c.signup_day);
  line.Text("segment", c.segment);
  line.AppendTo(out);
}

void RowFormat::AppendProduct(const Product& p, std::string* out) const {
  std::string name;
  name.append(p.brand).append(" ").append(p.adjective).append(" ").append(p.subcategory);
  name.append(" ").append(std::to_string(p.model_number));
  Line line(format_);
  line.Int("product_id", p.id);
  line.Text("name", name);
  line.Text("category", Categories()[static_cast<size_t>(p.category)].name);
  line.Text("subcategory", p.subcategory);
  line.Text("brand", p.brand);
  line.Cents("unit_price", p.price_cents);
  line.Cents("cost", p.cost_cents);
  line.AppendTo(out);
}

void RowFormat::AppendTransaction(const Transaction& tx, DirtyKind dirty, std::string* out) const {
  // Which field a spoiled row breaks, and how: a pure function of the id like everything else.
  const uint64_t variant =
      dirty == DirtyKind::kNone
          ? 0
          : HashKey(params_.seed, static_cast<uint64_t>(tx.transaction_id), kRenderSalt);
  const bool null_row = dirty == DirtyKind::kNullRequired;
  const uint64_t null_field = variant % 6;  // 0 id, 1 customer, 2 product, 3 quantity, 4 amount,
                                            // 5 event_time
  const Country& country = Countries()[static_cast<size_t>(tx.country)];
  Line line(format_);

  if (null_row && null_field == 0) {
    line.Null("transaction_id");
  } else {
    line.Int("transaction_id", tx.transaction_id);
  }
  line.Int("order_id", tx.order_id);
  if (null_row && null_field == 1) {
    line.Null("customer_id");
  } else {
    line.Int("customer_id", tx.customer_id);
  }
  if (null_row && null_field == 2) {
    line.Null("product_id");
  } else if (dirty == DirtyKind::kUnknownProduct) {
    line.Int("product_id", params_.products + 1 + static_cast<int64_t>(variant % 100'000));
  } else {
    line.Int("product_id", tx.product_id);
  }
  if (null_row && null_field == 3) {
    line.Null("quantity");
  } else if (dirty == DirtyKind::kNonNumericQuantity) {
    static constexpr std::string_view kWords[] = {"two", "1x", "several", "N/A", "3 pcs"};
    line.Malformed("quantity", kWords[variant % 5]);
  } else {
    line.Int("quantity", tx.quantity);
  }
  line.Cents("unit_price", tx.unit_price_cents);
  line.Cents("discount", tx.discount_pct);  // a fraction: 15 -> "0.15"
  if (null_row && null_field == 4) {
    line.Null("amount");
  } else if (dirty == DirtyKind::kNegativeAmount) {
    line.Cents("amount", -tx.amount_cents);
  } else {
    line.Cents("amount", tx.amount_cents);
  }
  line.Text("currency", country.currency);
  line.Text("payment_method", PaymentMethods()[static_cast<size_t>(tx.payment_method)].name);
  line.Text("country", country.code);
  line.Text("status", TxStatusName(tx.status));
  if (null_row && null_field == 5) {
    line.Null("event_time");
  } else if (dirty == DirtyKind::kMalformedDate) {
    const CivilDate date = CivilFromDays(tx.event_time / 86400);
    char text[48];
    switch (variant % 4) {
      case 0:  // no 13th month
        std::snprintf(text, sizeof(text), "%04d-13-%02dT10:00:00Z", date.year, date.day);
        break;
      case 1:  // day-first local format
        std::snprintf(text, sizeof(text), "%02d/%02d/%04d %02d:%02d", date.day, date.month,
                      date.year, static_cast<int>(tx.event_time / 3600 % 24),
                      static_cast<int>(tx.event_time / 60 % 60));
        break;
      case 2:  // a 32nd day
        std::snprintf(text, sizeof(text), "%04d-%02d-32T08:15:00Z", date.year, date.month);
        break;
      default:
        std::snprintf(text, sizeof(text), "not a date");
        break;
    }
    line.Malformed("event_time", text);
  } else {
    line.Timestamp("event_time", tx.event_time);
  }
  line.Timestamp("updated_at", tx.updated_at);
  line.AppendTo(out);
}

}  // namespace ingot::generators
