#pragma once

// Fixed reference data behind the e-commerce generator: countries with their cities and currency,
// names, product categories, payment methods. Weights are relative integers.
#include <cstdint>
#include <span>
#include <string_view>

namespace ingot::generators {

struct Country {
  std::string_view code;      // ISO 3166-1 alpha-2
  std::string_view currency;  // ISO 4217
  int64_t usd_rate_micros;    // units of the currency per USD, times 1e6
  int weight;                 // share of customers
  std::span<const std::string_view> cities;
};

struct Category {
  std::string_view name;
  int weight;  // share of products
  std::span<const std::string_view> subcategories;
  std::span<const std::string_view> brands;
  int64_t min_price_cents;  // list prices in USD
  int64_t max_price_cents;
};

struct Weighted {
  std::string_view name;
  int weight;
};

std::span<const Country> Countries();
std::span<const Category> Categories();
std::span<const std::string_view> FirstNames();
std::span<const std::string_view> LastNames();
std::span<const std::string_view> EmailDomains();
std::span<const std::string_view> ProductAdjectives();
std::span<const Weighted> PaymentMethods();
std::span<const Weighted> CustomerSegments();

// Relative order volume per month (index 0 = January), per weekday (0 = Monday) and per hour.
std::span<const int> MonthWeights();
std::span<const int> WeekdayWeights();
std::span<const int> HourWeights();

}  // namespace ingot::generators
