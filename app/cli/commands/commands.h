// SPDX-License-Identifier: MIT
// The commands of paydesk-cli, one small file each.
#pragma once

#include "command.h"

#include <memory>

namespace paydesk::cli {

std::unique_ptr<Command> makeConfigCheckCommand();
std::unique_ptr<Command> makeConfigShowCommand();
std::unique_ptr<Command> makeCertsCommand();
std::unique_ptr<Command> makeOrderNativeCommand();
std::unique_ptr<Command> makeOrderCombineCommand();
std::unique_ptr<Command> makeOrderQueryCommand();
std::unique_ptr<Command> makeOrderCloseCommand();
std::unique_ptr<Command> makeRefundCreateCommand();
std::unique_ptr<Command> makeRefundQueryCommand();
std::unique_ptr<Command> makeBillDownloadCommand();
std::unique_ptr<Command> makeNotifyDecodeCommand();

} // namespace paydesk::cli
