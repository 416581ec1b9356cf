#include "platform/file_storage.h"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mm::platform {
namespace {

bool write_all(int fd, std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// rename(2), replacing `to` if it exists. Emscripten 3.1.6's FS.rename leaves a replaced file in its name
// lookup table, so once the new file is later removed or renamed, the *old* contents come back under that
// name (found by open, not by readdir). Removing `to` first avoids it; in the browser the files live in
// memory and reach IndexedDB only as a whole afterwards, so nothing is less atomic there.
bool rename_over(const std::string& from, const std::string& to) {
#ifdef __EMSCRIPTEN__
  ::unlink(to.c_str());
#endif
  return std::rename(from.c_str(), to.c_str()) == 0;
}

}  // namespace

FileStorage::FileStorage(std::string root, std::function<void()> on_durable)
    : root_(std::move(root)), on_durable_(std::move(on_durable)) {
  ::mkdir(root_.c_str(), 0755);
}

std::string FileStorage::path(std::string_view name) const { return root_ + "/" + std::string(name); }

std::optional<std::string> FileStorage::read(std::string_view name) {
  std::FILE* file = std::fopen(path(name).c_str(), "rb");
  if (!file) return std::nullopt;
  std::string bytes;
  char buffer[16384];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) bytes.append(buffer, n);
  std::fclose(file);
  return bytes;
}

void FileStorage::fail_next_write(std::string name_prefix, Step step) {
  fault_armed_ = true;
  fault_prefix_ = std::move(name_prefix);
  fault_step_ = step;
}

bool FileStorage::fault_hits(std::string_view name, Step step) {
  if (!fault_armed_ || fault_step_ != step || name.substr(0, fault_prefix_.size()) != fault_prefix_) return false;
  fault_armed_ = false;
  return true;
}

std::vector<std::string> FileStorage::take_changed() {
  std::vector<std::string> out(changed_.begin(), changed_.end());
  changed_.clear();
  return out;
}

bool FileStorage::write_atomic(std::string_view name, std::string_view bytes) {
  changed_.emplace(name);
  const std::string final_path = path(name), tmp_path = final_path + ".tmp";
  const int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return false;
  const bool written = fault_hits(name, Step::Bytes) ? (write_all(fd, bytes.substr(0, bytes.size() / 2)), false)
                                                     : write_all(fd, bytes);
  const bool flushed = written && !fault_hits(name, Step::Sync) && ::fsync(fd) == 0;
  ::close(fd);
  if (!flushed || fault_hits(name, Step::Rename) || !rename_over(tmp_path, final_path)) {
    std::remove(tmp_path.c_str());
    return false;
  }
  return true;
}

bool FileStorage::append(std::string_view name, std::string_view bytes) {
  changed_.emplace(name);
  const int fd = ::open(path(name).c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) return false;
  struct stat before {};
  if (::fstat(fd, &before) != 0) {
    ::close(fd);
    return false;
  }
  bool ok = (fault_hits(name, Step::Bytes) ? (write_all(fd, bytes.substr(0, bytes.size() / 2)), false)
                                            : write_all(fd, bytes));
  ok = ok && !fault_hits(name, Step::Sync) && ::fsync(fd) == 0;
  // All or nothing: a torn or unflushed append is cut back, so a record that was refused never reappears
  // on the next load.
  if (!ok && ::ftruncate(fd, before.st_size) != 0) ok = false;  // nothing more can be done; the load will tell
  ::close(fd);
  return ok;
}

bool FileStorage::set_aside(std::string_view name, std::string_view suffix) {
  const std::string from = path(name), to = from + ".corrupt-" + std::string(suffix);
  changed_.emplace(name);
  changed_.emplace(std::string(name) + ".corrupt-" + std::string(suffix));
  return rename_over(from, to);
}

bool FileStorage::remove(std::string_view name) {
  changed_.emplace(name);
  return std::remove(path(name).c_str()) == 0 || errno == ENOENT;
}

void FileStorage::make_durable() {
  if (on_durable_) on_durable_();
}

}  // namespace mm::platform
