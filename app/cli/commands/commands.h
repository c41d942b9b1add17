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
std::unique_ptr<Command> makeSaleCodePayCommand();
std::unique_ptr<Command> makeSaleCombineCommand();
std::unique_ptr<Command> makeSaleRefundCommand();
std::unique_ptr<Command> makeOrderWaitCommand();
std::unique_ptr<Command> makeRecoverCommand();
std::unique_ptr<Command> makeDbCheckCommand();
std::unique_ptr<Command> makeDbBackupCommand();
std::unique_ptr<Command> makeAuditVerifyCommand();
std::unique_ptr<Command> makeHistoryCommand();
// Reconciliation with the trade bill, X/Z reports (docs/reconciliation.md).
std::unique_ptr<Command> makeReconcileCommand();
std::unique_ptr<Command> makeReportXCommand();
std::unique_ptr<Command> makeReportZCommand();
// Named users with PINs of their own (usercommands.cpp).
std::unique_ptr<Command> makeUserAddCommand();
std::unique_ptr<Command> makeUserPinCommand();
// A sale and a refund against a built-in sandbox, in a temporary folder.
std::unique_ptr<Command> makeSelfTestCommand();
// Receipts (docs/receipts.md).
std::unique_ptr<Command> makeReceiptPdfCommand();
std::unique_ptr<Command> makeReceiptVerifyCommand();
std::unique_ptr<Command> makeReceiptPrintCommand();
// Secrets: the merchant key and APIv3 key in the OS keychain or the encrypted file.
std::unique_ptr<Command> makeSecretsImportCommand();
std::unique_ptr<Command> makeSecretsCheckCommand();
// PayDesk HQ: enrolment and the outbox (docs/hq.md).
std::unique_ptr<Command> makeHqEnrollCommand();
std::unique_ptr<Command> makeHqSyncCommand();
std::unique_ptr<Command> makeHqStatusCommand();
std::unique_ptr<Command> makeHqReportCommand();

} // namespace paydesk::cli
