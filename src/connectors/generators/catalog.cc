#include "connectors/generators/catalog.h"

#include <array>

namespace ingot::generators {
namespace {

using SV = std::string_view;

constexpr std::array<SV, 8> kUsCities{"New York", "Los Angeles", "Chicago", "Houston",
                                      "Phoenix",  "Seattle",     "Boston",  "Miami"};
constexpr std::array<SV, 6> kGbCities{"London",  "Manchester", "Birmingham",
                                      "Glasgow", "Leeds",      "Bristol"};
constexpr std::array<SV, 6> kDeCities{"Berlin",  "Hamburg",   "Munich",
                                      "Cologne", "Frankfurt", "Stuttgart"};
constexpr std::array<SV, 5> kFrCities{"Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux"};
constexpr std::array<SV, 4> kNlCities{"Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"};
constexpr std::array<SV, 4> kEsCities{"Madrid", "Barcelona", "Valencia", "Seville"};
constexpr std::array<SV, 4> kItCities{"Rome", "Milan", "Naples", "Turin"};
constexpr std::array<SV, 4> kCaCities{"Toronto", "Montreal", "Vancouver", "Calgary"};
constexpr std::array<SV, 4> kAuCities{"Sydney", "Melbourne", "Brisbane", "Perth"};
constexpr std::array<SV, 4> kJpCities{"Tokyo", "Osaka", "Nagoya", "Sapporo"};
constexpr std::array<SV, 4> kBrCities{"Sao Paulo", "Rio de Janeiro", "Brasilia", "Curitiba"};
constexpr std::array<SV, 4> kInCities{"Mumbai", "Delhi", "Bengaluru", "Chennai"};

constexpr std::array<Country, 12> kCountries{{
    {"US", "USD", 1'000'000, 30, kUsCities},
    {"GB", "GBP", 790'000, 12, kGbCities},
    {"DE", "EUR", 920'000, 12, kDeCities},
    {"FR", "EUR", 920'000, 9, kFrCities},
    {"NL", "EUR", 920'000, 4, kNlCities},
    {"ES", "EUR", 920'000, 5, kEsCities},
    {"IT", "EUR", 920'000, 5, kItCities},
    {"CA", "CAD", 1'360'000, 6, kCaCities},
    {"AU", "AUD", 1'520'000, 4, kAuCities},
    {"JP", "JPY", 150'000'000, 5, kJpCities},
    {"BR", "BRL", 5'000'000, 4, kBrCities},
    {"IN", "INR", 83'000'000, 4, kInCities},
}};

constexpr std::array<SV, 5> kElectronicsSub{"Headphones", "Smartphone", "Laptop", "Monitor",
                                            "Camera"};
constexpr std::array<SV, 5> kElectronicsBrands{"Sonix", "Voltra", "Pixelon", "Nordtek", "Aperio"};
constexpr std::array<SV, 5> kClothingSub{"T-Shirt", "Jeans", "Jacket", "Sneakers", "Dress"};
constexpr std::array<SV, 4> kClothingBrands{"Urbanline", "Fjord & Co", "Kestrel", "Maison Vert"};
constexpr std::array<SV, 4> kHomeSub{"Lamp", "Cookware Set", "Bedding", "Storage Box"};
constexpr std::array<SV, 4> kHomeBrands{"Hearthly", "Casa Nova", "Oakridge", "Lumen"};
constexpr std::array<SV, 4> kBooksSub{"Novel", "Cookbook", "Biography", "Textbook"};
constexpr std::array<SV, 3> kBooksBrands{"Quill Press", "Harbor Books", "Meridian"};
constexpr std::array<SV, 4> kSportsSub{"Yoga Mat", "Running Shoes", "Bicycle", "Dumbbells"};
constexpr std::array<SV, 4> kSportsBrands{"Strideon", "Peakform", "Velox", "Summit"};
constexpr std::array<SV, 4> kBeautySub{"Moisturizer", "Perfume", "Shampoo", "Lipstick"};
constexpr std::array<SV, 3> kBeautyBrands{"Aurelle", "Bloom Lab", "Velvetine"};
constexpr std::array<SV, 4> kToysSub{"Board Game", "Puzzle", "Building Set", "Plush Toy"};
constexpr std::array<SV, 3> kToysBrands{"Playwell", "Brickory", "Tumble"};
constexpr std::array<SV, 4> kGrocerySub{"Coffee", "Tea", "Olive Oil", "Chocolate"};
constexpr std::array<SV, 3> kGroceryBrands{"Green Valley", "Roastery 9", "Cacao & Co"};

constexpr std::array<Category, 8> kCategories{{
    {"Electronics", 14, kElectronicsSub, kElectronicsBrands, 1'999, 249'999},
    {"Clothing", 20, kClothingSub, kClothingBrands, 999, 24'999},
    {"Home", 15, kHomeSub, kHomeBrands, 799, 39'999},
    {"Books", 12, kBooksSub, kBooksBrands, 499, 8'999},
    {"Sports", 11, kSportsSub, kSportsBrands, 1'499, 89'999},
    {"Beauty", 10, kBeautySub, kBeautyBrands, 399, 14'999},
    {"Toys", 9, kToysSub, kToysBrands, 599, 12'999},
    {"Grocery", 9, kGrocerySub, kGroceryBrands, 199, 4'999},
}};

constexpr std::array<SV, 40> kFirstNames{
    "James", "Mary",  "Robert", "Patricia", "John",  "Jennifer", "Michael", "Linda",
    "David", "Sarah", "Lukas",  "Emma",     "Noah",  "Olivia",   "Liam",    "Sophia",
    "Mateo", "Lucia", "Hugo",   "Chloe",    "Ravi",  "Priya",    "Yuki",    "Haruto",
    "Ana",   "Pedro", "Marco",  "Giulia",   "Sven",  "Ingrid",   "Omar",    "Fatima",
    "Wei",   "Mei",   "Arjun",  "Ananya",   "Lucas", "Camille",  "Thomas",  "Amelia"};
constexpr std::array<SV, 40> kLastNames{
    "Smith",   "Johnson", "Williams",  "Brown",    "Jones",   "Garcia",  "Miller",   "Davis",
    "Mueller", "Schmidt", "Schneider", "Fischer",  "Martin",  "Bernard", "Dubois",   "Rossi",
    "Russo",   "Ferrari", "Lopez",     "Martinez", "Sanchez", "Perez",   "Silva",    "Santos",
    "Tanaka",  "Suzuki",  "Sato",      "Sharma",   "Patel",   "Singh",   "de Vries", "Jansen",
    "O'Brien", "Murphy",  "Walsh",     "Taylor",   "Wilson",  "Nguyen",  "Kim",      "Chen"};
constexpr std::array<SV, 6> kEmailDomains{"example.com",  "mail.example",    "inbox.example",
                                          "post.example", "webmail.example", "shop.example"};
constexpr std::array<SV, 12> kAdjectives{"Classic", "Pro",     "Ultra",   "Eco",
                                         "Deluxe",  "Compact", "Premium", "Essential",
                                         "Smart",   "Vintage", "Sport",   "Lite"};
constexpr std::array<Weighted, 5> kPaymentMethods{
    {{"card", 55}, {"paypal", 20}, {"apple_pay", 12}, {"bank_transfer", 8}, {"gift_card", 5}}};
constexpr std::array<Weighted, 3> kSegments{
    {{"consumer", 80}, {"small_business", 15}, {"corporate", 5}}};
// Holiday season peaks, a summer dip, a quiet February.
constexpr std::array<int, 12> kMonthWeights{90, 80, 95, 95, 100, 95, 90, 95, 100, 110, 140, 165};
constexpr std::array<int, 7> kWeekdayWeights{95, 95, 100, 100, 110, 115, 85};
constexpr std::array<int, 24> kHourWeights{10, 6,  4,  3,  3,  5,  12, 25, 40,  50, 55, 60,
                                           65, 60, 55, 55, 60, 70, 85, 95, 100, 85, 55, 25};

}  // namespace

std::span<const Country> Countries() { return kCountries; }
std::span<const Category> Categories() { return kCategories; }
std::span<const std::string_view> FirstNames() { return kFirstNames; }
std::span<const std::string_view> LastNames() { return kLastNames; }
std::span<const std::string_view> EmailDomains() { return kEmailDomains; }
std::span<const std::string_view> ProductAdjectives() { return kAdjectives; }
std::span<const Weighted> PaymentMethods() { return kPaymentMethods; }
std::span<const Weighted> CustomerSegments() { return kSegments; }
std::span<const int> MonthWeights() { return kMonthWeights; }
std::span<const int> WeekdayWeights() { return kWeekdayWeights; }
std::span<const int> HourWeights() { return kHourWeights; }

}  // namespace ingot::generators
