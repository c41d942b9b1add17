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
std::unique_ptr<Command> makeNotifyListenCommand();
// Store-backed: they write to and read from the terminal's database.
std::unique_ptr<Command> makeSaleNativeCommand();
std::unique_ptr<Command> makeSaleCombineCommand();
std::unique_ptr<Command> makeSaleRefundCommand();
std::unique_ptr<Command> makeOrderWaitCommand();
std::unique_ptr<Command> makeRecoverCommand();
std::unique_ptr<Command> makeDbCheckCommand();
std::unique_ptr<Command> makeDbBackupCommand();
std::unique_ptr<Command> makeAuditVerifyCommand();
std::unique_ptr<Command> makeHistoryCommand();

} // namespace paydesk::cli
