// SPDX-License-Identifier: MIT
// The cashier's whole window in training mode, as the GUI tests drive it: the
// in-process sandbox with its training merchant, a PaymentTerminal on a real
// SQLite file (polling fast, so tests are quick), settings, PINs and the main
// window, shown.
#pragma once

#include "config/pinvault.h"
#include "payments/paymentterminal.h"
#include "settings/appsettings.h"
#include "shell/mainwindow.h"
#include "shell/trainingenvironment.h"

#include <QDir>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace paydesk::testing {

struct TrainingShell
{
    QTemporaryDir dir;
    std::unique_ptr<ui::TrainingEnvironment> training;
    std::unique_ptr<PaymentTerminal> terminal;
    std::unique_ptr<ui::AppSettings> settings;
    std::unique_ptr<PinVault> pins;
    std::unique_ptr<ui::MainWindow> window;

    // `configure` sets the settings before the window reads them.
    explicit TrainingShell(bool backgroundWork = false,
                           const std::function<void(ui::AppSettings &)> &configure = {})
    {
        auto env = ui::TrainingEnvironment::start(dir.filePath(QStringLiteral("training")));
        if (!env)
            qFatal("training mode did not start: %s", qPrintable(env.error().message));
        training = std::move(env).value();
        settings = std::make_unique<ui::AppSettings>(dir.filePath(QStringLiteral("settings.ini")));
        if (configure)
            configure(*settings);
        open(backgroundWork);
    }

    // The till goes down (window, terminal and everything under way gone; the
    // store and the training sandbox stay) and starts again, as after a crash.
    void restart(bool backgroundWork = true)
    {
        window.reset();
        pins.reset();
        terminal.reset();
        open(backgroundWork);
    }

private:
    void open(bool backgroundWork)
    {
        PaymentTerminal::Options options;
        options.databasePath = training->databasePath();
        options.baseUrl = training->baseUrl();
        options.timeoutMs = 3000;
        options.paymentPolling = BackoffPolicy { 50, 1.5, 200, 0.1, 0, 0 };
        auto opened = PaymentTerminal::open(training->profile(), training->credentials(), options);
        if (!opened)
            qFatal("terminal did not open: %s", qPrintable(opened.error().message));
        terminal = std::move(opened).value();
        pins = std::make_unique<PinVault>(terminal->database(), terminal->audit());
        ui::MainWindow::Context context;
        context.terminal = terminal.get();
        context.settings = settings.get();
        context.pins = pins.get();
        context.training = training.get();
        context.profilePath = QDir(training->folder()).filePath(QStringLiteral("paydesk.json"));
        context.cashier = QStringLiteral("test-cashier");
        window = std::make_unique<ui::MainWindow>(context);
        window->show();
        if (backgroundWork)
            terminal->startBackgroundWork();
    }
};

} // namespace paydesk::testing
