// SPDX-License-Identifier: MIT
// What PayDesk adds on top of OpenSSL when it signs a request and verifies the
// answer, measured against raw EVP calls over the very same bytes in the same run.
//
//   sign_verify_bench            full run, then the PayDesk/raw ratios
//   sign_verify_bench --smoke    one iteration of each (ctest label "bench")
//
// The goal is PayDesk/raw <= 1.2 for sign + verify; the RSA private-key
// operation dominates, so anything above that is overhead worth hunting.

#include "crypto/certificate.h"
#include "crypto/privatekey.h"
#include "crypto/publickey.h"
#include "wechatpay/platformkeys.h"
#include "wechatpay/requestsigner.h"
#include "wechatpay/responsesigner.h"
#include "wechatpay/responseverifier.h"

#include <benchmark/benchmark.h>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <openssl/evp.h>
#include <ostream>
#include <string>
#include <vector>

using namespace paydesk;

namespace {

// One merchant, one platform, one Native order and its answer: built once.
struct Fixture
{
    PrivateKey merchantKey;
    PrivateKey platformKey;
    Certificate platformCertificate;
    PlatformKeys platformKeys;
    RequestSigner signer;

    QByteArray url = "/v3/pay/transactions/native";
    QByteArray requestBody;
    qint64 timestamp = 1700000000;
    QByteArray nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS";

    QByteArray responseBody;
    SignedHeaders responseHeaders;
    QDateTime now = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);

    // The same bytes as the PayDesk path signs and verifies.
    QByteArray requestMessage;
    QByteArray responseMessage;
    QByteArray responseSignature; // raw

    Fixture()
    {
        merchantKey = PrivateKey::generateRsa(2048).value();
        platformKey = PrivateKey::generateRsa(2048).value();
        Certificate::Options options;
        options.commonName = QStringLiteral("Tenpay.com Root CA");
        platformCertificate = Certificate::create(platformKey.publicKey(), platformKey, options).value();
        // A merchant mid-migration: a second (older) certificate and a public key too.
        const PrivateKey oldKey = PrivateKey::generateRsa(2048).value();
        platformKeys.addCertificate(Certificate::create(oldKey.publicKey(), oldKey, options).value());
        platformKeys.addCertificate(platformCertificate);
        platformKeys.setPublicKey(QStringLiteral("PUB_KEY_ID_0119000001092024052000000000000001"), oldKey.publicKey());
        signer = RequestSigner(QStringLiteral("1900000109"), QStringLiteral("5157F09EFDC096DE15EBE81A47057A7232D2AD56"),
                               merchantKey);

        // A realistic Native order, ~300 bytes.
        requestBody
            = QStringLiteral(
                  R"({"appid":"wxd678efh567hg6787","mchid":"1900000109","description":"门店收银 - 拿铁 x2",)"
                  R"("out_trade_no":"PD20240520132935A1B2C3","time_expire":"2024-05-20T15:29:35+08:00",)"
                  R"("attach":"till=3","notify_url":"https://pay.example.com/wechatpay/notify",)"
                  R"("amount":{"total":3600,"currency":"CNY"},"scene_info":{"payer_client_ip":"10.0.0.12","device_id":"TILL-03"}})")
                  .toUtf8();
        responseBody = R"({"code_url":"weixin://wxpay/bizpayurl?pr=p4lpSuKzz"})";
        const auto headers = ResponseSigner(platformCertificate.serialHex(), platformKey)
                                 .sign(responseBody, timestamp, "fJ3mZ8kQ2wT7yR1pL6vN0sB4xC9hD5gA");
        responseHeaders = SignedHeaders::fromHeaders(headers.value());

        requestMessage = RequestSigner::message("POST", url, timestamp, nonce, requestBody);
        responseMessage = ResponseVerifier::message(responseHeaders.timestamp, responseHeaders.nonce, responseBody);
        responseSignature = QByteArray::fromBase64(responseHeaders.signature);
    }
};

Fixture &fixture()
{
    static Fixture f;
    return f;
}

// ---- PayDesk --------------------------------------------------------------

void payDeskSign(benchmark::State &state)
{
    Fixture &f = fixture();
    for (auto _ : state) {
        auto header = f.signer.authorization("POST", f.url, f.requestBody, f.timestamp, f.nonce);
        benchmark::DoNotOptimize(header);
        if (!header.ok())
            state.SkipWithError("PayDesk sign failed");
    }
}

void payDeskVerify(benchmark::State &state)
{
    Fixture &f = fixture();
    const ResponseVerifier verifier(&f.platformKeys);
    for (auto _ : state) {
        auto result = verifier.verify(f.responseHeaders, f.responseBody, f.now);
        benchmark::DoNotOptimize(result);
        if (!result.ok())
            state.SkipWithError("PayDesk verify failed");
    }
}

void payDeskSignVerify(benchmark::State &state)
{
    Fixture &f = fixture();
    const ResponseVerifier verifier(&f.platformKeys);
    for (auto _ : state) {
        auto header = f.signer.authorization("POST", f.url, f.requestBody, f.timestamp, f.nonce);
        auto result = verifier.verify(f.responseHeaders, f.responseBody, f.now);
        benchmark::DoNotOptimize(header);
        benchmark::DoNotOptimize(result);
        if (!header.ok() || !result.ok())
            state.SkipWithError("PayDesk sign/verify failed");
    }
}

// ---- raw OpenSSL: the ordinary one-shot EVP calls, keys already loaded -----

bool rawSign(EVP_PKEY *key, const QByteArray &message, std::vector<unsigned char> &signature)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t length = signature.size();
    const bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1
        && EVP_DigestSign(ctx, signature.data(), &length, reinterpret_cast<const unsigned char *>(message.constData()),
                          size_t(message.size()))
            == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

