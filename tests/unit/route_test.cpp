#include "app/route.h"

#include <gtest/gtest.h>

using namespace mm::app;
using mm::core::Query;

TEST(Route, NamesEveryScreen) {
  EXPECT_EQ(parse_route("/market").screen, Screen::Market);
  EXPECT_EQ(parse_route("/").screen, Screen::Market);
  const Route model = parse_route("/model/quill-7b");
  EXPECT_EQ(model.screen, Screen::Model);
  EXPECT_EQ(model.slug, "quill-7b");
  EXPECT_EQ(parse_route("/profile").screen, Screen::Profile);
  EXPECT_EQ(parse_route("/profile/models").screen, Screen::MyModels);
  EXPECT_EQ(parse_route("/how-it-works").screen, Screen::HowItWorks);
  EXPECT_EQ(parse_route("/sign-in").screen, Screen::SignIn);
  EXPECT_EQ(parse_route("/nowhere").screen, Screen::NotFound);
  EXPECT_EQ(parse_route("/model/").screen, Screen::NotFound);
}

TEST(Route, MarketQueriesRoundTrip) {
  Query q;
  q.text = "fast & cheap";
  q.sort = mm::core::SortKey::PriceLow;
  q.categories = {"LLM", "Audio"};
  q.rating = mm::core::RatingFilter::AtLeast4_5;
  q.price = mm::core::PriceBand::From1mTo2m;
  q.tags = {"speech-to-text"};
  q.owned_only = true;
  const std::string text = market_route(q);
  EXPECT_EQ(text, "/market?q=fast%20%26%20cheap&sort=price-asc&cat=LLM,Audio&rating=4.5&price=1to2&tags=speech-to-text&owned=1");
  const Query back = parse_route(text).query;
  EXPECT_EQ(back.text, q.text);
  EXPECT_EQ(back.sort, q.sort);
  EXPECT_EQ(back.categories, q.categories);
  EXPECT_EQ(back.rating, q.rating);
  EXPECT_EQ(back.price, q.price);
  EXPECT_EQ(back.tags, q.tags);
  EXPECT_TRUE(back.owned_only);
  EXPECT_EQ(market_route(Query{}), "/market");
}

TEST(Route, UnknownOrBrokenParametersAreIgnored) {
  const Query q = parse_route("/market?sort=sideways&rating=9&price=free&zzz=1&q=%zz").query;
  EXPECT_EQ(q.sort, mm::core::SortKey::Trending);
  EXPECT_EQ(q.rating, mm::core::RatingFilter::All);
  EXPECT_EQ(q.price, mm::core::PriceBand::All);
  EXPECT_EQ(q.text, "%zz");
}

#include "app/market.h"
#include "app/session.h"
#include "memory_storage.h"
#include "platform/embedded_assets.h"

TEST(UsageExport, CsvHasAHeaderAndOneQuotedSafeRowPerCallAndSpendIsBucketedByDay) {
  mm::test::MemoryStorage storage;
  Session session(storage);
  Context ctx = Context::at(1'790'000'000'000);  // 2026-09-21T...Z
  session.load(mm::assets::catalog_json_text(), ctx);
  EXPECT_EQ(usage_csv(session.state()), "");
  ASSERT_TRUE(session.sign_in_verified("csv@example.org", "Csv", ctx).ok);
  ASSERT_TRUE(session.submit(Command::make("unlock", {{"slug", "quill-7b"}}), ctx).ok);
  ASSERT_TRUE(session.submit(Command::make("use", {{"slug", "quill-7b"}, {"tokens", 1000}}), ctx).ok);
  ctx.now_ms += 86'400'000;
  ASSERT_TRUE(session.submit(Command::make("use", {{"slug", "quill-7b"}, {"tokens", 2000}}), ctx).ok);
  const std::string csv = usage_csv(session.state());
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "time_utc,model,model_name,tokens,cost_ucr,cost");
  EXPECT_NE(csv.find("2026-09-21T"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",quill-7b,Quill 7B,1000,1200,$0.0012\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",quill-7b,Quill 7B,2000,2400,$0.0024\n"), std::string::npos) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
  const auto days = spend_per_day(session.state(), ctx.now_ms, 7);
  ASSERT_EQ(days.size(), 7u);
  EXPECT_EQ(days[5], 1200);
  EXPECT_EQ(days[6], 2400);
  EXPECT_EQ(days[0], 0);
}

// The defect: the whole hash went through decodeURIComponent before C++ decoded each value again, so "c++"
// came back as "c  " and "%" threw during start-up. Each value is decoded exactly once now.
TEST(Route, EveryCharacterClassRoundTripsThroughTheUrl) {
  for (const std::string text : {"c++", "r&d", "100%", "50% off", "#1", "a=b", "two  spaces", "naïve café", "日本語",
                                 "?&=#%+", "%zz", "%", "plus+and%2B"}) {
    Query q;
    q.text = text;
    q.categories = {text};
    q.tags = {text};
    const std::string route = market_route(q);
    EXPECT_EQ(route.find_first_of(" #"), std::string::npos) << route;  // nothing the URL would change
    const Query back = parse_route(route).query;
    EXPECT_EQ(back.text, text) << route;
    EXPECT_EQ(back.categories, q.categories) << route;
    EXPECT_EQ(back.tags, q.tags) << route;
    EXPECT_EQ(url_decode(url_encode(text)), text);
  }
  // What a browser or a person may write: %20 and + are spaces; a lone or broken % stays as it is.
  EXPECT_EQ(parse_route("/market?q=a%20b+c").query.text, "a b c");
  EXPECT_EQ(parse_route("/market?q=%").query.text, "%");
  EXPECT_EQ(parse_route("/market?q=%E6%97%A5").query.text, "日");
  EXPECT_EQ(parse_route("/model/quill%2D7b").slug, "quill-7b");
}

TEST(UsageExport, CellsASpreadsheetWouldRunAsFormulasStayText) {
  mm::test::MemoryStorage storage;
  Session session(storage);
  const Context ctx = Context::at(1'790'000'000'000);
  session.load(mm::assets::catalog_json_text(), ctx);
  ASSERT_TRUE(session.sign_in_verified("csv@example.org", "Csv", ctx).ok);
  int listed_count = 0;
  for (const std::string name : {"=HYPERLINK(\"http://evil\",\"x\")", "+SUM(1)", "-2+3", "@cmd"}) {
    const std::string slug_wanted = "formula-" + std::to_string(++listed_count);
    const json listed = session.submit(Command::make("listModel", {{"name", name}, {"slug", slug_wanted},
                                                                   {"category", "LLM"}, {"tags", "formula"}, {"price_per_1k_ucr", 10},
                                                                   {"latency_ms", 10}, {"description", "A formula-looking name."}}),
                                       ctx).to_json();
    ASSERT_TRUE(listed["ok"].get<bool>()) << listed.dump();
    const std::string slug = listed["slug"];
    ASSERT_TRUE(session.submit(Command::make("unlock", {{"slug", slug}}), ctx).ok);
    ASSERT_TRUE(session.submit(Command::make("use", {{"slug", slug}, {"tokens", 100}}), ctx).ok);
  }
  const std::string csv = usage_csv(session.state());
  EXPECT_NE(csv.find(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\","), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'+SUM(1),"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'-2+3,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'@cmd,"), std::string::npos) << csv;
  for (const char* bare : {",=", ",+", ",-", ",@"}) EXPECT_EQ(csv.find(bare), std::string::npos) << bare << "\n" << csv;
}
