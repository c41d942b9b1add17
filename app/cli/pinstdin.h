// SPDX-License-Identifier: MIT
#pragma once

#include "clicontext.h"

namespace paydesk::cli {

// A PIN from the first line of standard input (--pin-stdin), never from the
// command line, where `ps` and the shell history would keep it.
Result<QString, CliError> readPinFromStdin();

} // namespace paydesk::cli
