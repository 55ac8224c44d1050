#pragma once
// pumprig's exit codes, the same for every command (the session computes a run's; the CLI returns them).
#include "rig/record/run_verdict.hpp"

namespace pumprig {
inline constexpr int kExitPass = 0;        // every verdict passes
inline constexpr int kExitFail = 1;        // a verdict fails (or is inconclusive)
inline constexpr int kExitUsage = 2;       // usage or configuration error: nothing moved
inline constexpr int kExitAborted = 3;     // the run was aborted (device fault, signal, operator)
// verify: the run folder was never sealed (a killed run), neither vouched for nor tampered.
inline constexpr int kExitUnsealed = 4;
// compare: the same code when nothing could be judged (no metric of the runs has a tolerance).
inline constexpr int kExitCannotJudge = 4;

// The exit code of a run's overall verdict: inconclusive is not a pass; measured (no limits, so
// nothing was judged) is 0, since nothing failed either.
constexpr int exit_code_for(OverallVerdict outcome) {
  switch (outcome) {
    case OverallVerdict::pass:
    case OverallVerdict::measured: return kExitPass;
    case OverallVerdict::fail:
    case OverallVerdict::inconclusive: return kExitFail;
    case OverallVerdict::aborted: return kExitAborted;
  }
  return kExitFail;
}
}  // namespace pumprig
