// SPDX-License-Identifier: MIT
// Charge (Enter) → QR code visible, through the real main window in training
// mode against the in-process sandbox, over N sales (default 200): p50 and p99,
// against the baseline of the same sale made by PaymentService alone (store the
// order, sign, send, verify the answer) in the same run, so the figure says
// what the widgets add. Then cold start to a usable window and idle memory of
// `paydesk --measure-startup --training`, against an empty Qt window started
// the same way.
// Run: QT_QPA_PLATFORM=offscreen gui_timing [sales] [path/to/paydesk]

#include "config/pinvault.h"
#include "payments/paymentterminal.h"
#include "sale/chargeview.h"
#include "sale/paymentdialog.h"
#include "settings/appsettings.h"
#include "shell/mainwindow.h"
#include "shell/trainingenvironment.h"
#include "store/orderrepository.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace paydesk;
using namespace paydesk::ui;

namespace {

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t at = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
    return values[at];
}

// Waits (running the event loop) until `done` or 10 s; returns the elapsed ms.
template<typename F>
double waitFor(F done)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return double(timer.nsecsElapsed()) / 1e6;
}

struct Startup
{
    double ms = 0;
    double rssMiB = 0;
};

// Wall time from starting the process to its "usable" line (so loading the
// libraries counts), and the resident memory it reports after idling.
Startup runStartup(const QString &program, const QStringList &arguments)
{
    std::vector<double> times;
    std::vector<double> memory;
    for (int i = 0; i < 5; ++i) {
        QProcess process;
        QElapsedTimer timer;
        timer.start();
        process.start(program, arguments);
        if (!process.waitForReadyRead(60000))
            continue;
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
        process.waitForFinished(60000);
        const QList<QByteArray> lines = process.readAllStandardOutput().split('\n');
        for (const QByteArray &line : lines) {
            const QJsonObject out = QJsonDocument::fromJson(line).object();
            if (out.contains(QLatin1String("idle_rss_kib")))
                memory.push_back(out.value(QLatin1String("idle_rss_kib")).toDouble() / 1024.0);
        }
    }
    return { percentile(times, 0.5), percentile(memory, 0.5) };
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    const QStringList args = app.arguments();

    if (args.contains(QStringLiteral("--empty-window"))) {
        // The baseline for cold start: Qt itself showing a window, measured the same way.
        QMainWindow window;
        window.resize(1180, 760);
        window.show();
        QTimer::singleShot(0, &app, [&] {
            std::printf("{\"startup_ms\":%lld}\n", static_cast<long long>(sinceStart.elapsed()));
            std::fflush(stdout);
            QTimer::singleShot(2000, &app, [&] {
                QFile status(QStringLiteral("/proc/self/status"));
                qint64 rss = 0;
                if (status.open(QIODevice::ReadOnly)) {
                    for (const QByteArray &line : status.readAll().split('\n'))
                        if (line.startsWith("VmRSS:"))
                            rss = line.mid(6).trimmed().split(' ').value(0).toLongLong();
                }
                std::printf("{\"idle_rss_kib\":%lld}\n", static_cast<long long>(rss));
                std::fflush(stdout);
                app.quit();
            });
        });
        return app.exec();
    }

    const int sales = args.size() > 1 ? args.at(1).toInt() : 200;
    QTemporaryDir dir;
    auto env = TrainingEnvironment::start(dir.filePath(QStringLiteral("training")));
    if (!env) {
        std::fprintf(stderr, "training: %s\n", qPrintable(env.error().message));
        return 1;
    }
    PaymentTerminal::Options options;
    options.databasePath = (*env)->databasePath();
    options.baseUrl = (*env)->baseUrl();
    auto terminal = PaymentTerminal::open((*env)->profile(), (*env)->credentials(), options);
    if (!terminal) {
        std::fprintf(stderr, "terminal: %s\n", qPrintable(terminal.error().message));
        return 1;
    }
    PaymentTerminal *t = terminal->get();

    // Baseline: the same sale without widgets.
    std::vector<double> bare;
    for (int i = 0; i < sales; ++i) {
        QString codeUrl;
        QElapsedTimer timer;
        timer.start();
        auto no = t->payments()->startNativeSale(100 + i, QStringLiteral("bench"), QStringLiteral("bench"));
        if (!no)
            return 1;
        waitFor([&] { return !t->orders()->find(*no)->codeUrl.isEmpty(); });
        bare.push_back(double(timer.nsecsElapsed()) / 1e6);
        t->payments()->cancel(*no);
    }

    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    PinVault pins(t->database(), t->audit());
    MainWindow::Context context;
    context.terminal = t;
    context.settings = &settings;
    context.pins = &pins;
    context.training = env->get();
    MainWindow window(context);
    window.show();
    (void)QTest::qWaitForWindowExposed(&window);

    std::vector<double> gui;
    for (int i = 0; i < sales; ++i) {
        QTest::keyClicks(window.chargeView(), QString::number(1 + i % 90));
        QElapsedTimer timer;
        timer.start();
        QTest::keyClick(window.chargeView(), Qt::Key_Return);
        waitFor([&] {
            PaymentDialog *d = window.paymentDialog();
            return d && d->isVisible() && !d->qrPayload().isEmpty();
        });
        gui.push_back(double(timer.nsecsElapsed()) / 1e6);
        PaymentDialog *d = window.paymentDialog();
        (void)(*env)->customer(QStringLiteral("pay"), d->outTradeNo());
        waitFor([&] { return isPaid(d->state()); });
        QTest::keyClick(d, Qt::Key_Return);
        waitFor([&] { return !window.paymentDialog(); });
    }

    std::printf("charge → QR visible over %d sales (ms)\n", sales);
    std::printf("  PaymentService alone (baseline): p50 %.2f  p99 %.2f\n", percentile(bare, 0.5), percentile(bare, 0.99));
    std::printf("  main window, Enter → QR shown:   p50 %.2f  p99 %.2f   (%.2fx / %.2fx the baseline)\n",
                percentile(gui, 0.5), percentile(gui, 0.99), percentile(gui, 0.5) / percentile(bare, 0.5),
                percentile(gui, 0.99) / percentile(bare, 0.99));

    const QString paydesk = args.size() > 2 ? args.at(2) : QString();
    if (!paydesk.isEmpty()) {
        QTemporaryDir startDir;
        const Startup empty = runStartup(QCoreApplication::applicationFilePath(), { QStringLiteral("--empty-window") });
        const Startup real = runStartup(paydesk, { QStringLiteral("--measure-startup"), QStringLiteral("--training-dir"),
                                                   startDir.filePath(QStringLiteral("t")), QStringLiteral("--settings"),
                                                   startDir.filePath(QStringLiteral("s.ini")) });
        std::printf("cold start to usable window (median of 5): empty Qt window %.0f ms, PayDesk training %.0f ms (%.2fx)\n",
                    empty.ms, real.ms, real.ms / std::max(1.0, empty.ms));
        std::printf("idle resident memory: empty Qt window %.1f MiB, PayDesk training %.1f MiB (%.2fx)\n", empty.rssMiB,
                    real.rssMiB, real.rssMiB / std::max(0.1, empty.rssMiB));
    }
    return 0;
}
