//===- IsolatedRun.cpp - run a case in a forked child with a time limit ---===//
//
// The parent never creates an MLIR context or a thread, so forking is safe;
// all compiler and JIT work happens in the child, which sends its report
// line back through a pipe. A signal or a timeout becomes a FAIL line.
//
//===----------------------------------------------------------------------===//

#include "tools/dlc-run/CaseRunner.h"

#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

void writeAll(int fd, const std::string &text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    done += static_cast<size_t>(n);
  }
}

/// In the child: keep stdout for the parent's report lines; send the
/// compiler's and the model's chatter to stderr, or nowhere unless verbose.
void redirectChildOutput(bool verbose) {
  int target = verbose ? ::dup(STDERR_FILENO) : ::open("/dev/null", O_WRONLY);
  if (target < 0)
    return;
  ::dup2(target, STDOUT_FILENO);
  if (!verbose)
    ::dup2(target, STDERR_FILENO);
  ::close(target);
}

[[noreturn]] void runChild(int fd, const std::string &caseDir,
                           const dlc::RunOptions &options) {
  redirectChildOutput(options.verbose);
  dlc::CaseResult result = dlc::runCase(caseDir, options);
  std::string line = result.line;
  for (char &ch : line)
    if (ch == '\n' || ch == '\r')
      ch = ' ';
  writeAll(fd, std::to_string(static_cast<int>(result.status)) + line);
  ::close(fd);
  llvm::errs().flush();
  // Skip static destructors: the parent owns the process's shared state.
  ::_exit(0);
}

/// Reads everything from `fd` until EOF or `timeoutSeconds`; false on timeout.
bool readUntilEof(int fd, unsigned timeoutSeconds, std::string &out) {
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::seconds(timeoutSeconds);
  char buf[4096];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0)
      return false;
    pollfd p = {fd, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready == 0)
      return false;
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return true;
    out.append(buf, static_cast<size_t>(n));
  }
}

} // namespace

dlc::CaseResult dlc::runCaseIsolated(const std::string &caseDir,
                                     const RunOptions &options) {
  std::string name = caseName(caseDir);
  auto failed = [&](const std::string &why) {
    return CaseResult{CaseStatus::Fail, "FAIL " + name + ": " + why};
  };
  int fds[2];
  if (::pipe(fds) != 0)
    return failed("cannot create a pipe");
  std::fflush(nullptr);
  llvm::outs().flush();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return failed("cannot fork");
  }
  if (pid == 0) {
    ::close(fds[0]);
    runChild(fds[1], caseDir, options);
  }
  ::close(fds[1]);
  std::string report;
  bool finished = readUntilEof(fds[0], options.timeoutSeconds, report);
  ::close(fds[0]);
  if (!finished)
    ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (!finished)
    return failed("timed out after " + std::to_string(options.timeoutSeconds) +
                  " s");
  if (WIFSIGNALED(status))
    return failed("crashed (signal " + std::to_string(WTERMSIG(status)) + ")");
  if (report.size() < 2 || report[0] < '0' || report[0] > '2')
    return failed("the child exited with status " +
                  std::to_string(WEXITSTATUS(status)) + " without a report");
  return {static_cast<CaseStatus>(report[0] - '0'), report.substr(1)};
}