bool rawVerify(EVP_PKEY *key, const QByteArray &message, const QByteArray &signature)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool ok = ctx && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1
        && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(signature.constData()),
                            size_t(signature.size()), reinterpret_cast<const unsigned char *>(message.constData()),
                            size_t(message.size()))
            == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

void rawOpenSslSign(benchmark::State &state)
{
    Fixture &f = fixture();
    std::vector<unsigned char> signature(512);
    for (auto _ : state) {
        if (!rawSign(f.merchantKey.handle(), f.requestMessage, signature))
            state.SkipWithError("raw sign failed");
        benchmark::DoNotOptimize(signature.data());
    }
}

void rawOpenSslVerify(benchmark::State &state)
{
    Fixture &f = fixture();
    const PublicKey key = f.platformKey.publicKey();
    for (auto _ : state) {
        const bool ok = rawVerify(key.handle(), f.responseMessage, f.responseSignature);
        benchmark::DoNotOptimize(ok);
        if (!ok)
            state.SkipWithError("raw verify failed");
    }
}

void rawOpenSslSignVerify(benchmark::State &state)
{
    Fixture &f = fixture();
    const PublicKey key = f.platformKey.publicKey();
    std::vector<unsigned char> signature(512);
    for (auto _ : state) {
        const bool signedOk = rawSign(f.merchantKey.handle(), f.requestMessage, signature);
        const bool verified = rawVerify(key.handle(), f.responseMessage, f.responseSignature);
        benchmark::DoNotOptimize(signature.data());
        benchmark::DoNotOptimize(verified);
        if (!signedOk || !verified)
            state.SkipWithError("raw sign/verify failed");
    }
}

// Console output as usual, plus the PayDesk/raw ratio of each pair at the end.
class RatioReporter : public benchmark::ConsoleReporter
{
public:
    // Plain text (no colour codes): the output usually ends up in a log or a report.
    explicit RatioReporter(bool showRatios) : ConsoleReporter(OO_Tabular), m_showRatios(showRatios) { }

    void ReportRuns(const std::vector<Run> &runs) override
    {
        ConsoleReporter::ReportRuns(runs);
        // The median of the repetitions when there are some, else the one run.
        for (const Run &run : runs) {
            if (run.error_occurred)
                continue;
            const std::string &name = run.run_name.function_name;
            const double toMicros = 1e6 / benchmark::GetTimeUnitMultiplier(run.time_unit);
            const Times times { run.GetAdjustedRealTime() * toMicros, run.GetAdjustedCPUTime() * toMicros };
            if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median")
                m_medians[name] = times;
            else if (run.run_type == Run::RT_Iteration)
                m_times[name] = times;
        }
    }

    void Finalize() override
    {
        ConsoleReporter::Finalize();
        std::ostream &out = GetOutputStream();
        if (!m_showRatios) {
            out << "\n(smoke run: one iteration each, no ratios)\n";
            return;
        }
        for (const auto &[name, time] : m_medians)
            m_times[name] = time;
        // CPU time too: on a busy machine (a parallel build) real time is the noisier one.
        out << "\nPayDesk / raw OpenSSL" << (m_medians.empty() ? "" : ", median of the repetitions")
            << ", goal <= 1.20:\n";
        for (const char *what : { "Sign", "Verify", "SignVerify" }) {
            const auto ours = m_times.find(std::string("PayDesk/") + what);
            const auto raw = m_times.find(std::string("RawOpenSSL/") + what);
            if (ours == m_times.end() || raw == m_times.end() || raw->second.real <= 0 || raw->second.cpu <= 0)
                continue;
            char line[160];
            std::snprintf(line, sizeof line,
                          "  %-11s real %8.1f us vs %8.1f us  ratio %.3f | cpu %8.1f us vs %8.1f us  ratio %.3f\n",
                          what, ours->second.real, raw->second.real, ours->second.real / raw->second.real,
                          ours->second.cpu, raw->second.cpu, ours->second.cpu / raw->second.cpu);
            out << line;
        }
        out.flush();
    }

private:
    struct Times
    {
        double real = 0; // microseconds
        double cpu = 0;
    };
    std::map<std::string, Times> m_times;
    std::map<std::string, Times> m_medians;
    bool m_showRatios = true;
};

} // namespace

int main(int argc, char **argv)
{
    bool smoke = false;
    std::vector<char *> args;
    for (int i = 0; i < argc; ++i) {
        if (std::strcmp(argv[i], "--smoke") == 0)
            smoke = true;
        else
            args.push_back(argv[i]);
    }
    int count = int(args.size());

    fixture(); // key generation stays out of the timings
    const std::pair<const char *, void (*)(benchmark::State &)> benches[] = {
        { "PayDesk/Sign", payDeskSign },
        { "RawOpenSSL/Sign", rawOpenSslSign },
        { "PayDesk/Verify", payDeskVerify },
        { "RawOpenSSL/Verify", rawOpenSslVerify },
        { "PayDesk/SignVerify", payDeskSignVerify },
        { "RawOpenSSL/SignVerify", rawOpenSslSignVerify },
    };
    for (const auto &[name, function] : benches) {
        auto *bench = benchmark::RegisterBenchmark(name, function)->Unit(benchmark::kMicrosecond);
        if (smoke)
            bench->Iterations(1);
        else
            bench->Repetitions(5)->ReportAggregatesOnly(false);
    }

    benchmark::Initialize(&count, args.data());
    if (benchmark::ReportUnrecognizedArguments(count, args.data()))
        return 1;
    RatioReporter reporter(!smoke);
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
