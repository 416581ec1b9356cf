#include "app/command.h"

#include <gtest/gtest.h>

#include "app/dispatch.h"

using namespace mm::app;

TEST(Command, RoundTripsThroughJson) {
  const json in = {{"type", "use"}, {"id", "c-1"}, {"slug", "quill-7b"}, {"tokens", 1000}};
  const Command cmd = Command::from_json(in);
  EXPECT_EQ(cmd.type, "use");
  EXPECT_EQ(cmd.id, "c-1");
  EXPECT_EQ(cmd.args, (json{{"slug", "quill-7b"}, {"tokens", 1000}}));
  EXPECT_EQ(cmd.to_json(), in);
}

TEST(Command, NonObjectsAndMissingTypesAreRefusedReadably) {
  AppState state;
  for (const json& bad : {json(nullptr), json(3), json::array(), json{{"type", 7}}, json::object()}) {
    const Result r = dispatch(state, Command::from_json(bad), Context{}, nullptr);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, "invalid_command") << bad;
    EXPECT_FALSE(r.message.empty());
  }
}

TEST(Command, UnknownTypesSayWhichCommandWasMeant) {
  AppState state;
  const Result r = dispatch(state, Command::from_json({{"type", "teleport"}}), Context{}, nullptr);
  EXPECT_EQ(r.error, "unknown_command");
  EXPECT_NE(r.message.find("teleport"), std::string::npos);
}

TEST(Command, ResultsSerializeAsTheAutomationApiPromises) {
  EXPECT_EQ(Result::success({{"route", "/market"}}).to_json(), (json{{"ok", true}, {"route", "/market"}}));
  EXPECT_EQ(Result::failure("not_owned", "Unlock it first.").to_json(),
            (json{{"ok", false}, {"error", "not_owned"}, {"message", "Unlock it first."}}));
}
