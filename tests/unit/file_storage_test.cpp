#include "platform/file_storage.h"

#include <gtest/gtest.h>

#include "test_support.h"

using mm::platform::FileStorage;

TEST(FileStorage, MissingFilesReadAsNothing) {
  FileStorage storage(mm::test::fresh_directory("fs"));
  EXPECT_FALSE(storage.read("nope"));
}

TEST(FileStorage, AtomicWriteReplacesTheWholeFileAndLeavesNoTemporary) {
  FileStorage storage(mm::test::fresh_directory("fs"));
  ASSERT_TRUE(storage.write_atomic("a", "first version, longer"));
  ASSERT_TRUE(storage.write_atomic("a", "second"));
  EXPECT_EQ(storage.read("a"), "second");
  EXPECT_FALSE(storage.read("a.tmp"));
}

TEST(FileStorage, AppendAddsToTheEnd) {
  FileStorage storage(mm::test::fresh_directory("fs"));
  ASSERT_TRUE(storage.append("log", "one\n"));
  ASSERT_TRUE(storage.append("log", "two\n"));
  EXPECT_EQ(storage.read("log"), "one\ntwo\n");
}

TEST(FileStorage, SetAsideKeepsTheBytesUnderANewName) {
  FileStorage storage(mm::test::fresh_directory("fs"));
  ASSERT_TRUE(storage.write_atomic("journal", "bytes"));
  ASSERT_TRUE(storage.set_aside("journal", "123"));
  EXPECT_FALSE(storage.read("journal"));
  EXPECT_EQ(storage.read("journal.corrupt-123"), "bytes");
}

TEST(FileStorage, WritesIntoAMissingFolderFail) {
  FileStorage storage(mm::test::fresh_directory("fs") + "/no/such/folder");
  EXPECT_FALSE(storage.write_atomic("a", "x"));
  EXPECT_FALSE(storage.append("a", "x"));
}
